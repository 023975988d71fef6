import Foundation
import PeergosCBOR
import PeergosClient
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// Area `mutable`: reading pointers, and the signed compare-and-swap rules of `setPointer` and
/// `setPointers` (Spec/http.md#mutable, Spec/mutable.md, PEERGOS-FACTS §12 items 1–6 and 19).
/// The cases that move pointers move those of one throw-away account (``PointerSupport``) and
/// share one serial group; each refusal case also checks that the pointer did not move.
enum MutableCases {
    static var all: [ConformanceCase] { reading + MutableWriteCases.all + MutableRefusalCases.all + MutableCommitCases.all }

    static var reading: [ConformanceCase] {
        [
            ConformanceCase(
                "mutable.getPointer.absent-is-empty", "getPointer of a writer without a pointer answers 200 with an empty body",
                level: .must, spec: "http.md#mutable", tags: [.readOnly]
            ) { ctx in
                let owner = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let writer = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", owner.description), ("writer", writer.description)])
                try ctx.expectStatus(r, 200, "getPointer of an unknown writer")
                try ctx.expect(r.body.isEmpty, "getPointer of an unknown writer should answer an empty body, got \(r.body.count) bytes")
            },
            ConformanceCase(
                "mutable.getPointer.answers-signed-writer-data",
                "getPointer of a user's identity answers an update signed by it, pointing to a WriterData it controls",
                level: .must, spec: "http.md#mutable", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let id = try await ctx.client().api.publicKey(username: user) else { throw ctx.fail("getPublicKey does not know the probe user \(user)") }
                let state = try await PointerSupport.read(ctx, owner: id, writer: id)
                guard let update = state.update, let target = update.updated else { throw ctx.fail("\(user)'s identity has no pointer (or points nowhere)") }
                let data = try await PointerSupport.writerData(ctx, owner: id, target)
                try ctx.expect(data.controller == id, "\(user)'s identity WriterData has controller \(data.controller), not the identity \(id)")
                if let sequence = update.sequence { try ctx.expect(sequence >= 1, "the pointer's sequence is \(sequence); sequences start at 1") }
            },
            ConformanceCase(
                "mutable.getPointer.refuses-missing-writer", "getPointer without a writer parameter is refused with a message",
                level: .must, spec: "http.md#errors", tags: [.readOnly]
            ) { ctx in
                let owner = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", owner.description)])
                try ctx.expectRefusal(r, "getPointer without writer")
            },
        ]
    }
}

/// Accepted pointer moves: one update, parallel updates from the same base.
enum MutableWriteCases {
    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "mutable.setPointer.accepts-valid-update",
                "A correctly signed next update is accepted and read back byte for byte, its original the previous target and its sequence the previous + 1",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let w = try await PointerSupport.identityWriter(ctx)
                let before = try await PointerSupport.read(ctx, w)
                guard let previous = before.update else { throw ctx.fail("the new account's identity has no pointer") }
                let target = try await PointerSupport.newTargets(ctx, w, from: before)[0]
                let signed = PointerSupport.next(w, before, to: target)
                let r = try await PointerSupport.setPointer(ctx, w, body: signed)
                try ctx.expectBool(r, true, "setPointer of a valid update")
                let after = try await PointerSupport.read(ctx, w)
                try ctx.expect(after.signed == signed, "getPointer after an accepted update should answer exactly that signed update")
                try ctx.expect(after.update?.original == previous.updated, "the stored update's original is not the previous target")
                try ctx.expect(after.update?.sequence == (previous.sequence ?? 0) + 1, "the stored sequence is not the previous + 1")
            },
            ConformanceCase(
                "mutable.setPointer.one-parallel-writer-wins",
                "Of 8 concurrent updates from the same base with different targets exactly one is accepted, the others lose with PointerCAS",
                level: .must, spec: "mutable.md#concurrency", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let w = try await PointerSupport.identityWriter(ctx)
                let base = try await PointerSupport.read(ctx, w)
                let targets = try await PointerSupport.newTargets(ctx, w, count: 8, from: base)
                let bodies = targets.map { PointerSupport.next(w, base, to: $0) }
                let answers = try await withThrowingTaskGroup(of: (Int, ProbeResponse).self) { group in
                    for (i, body) in bodies.enumerated() { group.addTask { (i, try await PointerSupport.setPointer(ctx, w, body: body)) } }
                    var all: [(Int, ProbeResponse)] = []
                    for try await a in group { all.append(a) }
                    return all.sorted { $0.0 < $1.0 }
                }
                let winners = answers.filter { $0.1.status == 200 && $0.1.body == [1] }
                try ctx.expect(winners.count == 1, "exactly one of 8 concurrent updates should be accepted, \(winners.count) were (answers: \(answers.map { "\($0.1.status)" }.joined(separator: ",")))")
                for (_, r) in answers where !(r.status == 200 && r.body == [1]) {
                    let message = try ctx.expectRefusal(r, "a losing concurrent update")
                    try ctx.expect(message.hasPrefix("PointerCAS"), "a losing concurrent update should be refused with a PointerCAS message, got \"\(message)\"")
                }
                let after = try await PointerSupport.read(ctx, w)
                try ctx.expect(after.signed == bodies[winners[0].0], "the pointer is not the accepted update")
            },
        ]
    }
}

