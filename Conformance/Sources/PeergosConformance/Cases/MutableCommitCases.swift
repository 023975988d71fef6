import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats

/// `setPointers`: several writers' updates in one commit, all applied or none
/// (Spec/http.md#mutable, Spec/mutable.md#refusals).
enum MutableCommitCases {
    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "mutable.setPointers.applies-valid-commit", "A commit of two valid updates (two writers) is accepted and both are read back",
                level: .must, spec: "http.md#mutable", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let (id, second) = try await writers(ctx)
                let (a, b) = (try await PointerSupport.read(ctx, id), try await PointerSupport.read(ctx, second))
                let ta = try await PointerSupport.newTargets(ctx, id, from: a)[0]
                let tb = try await PointerSupport.newTargets(ctx, second, from: b)[0]
                let sa = PointerSupport.next(id, a, to: ta), sb = PointerSupport.next(second, b, to: tb)
                let r = try await PointerSupport.setPointers(ctx, owner: id.owner, [(second.writer, sb), (id.writer, sa)])
                try ctx.expectBool(r, true, "setPointers of two valid updates")
                try ctx.expect(try await PointerSupport.read(ctx, id).signed == sa, "the identity's pointer is not the committed update")
                try ctx.expect(try await PointerSupport.read(ctx, second).signed == sb, "the second writer's pointer is not the committed update")
            },
            ConformanceCase(
                "mutable.setPointers.refuses-commit-with-lost-race",
                "A commit whose second update has a wrong original is refused with PointerCAS and applies neither update",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let (id, second) = try await writers(ctx)
                let (a, b) = (try await PointerSupport.read(ctx, id), try await PointerSupport.read(ctx, second))
                let ta = try await PointerSupport.newTargets(ctx, id, from: a)[0]
                let tb = try await PointerSupport.newTargets(ctx, second, from: b)[0]
                let good = PointerSupport.next(second, b, to: tb)
                let stale = PointerSupport.sign(id.key, original: try PointerSupport.randomCid(), updated: ta, sequence: (a.update?.sequence ?? 0) + 1)
                let r = try await PointerSupport.setPointers(ctx, owner: id.owner, [(second.writer, good), (id.writer, stale)])
                try ctx.expectRefusal(r, containing: "PointerCAS", "a commit with a stale update")
                try await PointerSupport.expectUnchanged(ctx, second, b, "the commit was refused (its valid update must not be applied alone)")
                try await PointerSupport.expectUnchanged(ctx, id, a, "the commit was refused")
            },
            ConformanceCase(
                "mutable.setPointers.refuses-commit-with-forged-update",
                "A commit whose second update is not signed by its writer is answered false and applies neither update",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                // The forged update is for the writer reserved for forgeries (see PointerSupport.extraWriters).
                let extra = try await PointerSupport.extraWriters(ctx)
                let (id, second) = (extra.forge, extra.second)
                let (a, b) = (try await PointerSupport.read(ctx, id), try await PointerSupport.read(ctx, second))
                let ta = try await PointerSupport.newTargets(ctx, id, from: a)[0]
                let tb = try await PointerSupport.newTargets(ctx, second, from: b)[0]
                let good = PointerSupport.next(second, b, to: tb)
                let forger = PointerWriter(owner: id.owner, key: try SigningKeyPair.random(using: SystemRandom.shared))
                let forged = PointerSupport.next(forger, a, to: ta)
                let r = try await PointerSupport.setPointers(ctx, owner: id.owner, [(second.writer, good), (id.writer, forged)])
                try ctx.expectBool(r, false, "setPointers with a forged update")
                try await PointerSupport.expectUnchanged(ctx, second, b, "the commit was answered false (its valid update must not be applied alone)")
                try await PointerSupport.expectUnchanged(ctx, id, a, "the commit was answered false")
            },
            ConformanceCase(
                "mutable.setPointers.refuses-unregistered-writer",
                "A commit with an update from a key no signed-up user owns is refused with upstream's message",
                level: .must, spec: "http.md#authorisation", tags: [.mutating]
            ) { ctx in
                let owner = try await PointerSupport.identityWriter(ctx).owner
                let key = try SigningKeyPair.random(using: SystemRandom.shared)
                let w = PointerWriter(owner: owner, key: key)
                let r = try await PointerSupport.setPointers(ctx, owner: owner, [(w.writer, PointerSupport.sign(key, original: nil, updated: try PointerSupport.randomCid(), sequence: 1))])
                try ctx.expectRefusal(r, containing: "Key not allowed to write", "setPointers of an unregistered writer")
                try ctx.expect(try await PointerSupport.read(ctx, w).signed == nil, "the unregistered writer has a pointer after the refusal")
            },
            ConformanceCase(
                "mutable.setPointers.refuses-malformed-commit", "A setPointers body that is not a MultiWriterCommit is refused with a message",
                level: .must, spec: "http.md#mutable", tags: [.readOnly]
            ) { ctx in
                let owner = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let r = try await ctx.post("peergos/v0/mutable/setPointers", query: [("owner", owner.description)], body: [0xa1, 0x61, 0x70, 0x05])
                try ctx.expectRefusal(r, "a commit {p: 5}")
            },
        ]
    }

    /// The pointer account's identity and its second writer (which has a pointer).
    static func writers(_ ctx: CaseContext) async throws -> (PointerWriter, PointerWriter) {
        let id = try await PointerSupport.identityWriter(ctx)
        return (id, try await PointerSupport.extraWriters(ctx).second)
    }
}
