import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// `core/signup` refusals (Spec/pki.md#usernames, #validation, #proof-of-work, Spec/http.md#core).
/// Each sends a raw signup with a claim that is valid except for the rule checked, and an empty
/// OpLog, then checks the name is still unclaimed (or still the first claimant's).
enum PKISignupCases {
    /// The proof-of-work case's bursts: at most `powWaves` waves of `powWaveSize` signups at once.
    static let powWaves = 4
    static let powWaveSize = 8

    static var all: [ConformanceCase] {
        [
            badName("refuses-uppercase-username", "A username with capital letters is refused") { "\($0)-Upper" },
            badName("refuses-too-long-username", "A username of more than 32 characters is refused") { String(("\($0)-" + String(repeating: "l", count: 40)).prefix(40)) },
            badName("refuses-leading-hyphen", "A username starting with a hyphen is refused") { "-\($0)" },
            badName("refuses-double-hyphen", "A username with two hyphens in a row is refused") { "\($0)--x" },
            badName("refuses-trailing-hyphen", "A username ending with a hyphen is refused") { "\($0)-x-" },
            badName("refuses-whitespace-username", "A username containing a space is refused") { "\($0) x" },
            badName("refuses-underscore-username", "A username with an underscore is refused") { "\($0)_x" },
            badName("refuses-reserved-name", "A reserved name (admin) is refused") { _ in "admin" },
            ConformanceCase(
                "pki.signup.refuses-existing-username", "A claim of a taken username by another key is refused with \"User already exists\"",
                level: .must, spec: "pki.md#usernames", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let other = try SigningKeyPair.random(using: SystemRandom.shared)
                let link = try PKISupport.claim(account.username, key: other, provider: try await PKISupport.nodeId(ctx))
                let r = try await PKISupport.signup(ctx, account.username, link: link)
                try await PKISupport.expectSignupRefused(ctx, r, account.username, containing: "User already exists", owner: account.session.id)
            },
            badClaim("refuses-bad-claim-signature", role: "badsig", "A claim whose signed contents were altered is refused") { name, key, provider in
                let good = try PKISupport.claim(name, key: key, provider: provider)
                var signed = good.claim.signedContents
                signed[10] ^= 0x01
                return UserPublicKeyLink(owner: good.owner, claim: UsernameClaim(username: name, expiry: good.claim.expiry,
                                                                                storageProviders: good.claim.storageProviders, signedContents: signed))
            },
            badClaim("refuses-claim-signed-by-another-key", role: "otherkey", "A claim signed by a key other than its owner is refused") { name, key, provider in
                let other = try SigningKeyPair.random(using: SystemRandom.shared)
                let byOther = try PKISupport.claim(name, key: other, provider: provider)
                return UserPublicKeyLink(owner: key.publicKey.publicKeyHash, claim: byOther.claim)
            },
            badClaim("refuses-claim-for-other-username", role: "othername", "A claim of another username than the signup's is refused") { name, key, provider in
                try PKISupport.claim(name + "x", key: key, provider: provider)
            },
            badClaim("refuses-claim-without-provider", role: "noprovider", "A first claim must name exactly one storage provider") { name, key, _ in
                UserPublicKeyLink.createInitial(signer: key, username: name, expiry: try PKISupport.expiry(days: 60), storageProviders: [])[0]
            },
            oversize("refuses-oversize-claim", "A claim field over 4 MiB is refused", claim: (4 << 20) + 1, opLog: 1, proof: 1),
            oversize("refuses-oversize-oplog", "An OpLog field over 64 KiB is refused", claim: 1, opLog: 64 * 1024 + 1, proof: 1),
            oversize("refuses-oversize-proof", "A proof-of-work field over 100 bytes is refused", claim: 1, opLog: 1, proof: 101),
            ConformanceCase(
                "pki.signup.requires-proof-of-work",
                "A signup whose proof falls short of the difficulty the server asks is answered false with that difficulty, and claims nothing",
                level: .must, spec: "pki.md#proof-of-work", tags: [.mutating],
                note: "skipped when the server asks no proof of work during waves of concurrent signups"
            ) { ctx in
                let provider = try await PKISupport.nodeId(ctx)
                // Waves of cheap concurrent signups (empty OpLog) until the server asks for work:
                // sent together, a wave arrives faster than any daily limit a server would set,
                // however slowly this machine runs (serial signups on a loaded machine may not).
                for wave in 0..<Self.powWaves {
                    let answers = try await withThrowingTaskGroup(of: (String, ProbeResponse).self) { group in
                        for i in 0..<Self.powWaveSize {
                            let name = ctx.fixtures.username("pow\(wave * Self.powWaveSize + i)")
                            let key = try SigningKeyPair.random(using: SystemRandom.shared)
                            let link = try PKISupport.claim(name, key: key, provider: provider)
                            let proof = ProofOfWork.generate(difficulty: 0, data: CborObject.list([link.toCbor()]).serialize())
                            let body = PKISupport.signupBody(name, claim: link.serialize(), proof: proof.serialize())
                            group.addTask { (name, try await ctx.post("peergos/v0/core/signup", body: body)) }
                        }
                        var all: [(String, ProbeResponse)] = []
                        for try await a in group { all.append(a) }
                        return all
                    }
                    var refused: [String] = []
                    for (name, r) in answers {
                        try ctx.expectStatus(r, 200, "a valid signup")
                        if r.body == [1] { continue }
                        var reader = PKISupport.Reader(bytes: r.body)
                        try ctx.expect(try reader.bool() == false, "signup answered neither true nor false")
                        let difficulty = try reader.int32()
                        try ctx.expect(reader.atEnd, "signup's false answer has bytes after the difficulty")
                        try ctx.expect(difficulty > 0 && difficulty <= ProofOfWork.maxDifficulty, "signup answered false with difficulty \(difficulty)")
                        refused.append(name)
                    }
                    for name in refused {
                        try ctx.expect(try await PKISupport.publicKey(ctx, name) == nil, "the refused signup of \(name) claimed the name anyway")
                    }
                    if !refused.isEmpty { return }
                }
                throw CaseSkip("the server asked no proof of work during \(Self.powWaves) waves of \(Self.powWaveSize) concurrent signups")
            },
        ]
    }