/// Refused single updates; each checks the pointer did not move.
enum MutableRefusalCases {
    static var all: [ConformanceCase] {
        [
            refusal("refuses-oversize-update", "A signed update over 147 bytes is refused", spec: "mutable.md#refusals", message: "large") { ctx, w, state in
                // [original, 100 bytes where a CID would be, sequence], signed: about 210 bytes.
                let payload = CborObject.list([state.update?.updated.map { .bytes($0.bytes) } ?? .null, .bytes([UInt8](repeating: 7, count: 100)),
                                               .integer((state.update?.sequence ?? 0) + 1)])
                return w.key.signMessage(payload.serialize())
            },
            refusal("refuses-body-over-1kib", "A setPointer body over 1 KiB is refused", spec: "http.md#mutable", message: nil) { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                return PointerSupport.next(w, state, to: target) + [UInt8](repeating: 0, count: 1024)
            },
            refusal("refuses-wrong-original", "An update whose original is not the current target is refused with PointerCAS",
                    spec: "mutable.md#refusals", message: "PointerCAS") { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                return PointerSupport.sign(w.key, original: try PointerSupport.randomCid(), updated: target, sequence: (state.update?.sequence ?? 0) + 1)
            },
            refusal("refuses-equal-sequence", "An update whose sequence equals the current one is refused", spec: "mutable.md#refusals",
                    message: "sequence") { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                return PointerSupport.sign(w.key, original: state.update?.updated, updated: target, sequence: state.update?.sequence ?? 1)
            },
            refusal("refuses-lower-sequence", "An update whose sequence is below the current one is refused", spec: "mutable.md#refusals",
                    message: "sequence") { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                return PointerSupport.sign(w.key, original: state.update?.updated, updated: target, sequence: (state.update?.sequence ?? 1) - 1)
            },
            refusal("refuses-missing-sequence", "An update without a sequence is refused when the current pointer has one",
                    spec: "mutable.md#refusals", message: "sequence") { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                return PointerSupport.sign(w.key, original: state.update?.updated, updated: target, sequence: nil)
            },
            refusal("refuses-original-equals-updated", "An update whose original equals its updated is refused as malformed",
                    spec: "mutable.md#refusals", message: nil) { ctx, w, state in
                PointerSupport.sign(w.key, original: state.update?.updated, updated: state.update?.updated, sequence: (state.update?.sequence ?? 0) + 1)
            },
            refusal("refuses-non-cbor-payload", "A signed payload that is not CBOR is refused as malformed", spec: "mutable.md#refusals",
                    message: nil) { ctx, w, state in
                w.key.signMessage([0xff, 0xff, 0xff, 0x1c, 0x00])
            },
            falseAnswer("refuses-forged-signature", "An update not signed by the writer's key is answered false",
                        writer: { try await PointerSupport.extraWriters($0).forge }) { ctx, w, state in
                let target = try await PointerSupport.newTargets(ctx, w, from: state)[0]
                let forger = try SigningKeyPair.random(using: SystemRandom.shared)
                return PointerSupport.next(PointerWriter(owner: w.owner, key: forger), state, to: target)
            },
            falseAnswer("refuses-controller-mismatch", "An update to a WriterData whose controller is another key is answered false") { ctx, w, state in
                let other = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let target = try await PointerSupport.put(ctx, w, WriterData(controller: other, publicRoot: try PointerSupport.randomCid()))
                return PointerSupport.next(w, state, to: target)
            },
            falseAnswer("refuses-target-not-writer-data", "An update to a block that is not a WriterData is answered false") { ctx, w, state in
                let target = try await PointerSupport.putBlock(ctx, w, SystemRandom.shared.bytes(40), codec: .raw)
                return PointerSupport.next(w, state, to: target)
            },
            ConformanceCase(
                "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "A lost compare-and-swap reaches the client library as a compare-and-swap failure",
                level: .must, spec: "http.md#conventions", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let w = try await PointerSupport.identityWriter(ctx)
                let before = try await PointerSupport.read(ctx, w)
                let target = try await PointerSupport.newTargets(ctx, w, from: before)[0]
                let stale = PointerSupport.sign(w.key, original: try PointerSupport.randomCid(), updated: target, sequence: (before.update?.sequence ?? 0) + 1)
                do {
                    let accepted = try await ctx.client().api.setPointer(owner: w.owner, writer: w.writer, signed: stale)
                    throw ctx.fail("a stale update should fail as a compare-and-swap failure; setPointer answered \(accepted)")
                } catch PeergosClientError.casFailure {
                } catch let e as PeergosClientError {
                    throw ctx.fail("a stale update should fail as a compare-and-swap failure, the client saw: \(e)")
                }
                try await PointerSupport.expectUnchanged(ctx, w, before, "the stale update was refused")
            },
            ConformanceCase(
                "mutable.setPointer.refuses-original-when-absent",
                "A first update of a writer without a pointer must have original null, else it is refused with PointerCAS",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], serialGroup: PointerSupport.group
            ) { ctx in
                let fresh = try await PointerSupport.extraWriters(ctx).fresh
                let before = try await PointerSupport.read(ctx, fresh)
                try ctx.expect(before.signed == nil, "the fresh writer already has a pointer")
                let target = try await PointerSupport.put(ctx, fresh, WriterData(controller: fresh.writer, publicRoot: try PointerSupport.randomCid()))
                let r = try await PointerSupport.setPointer(ctx, fresh, body: PointerSupport.sign(fresh.key, original: try PointerSupport.randomCid(), updated: target, sequence: 1))
                try ctx.expectRefusal(r, containing: "PointerCAS", "a first update with an original")
                try await PointerSupport.expectUnchanged(ctx, fresh, before, "the update was refused")
            },
            ConformanceCase(
                "mutable.setPointer.refuses-unregistered-writer",
                "setPointer from a key no signed-up user owns is refused with upstream's message and stores nothing",
                level: .must, spec: "http.md#authorisation", tags: [.mutating]
            ) { ctx in
                let owner = try await PointerSupport.identityWriter(ctx).owner
                let w = PointerWriter(owner: owner, key: try SigningKeyPair.random(using: SystemRandom.shared))
                let r = try await PointerSupport.setPointer(ctx, w, body: PointerSupport.sign(w.key, original: nil, updated: try PointerSupport.randomCid(), sequence: 1))
                try ctx.expectRefusal(r, containing: "Key not allowed to write", "setPointer of an unregistered writer")
                let after = try await PointerSupport.read(ctx, w)
                try ctx.expect(after.signed == nil, "the unregistered writer has a pointer after the refusal")
            },
        ]
    }

    /// A case sending one bad update for the pointer account's identity and expecting a refusal
    /// (400 with a message containing `message`) and no change.
    static func refusal(_ behaviour: String, _ title: String, spec: String, message: String?,
                        _ build: @escaping @Sendable (CaseContext, PointerWriter, PointerState) async throws -> [UInt8]) -> ConformanceCase {
        ConformanceCase("mutable.setPointer.\(behaviour)", title, level: .must, spec: spec, tags: [.mutating], serialGroup: PointerSupport.group) { ctx in
            let w = try await PointerSupport.identityWriter(ctx)
            let before = try await PointerSupport.read(ctx, w)
            let body = try await build(ctx, w, before)
            let r = try await PointerSupport.setPointer(ctx, w, body: body)
            try ctx.expectRefusal(r, containing: message, "the update")
            try await PointerSupport.expectUnchanged(ctx, w, before, "the update was refused")
        }
    }

    /// A case sending one bad update and expecting upstream's `false` answer (HTTP 200) and no change.
    static func falseAnswer(_ behaviour: String, _ title: String,
                            writer: @escaping @Sendable (CaseContext) async throws -> PointerWriter = PointerSupport.identityWriter,
                            _ build: @escaping @Sendable (CaseContext, PointerWriter, PointerState) async throws -> [UInt8]) -> ConformanceCase {
        ConformanceCase("mutable.setPointer.\(behaviour)", title, level: .must, spec: "mutable.md#refusals", tags: [.mutating],
                        serialGroup: PointerSupport.group) { ctx in
            let w = try await writer(ctx)
            let before = try await PointerSupport.read(ctx, w)
            let body = try await build(ctx, w, before)
            let r = try await PointerSupport.setPointer(ctx, w, body: body)
            try ctx.expectBool(r, false, "setPointer of the update")
            try await PointerSupport.expectUnchanged(ctx, w, before, "the update was answered false")
        }
    }
}
