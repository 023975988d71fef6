import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// `core/updateChain`: a key change accepted, and the merge rules refusing bad updates
/// (Spec/pki.md#merge, #validation). The accepted change uses its own throw-away account; the
/// refusals share another, whose chain must not move.
enum PKIChainCases {
    static let changeGroup = "pki-keychange"
    static let refusalGroup = "pki-chain-refusals"

    /// The key the key-change case moves the account "keychg" to (made once per run).
    static func newKey(_ ctx: CaseContext) async throws -> SigningKeyPair {
        try await ctx.fixtures.shared("pki-keychg-new-key") { try SigningKeyPair.random(using: SystemRandom.shared) }
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "pki.updateChain.accepts-key-change",
                "A key change (old link superseded with a keychange proof, then the new key's claim) is accepted; getPublicKey then answers the new key",
                level: .must, spec: "pki.md#merge", tags: [.mutating], serialGroup: changeGroup
            ) { ctx in
                let account = try await ctx.fixtures.account("keychg")
                let new = try await newKey(ctx)
                let chain = UserPublicKeyLink.createChain(old: account.session.identity, new: new, username: account.username,
                                                          expiry: try PKISupport.expiry(days: 60), storageProviders: [try await PKISupport.nodeId(ctx)])
                let r = try await PKISupport.updateChain(ctx, account.username, chain)
                try ctx.expectBool(r, true, "updateChain with a key change")
                let key = try await PKISupport.publicKey(ctx, account.username)
                try ctx.expect(key == new.publicKey.publicKeyHash, "after the key change getPublicKey answers \(key.map(\.description) ?? "none"), not the new key")
                let stored = try await PKISupport.chainBytes(ctx, account.username)
                try ctx.expect(stored == PKIChainBlock.encode(chain), "after the key change getChain does not answer the two links sent")
            },
            ConformanceCase(
                "pki.updateChain.refuses-reused-key", "A key change back to a key the chain already used is refused",
                level: .must, spec: "pki.md#merge", tags: [.mutating], dependsOn: ["pki.updateChain.accepts-key-change"], serialGroup: changeGroup
            ) { ctx in
                let account = try await ctx.fixtures.account("keychg")
                let current = try await newKey(ctx)
                let before = try await PKISupport.chainBytes(ctx, account.username)
                let existing = try PKIChainBlock.decode(before)
                let back = UserPublicKeyLink.createChain(old: current, new: account.session.identity, username: account.username,
                                                         expiry: try PKISupport.expiry(days: 90), storageProviders: [try await PKISupport.nodeId(ctx)])
                let r = try await PKISupport.updateChain(ctx, account.username, Array(existing.dropLast()) + back)
                try ctx.expectRefusal(r, containing: "reuse", "a key change back to the first key")
                try await expectChain(ctx, account.username, before)
            },
            refusal("refuses-decreasing-expiry", "A claim renewal expiring before the current claim is refused") { ctx, name, key, provider in
                [try PKISupport.claim(name, key: key, provider: provider, days: 20)]
            },
            refusal("refuses-takeover-by-other-key", "A chain of one link by another key than the current one is refused") { ctx, name, _, provider in
                [try PKISupport.claim(name, key: try SigningKeyPair.random(using: SystemRandom.shared), provider: provider, days: 90)]
            },
            refusal("refuses-keychange-proof-by-wrong-key", "A key change whose keychange proof is signed by the new key instead of the old is refused") { ctx, name, key, provider in
                let new = try SigningKeyPair.random(using: SystemRandom.shared)
                let chain = UserPublicKeyLink.createChain(old: key, new: new, username: name, expiry: try PKISupport.expiry(days: 90), storageProviders: [provider])
                return [UserPublicKeyLink(owner: chain[0].owner, claim: chain[0].claim, keyChangeProof: new.secretKey.signMessage(new.publicKey.publicKeyHash.serialize())), chain[1]]
            },
            refusal("refuses-keychange-proof-to-other-key", "A key change whose keychange proof names another key than the next link's is refused") { ctx, name, key, provider in
                let new = try SigningKeyPair.random(using: SystemRandom.shared)
                let other = try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash
                let chain = UserPublicKeyLink.createChain(old: key, new: new, username: name, expiry: try PKISupport.expiry(days: 90), storageProviders: [provider])
                return [UserPublicKeyLink(owner: chain[0].owner, claim: chain[0].claim, keyChangeProof: key.secretKey.signMessage(other.serialize())), chain[1]]
            },
            refusal("refuses-missing-keychange-proof", "A key change without a keychange proof is refused") { ctx, name, key, provider in
                let new = try SigningKeyPair.random(using: SystemRandom.shared)
                let chain = UserPublicKeyLink.createChain(old: key, new: new, username: name, expiry: try PKISupport.expiry(days: 90), storageProviders: [provider])
                return [UserPublicKeyLink(owner: chain[0].owner, claim: chain[0].claim), chain[1]]
            },
            refusal("refuses-bad-claim-signature", "A renewal whose claim signature does not verify is refused") { ctx, name, key, provider in
                let good = try PKISupport.claim(name, key: key, provider: provider, days: 90)
                var signed = good.claim.signedContents
                signed[5] ^= 0x01
                return [UserPublicKeyLink(owner: good.owner, claim: UsernameClaim(username: name, expiry: good.claim.expiry,
                                                                                 storageProviders: good.claim.storageProviders, signedContents: signed))]
            },
            ConformanceCase(
                "pki.updateChain.refuses-unknown-user", "updateChain of a username nobody has claimed is refused and claims nothing",
                level: .must, spec: "pki.md#merge", tags: [.mutating]
            ) { ctx in
                let name = ctx.fixtures.username("unclaimed")
                let key = try SigningKeyPair.random(using: SystemRandom.shared)
                let r = try await PKISupport.updateChain(ctx, name, [try PKISupport.claim(name, key: key, provider: try await PKISupport.nodeId(ctx))])
                try ctx.expectRefusal(r, "updateChain of an unclaimed name")
                try ctx.expect(try await PKISupport.publicKey(ctx, name) == nil, "updateChain claimed \(name)")
            },
        ]
    }

    /// Fails unless getChain still answers `bytes`.
    static func expectChain(_ ctx: CaseContext, _ username: String, _ bytes: [UInt8]) async throws {
        let now = try await PKISupport.chainBytes(ctx, username)
        try ctx.expect(now == bytes, "the update was refused, yet \(username)'s chain changed")
    }

    /// An updateChain of the refusal account's chain to what `make` builds (from the username,
    /// its identity key and the node id), expected refused with the chain unchanged.
    static func refusal(_ behaviour: String, _ title: String,
                        _ make: @escaping @Sendable (CaseContext, String, SigningKeyPair, [UInt8]) async throws -> [UserPublicKeyLink]) -> ConformanceCase {
        ConformanceCase("pki.updateChain.\(behaviour)", title, level: .must, spec: "pki.md#merge", tags: [.mutating], serialGroup: refusalGroup) { ctx in
            let account = try await ctx.fixtures.account("chainref")
            let before = try await PKISupport.chainBytes(ctx, account.username)
            let chain = try await make(ctx, account.username, account.session.identity, try await PKISupport.nodeId(ctx))
            let r = try await PKISupport.updateChain(ctx, account.username, chain)
            try ctx.expectRefusal(r, "the chain update")
            try await expectChain(ctx, account.username, before)
        }
    }
}
