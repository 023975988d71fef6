import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosClient
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI

/// Area `security`, server side: PEERGOS-FACTS §12 invariants 1–12 (Spec/http.md#security-invariants),
/// each sending the forbidden request and checking the refusal and that nothing changed.
///
/// Account `sec` is this area's own: its identity pointer is moved only to WriterData blocks
/// controlled by its identity (cases 1–6 share a serial group), so nothing else may rely on it.
enum SecurityServerCases {
    static let pointerGroup = "security.sec-identity"

    /// The `sec` account's identity pointer now: signed bytes and the update.
    static func current(_ ctx: CaseContext, _ sec: AccountFixture) async throws -> (signed: [UInt8], update: PointerUpdate) {
        guard let signed = try await FlowSupport.signedPointer(ctx, owner: sec.session.id, writer: sec.session.id),
              let update = try await FlowSupport.pointer(ctx, owner: sec.session.id, writer: sec.session.id) else {
            throw ctx.fail("the identity of \(sec.username) has no pointer")
        }
        return (signed, update)
    }

    /// A fresh WriterData block controlled by `controller` (a random public root makes it new),
    /// put signed by `sec`'s identity; answers its CID.
    static func freshWriterData(_ ctx: CaseContext, _ sec: AccountFixture, controller: PublicKeyHash) async throws -> Cid {
        let root = try Cid.sha256(codec: .raw, digest: SystemRandom.shared.bytes(32))
        let block = WriterData(controller: controller, publicRoot: root).serialize()
        let owner = sec.session.id.description
        let body = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(sec.session.identity.signMessage(Hash.sha256(block)))])])
        let r = try await ctx.post("api/v0/block/put/bulk", query: [("owner", owner), ("writer", owner), ("transaction", "t"), ("format", "dag-cbor")], body: body.serialize())
        try ctx.expectStatus(r, 200, "block/put/bulk of a WriterData block")
        return try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
    }

    static func setPointer(_ ctx: CaseContext, _ sec: AccountFixture, _ signed: [UInt8]) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/mutable/setPointer", query: [("owner", sec.session.id.description), ("writer", sec.session.id.description)], body: signed)
    }

    /// Fails unless the identity pointer is still exactly `before`.
    static func expectUnchanged(_ ctx: CaseContext, _ sec: AccountFixture, _ before: [UInt8], _ what: String) async throws {
        let after = try await FlowSupport.signedPointer(ctx, owner: sec.session.id, writer: sec.session.id)
        try ctx.expect(after == before, "\(what) was refused, but the pointer changed")
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "security.pointer.refuses-bad-signature", "A pointer update signed by another key is answered false and changes nothing",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                // An account of its own: a server that stores the forged update leaves a pointer no
                // later case could read.
                let sec = try await ctx.fixtures.account("secf")
                let (before, cur) = try await current(ctx, sec)
                let target = try await freshWriterData(ctx, sec, controller: sec.session.id)
                let update = try PointerUpdate(original: cur.updated, updated: target, sequence: (cur.sequence ?? 0) + 1)
                let r = try await setPointer(ctx, sec, try FlowSupport.randomKey().signMessage(update.serialize()))
                try ctx.expectBool(r, false, "setPointer signed by a stranger")
                try await expectUnchanged(ctx, sec, before, "the forged update")
            },
            ConformanceCase(
                "security.pointer.refuses-wrong-original", "A pointer update whose original is not the stored target is refused (PointerCAS) and changes nothing",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], dependsOn: ["flow.signup.creates-account"], serialGroup: pointerGroup
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let (before, cur) = try await current(ctx, sec)
                let target = try await freshWriterData(ctx, sec, controller: sec.session.id)
                let other = try Cid.sha256(codec: .dagCbor, digest: SystemRandom.shared.bytes(32))
                let update = try PointerUpdate(original: other, updated: target, sequence: (cur.sequence ?? 0) + 1)
                try ctx.expectRefusal(try await setPointer(ctx, sec, sec.session.identity.signMessage(update.serialize())), containing: "PointerCAS",
                                      "an update from a stale original")
                try await expectUnchanged(ctx, sec, before, "the update from a stale original")
            },
            ConformanceCase(
                "security.pointer.refuses-stale-sequence", "A pointer update whose sequence is not above the stored one, or is missing, is refused and changes nothing",
                level: .must, spec: "mutable.md#sequences", tags: [.mutating], dependsOn: ["flow.signup.creates-account"], serialGroup: pointerGroup
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let (before, cur) = try await current(ctx, sec)
                guard let sequence = cur.sequence else { throw ctx.fail("the identity pointer after signup has no sequence") }
                let target = try await freshWriterData(ctx, sec, controller: sec.session.id)
                for (seq, what) in [(Optional(sequence), "an update repeating sequence \(sequence)"), (nil, "an update without a sequence")] {
                    let update = try PointerUpdate(original: cur.updated, updated: target, sequence: seq)
                    try ctx.expectRefusal(try await setPointer(ctx, sec, sec.session.identity.signMessage(update.serialize())), containing: "sequence", what)
                    try await expectUnchanged(ctx, sec, before, what)
                }
            },
            ConformanceCase(
                "security.pointer.refuses-oversize", "A signed pointer update over 147 bytes is refused and changes nothing",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], dependsOn: ["flow.signup.creates-account"], serialGroup: pointerGroup
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let (before, _) = try await current(ctx, sec)
                let signed = sec.session.identity.signMessage(SystemRandom.shared.bytes(84))
                try ctx.expectRefusal(try await setPointer(ctx, sec, signed), "a signed update of \(signed.count) bytes")
                try await expectUnchanged(ctx, sec, before, "the oversize update")
            },
            ConformanceCase(
                "security.pointer.refuses-controller-mismatch", "A pointer update to a WriterData controlled by another key is answered false and changes nothing",
                level: .must, spec: "mutable.md#refusals", tags: [.mutating], dependsOn: ["flow.signup.creates-account"], serialGroup: pointerGroup
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let (before, cur) = try await current(ctx, sec)
                let target = try await freshWriterData(ctx, sec, controller: try FlowSupport.randomKey().publicKey.publicKeyHash)
                let update = try PointerUpdate(original: cur.updated, updated: target, sequence: (cur.sequence ?? 0) + 1)
                let r = try await setPointer(ctx, sec, sec.session.identity.signMessage(update.serialize()))
                try ctx.expectBool(r, false, "setPointer to a WriterData with another controller")
                try await expectUnchanged(ctx, sec, before, "the update to a foreign WriterData")
            },
            ConformanceCase(
                "security.pointer.one-concurrent-update-wins", "Of two updates from the same pointer sent at once, exactly one is accepted and is what getPointer answers",
                level: .must, spec: "mutable.md#concurrency", tags: [.mutating], dependsOn: ["flow.signup.creates-account"], serialGroup: pointerGroup
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let (_, cur) = try await current(ctx, sec)
                let t1 = try await freshWriterData(ctx, sec, controller: sec.session.id)
                let t2 = try await freshWriterData(ctx, sec, controller: sec.session.id)
                let s1 = sec.session.identity.signMessage(try PointerUpdate(original: cur.updated, updated: t1, sequence: (cur.sequence ?? 0) + 1).serialize())
                let s2 = sec.session.identity.signMessage(try PointerUpdate(original: cur.updated, updated: t2, sequence: (cur.sequence ?? 0) + 1).serialize())
                async let a1 = setPointer(ctx, sec, s1)
                async let a2 = setPointer(ctx, sec, s2)
                let (r1, r2) = try await (a1, a2)
                let won = [r1, r2].map { $0.status == 200 && $0.body == [1] }
                try ctx.expect(won.filter { $0 }.count == 1, "of two concurrent updates from the same pointer, \(won.filter { $0 }.count) were accepted (HTTP \(r1.status), \(r2.status))")
                let loser = won[0] ? r2 : r1
                try ctx.expectRefusal(loser, containing: "PointerCAS", "the losing concurrent update")
                let stored = try await FlowSupport.signedPointer(ctx, owner: sec.session.id, writer: sec.session.id)
                try ctx.expect(stored == (won[0] ? s1 : s2), "getPointer does not answer the accepted update byte for byte")
            },
            ConformanceCase(
                "security.block-put.checks-signature-cid-and-size", "block/put/bulk refuses a signature by another key and a put over 1 MiB + 100 bytes, storing nothing; an accepted put answers CIDv1 SHA-256 CIDs",
                level: .must, spec: "http.md#block-put", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let owner = sec.session.id.description
                func put(_ blocks: [[UInt8]], signer: SigningKeyPair, format: String = "raw") async throws -> ProbeResponse {
                    let body = CborObject.map(["b": .list(blocks.map { .bytes($0) }), "s": .list(blocks.map { .bytes(signer.signMessage(Hash.sha256($0))) })])
                    return try await ctx.post("api/v0/block/put/bulk", query: [("owner", owner), ("writer", owner), ("transaction", "t"), ("format", format)], body: body.serialize())
                }
                func absent(_ block: [UInt8], _ what: String) async throws {
                    let cid = try Cid.sha256(codec: .raw, digest: Hash.sha256(block))
                    let g = try await ctx.post("api/v0/block/get", query: [("owner", owner), ("arg", cid.description)])
                    try ctx.expect(g.status == 200 && g.body.isEmpty, "\(what) was refused, but block/get serves \(cid)")
                }
                let forged = SystemRandom.shared.bytes(1000)
                try ctx.expectRefusal(try await put([forged], signer: try FlowSupport.randomKey()), containing: "Invalid signature", "a block signed by a stranger")
                try await absent(forged, "the block signed by a stranger")
                let big = [SystemRandom.shared.bytes(600_000), SystemRandom.shared.bytes(448_677)]
                try ctx.expectRefusal(try await put(big, signer: sec.session.identity), "a put of 1 MiB + 101 bytes")
                try await absent(big[0], "the oversize put")
                let good = [SystemRandom.shared.bytes(100), SystemRandom.shared.bytes(200)]
                let r = try await put(good, signer: sec.session.identity)
                try ctx.expectStatus(r, 200, "a put of two well-signed blocks")
                let text = String(decoding: r.body, as: UTF8.self)
                for block in good {
                    let cid = try Cid.sha256(codec: .raw, digest: Hash.sha256(block))
                    try ctx.expect(text.contains("\"Hash\":\"\(cid)\""), "the put answer \(text) does not name \(cid), the CIDv1 raw SHA-256 of a block put")
                }
            },
            ConformanceCase(
                "security.block-get.bytes-match-cid", "block/get serves bytes whose SHA-256 is the CID asked for (the probe user's identity WriterData)",
                level: .must, spec: "http.md#storage", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let id = try await FlowSupport.publicKey(ctx, user) else { throw ctx.fail("getPublicKey does not know \(user)") }
                _ = try await FlowSupport.identityData(ctx, owner: id)
            },
            ConformanceCase(
                "security.signup.refuses-taken-or-invalid-username", "core/signup refuses a claim of a taken username by another key and an invalid username; the PKI keeps the first key",
                level: .must, spec: "pki.md#usernames", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let nodeId = try await ctx.client().api.nodeId()
                func signup(_ username: String) async throws -> ProbeResponse {
                    let key = try FlowSupport.randomKey()
                    let claim = UserPublicKeyLink.createInitial(signer: key, username: username, expiry: try expiry(), storageProviders: [nodeId.bytes])[0]
                    var proof = ProofOfWork.generate(difficulty: 0, data: CborObject.list([claim.toCbor()]).serialize())
                    for _ in 0..<2 {
                        var w = DataStreamWriter()
                        w.string(username)
                        w.byteArray(claim.serialize())
                        w.byteArray(CborObject.map([:]).serialize())
                        w.byteArray(proof.serialize())
                        w.string("")
                        let r = try await ctx.post("peergos/v0/core/signup", body: w.bytes)
                        // false + difficulty: the server wants more work first.
                        guard r.status == 200, r.body.count == 5, r.body[0] == 0 else { return r }
                        let d = Int(r.body[1]) << 24 | Int(r.body[2]) << 16 | Int(r.body[3]) << 8 | Int(r.body[4])
                        proof = ProofOfWork.generate(difficulty: d, data: CborObject.list([claim.toCbor()]).serialize())
                    }
                    throw ctx.fail("core/signup kept asking for more proof of work")
                }
                try ctx.expectRefusal(try await signup(sec.username), containing: "already exists", "a second claim of \(sec.username)")
                let owner = try await FlowSupport.publicKey(ctx, sec.username)
                try ctx.expect(owner == sec.session.id, "after a refused second claim, getPublicKey answers \(String(describing: owner)), not the first key")
                let invalid = "Bad_" + String(sec.username.prefix(8)).uppercased()
                try ctx.expectRefusal(try await signup(invalid), "a claim of the invalid username \(invalid)")
                try ctx.expect(try await FlowSupport.publicKey(ctx, invalid) == nil, "the invalid username \(invalid) was refused but is now known")
            },
            ConformanceCase(
                "security.follow-request.needs-owner-signatures", "Follow requests are read only with a fresh owner-signed time and removed only with the owner's signature",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let owner = sec.session.id.description
                let request = SocialCases.blind()
                try await SocialCases.send(ctx, request, to: sec)
                for (auth, what) in [(FlowSupport.signedTime(sec.session.identity, offsetSeconds: -301 - 60), "a time signed 6 minutes ago"),
                                     (FlowSupport.signedTime(try FlowSupport.randomKey()), "a time signed by a stranger")] {
                    try ctx.expectRefusal(try await ctx.post("peergos/v0/social/getFollowRequests", query: [("owner", owner), ("auth", auth)]),
                                          "getFollowRequests with \(what)")
                }
                let r = try await ctx.post("peergos/v0/social/removeFollowRequest", query: [("owner", owner)], body: sec.session.identity.signMessage(request + [0]))
                try ctx.expectBool(r, false, "removeFollowRequest signed over other bytes than the request")
                try ctx.expect(try await SocialCases.requests(ctx, sec).contains(request), "the request is gone after a removal signed over other bytes")
            },
            ConformanceCase(
                "security.login.refuses-stale-or-forged", "getLogin refuses a stale or wrongly signed time and a key that is not the login key; setLogin refuses a body not signed by the identity",
                level: .must, spec: "http.md#login", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let sec = try await ctx.fixtures.account("sec")
                let loginKey = sec.session.loginKeys.signingKeyPair
                let stranger = try FlowSupport.randomKey()
                func getLogin(author: SigningKeyPair, signer: SigningKeyPair, offset: Double) async throws -> ProbeResponse {
                    try await ctx.post("peergos/v0/login/getLogin", query: [
                        ("username", sec.username), ("author", FlowSupport.hex(author.publicKey.serialize())),
                        ("auth", FlowSupport.signedTime(signer, offsetSeconds: offset)), ("proxy", "false"), ("mfaTypes", "1,2,3,4"),
                    ])
                }
                try ctx.expectRefusal(try await getLogin(author: loginKey, signer: loginKey, offset: -25 * 3600), "getLogin with a time signed 25 h ago")
                try ctx.expectRefusal(try await getLogin(author: loginKey, signer: stranger, offset: 0), "getLogin with a time signed by another key")
                try ctx.expectRefusal(try await getLogin(author: stranger, signer: stranger, offset: 0), containing: "Incorrect username or password",
                                      "getLogin by a key that is not the login key")
                let current = try await ctx.client().api.login(username: sec.username, loginKey: loginKey)
                let forged = LoginData(username: sec.username, entryPoints: current, authorisedReader: stranger.publicKey).serialize()
                let r = try await ctx.post("peergos/v0/login/setLogin", query: [("auth", FlowSupport.hex(stranger.secretKey.signatureOnly(forged)))], body: forged)
                try ctx.expectRefusal(r, "setLogin signed by a stranger")
                let still = try await getLogin(author: loginKey, signer: loginKey, offset: 0)
                try ctx.expectStatus(still, 200, "getLogin with the original login key after the refused setLogin")
                let taken = try await getLogin(author: stranger, signer: stranger, offset: 0)
                try ctx.expect(taken.status == 400, "after a refused setLogin, the stranger's key reads the login data")
            },
            ConformanceCase(
                "security.secret-link.refuses-expired", "A secret link past its expiry is not served (\"Secret link expired!\")",
                level: .must, spec: "http.md#secret-links", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                // On `fa`, whose identity writer (where links are published) nothing else moves.
                let a = try await ctx.fixtures.account("fa")
                let link = try await ctx.fixtures.shared("security.expired-link", prerequisite: false) {
                    try await a.session.createSecretLink("/\(a.username)", expiry: Date(timeIntervalSinceNow: -3600))
                }
                let r = try await ctx.post("api/v0/link/get", query: [("owner", a.session.id.description), ("label", String(link.link.label))])
                try ctx.expectRefusal(r, containing: "expired", "link/get of a link that expired an hour ago")
            },
        ]
    }

    /// Today + 2 months (UTC), as a claim's expiry.
    static func expiry() throws -> PKIDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let d = calendar.dateComponents([.year, .month, .day], from: calendar.date(byAdding: .month, value: 2, to: Date())!)
        return try PKIDate(year: d.year!, month: d.month!, day: d.day!)
    }
}