    /// A signup of an invalid username (built from the run's prefix) with a claim valid for it.
    static func badName(_ behaviour: String, _ title: String, _ name: @escaping @Sendable (String) -> String) -> ConformanceCase {
        ConformanceCase("pki.signup.\(behaviour)", title, level: .must, spec: "pki.md#usernames", tags: [.mutating]) { ctx in
            let username = name(ctx.fixtures.username("n").dropLast(2).description)
            let key = try SigningKeyPair.random(using: SystemRandom.shared)
            let link = try PKISupport.claim(username, key: key, provider: try await PKISupport.nodeId(ctx))
            let r = try await PKISupport.signup(ctx, username, link: link)
            try await PKISupport.expectSignupRefused(ctx, r, username)
        }
    }

    /// A signup of a fresh valid name with a claim built by `make` (name, owner key, provider).
    static func badClaim(_ behaviour: String, role: String, _ title: String,
                         _ make: @escaping @Sendable (String, SigningKeyPair, [UInt8]) throws -> UserPublicKeyLink) -> ConformanceCase {
        ConformanceCase("pki.signup.\(behaviour)", title, level: .must, spec: "pki.md#validation", tags: [.mutating]) { ctx in
            let username = ctx.fixtures.username(role)
            let key = try SigningKeyPair.random(using: SystemRandom.shared)
            let link = try make(username, key, try await PKISupport.nodeId(ctx))
            let r = try await PKISupport.signup(ctx, username, link: link)
            try await PKISupport.expectSignupRefused(ctx, r, username)
        }
    }

    /// A signup whose fields have these sizes (bytes of zeros) for a fresh valid name.
    static func oversize(_ behaviour: String, _ title: String, claim: Int, opLog: Int, proof: Int) -> ConformanceCase {
        ConformanceCase("pki.signup.\(behaviour)", title, level: .must, spec: "http.md#core", tags: [.mutating]) { ctx in
            let username = ctx.fixtures.username("big")
            let body = PKISupport.signupBody(username, claim: [UInt8](repeating: 0, count: claim), opLog: [UInt8](repeating: 0, count: opLog),
                                             proof: [UInt8](repeating: 0, count: proof))
            let r = try await ctx.post("peergos/v0/core/signup", body: body)
            try await PKISupport.expectSignupRefused(ctx, r, username)
        }
    }
}
