import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

/// Area `space`: quota, usage, space requests and mirror BATs (Spec/http.md#space,
/// #authorisation), over raw HTTP. Accounts: `a` (read only: quota, usage, BATs; usage only
/// grows, so a block put here is safe beside other cases) and `full` (filled up to its quota).
enum SpaceCases {
    static var all: [ConformanceCase] { quotaAndUsage + requests + bats }

    static func integer(_ ctx: CaseContext, _ r: ProbeResponse, _ what: String) throws -> Int64 {
        try ctx.expectStatus(r, 200, what)
        guard case .integer(let n)? = try? CborObject.decode(r.body, options: .upstreamCompatible) else {
            throw ctx.fail("\(what): expected a CBOR integer, got \(RecordedExchange.show(r.body))")
        }
        return n
    }

    static func quota(_ ctx: CaseContext, _ a: AccountFixture, offsetSeconds: Double = 0, key: SigningKeyPair? = nil) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/storage/quota", query: [
            ("owner", a.session.id.description), ("auth", FlowSupport.signedTime(key ?? a.session.identity, offsetSeconds: offsetSeconds)),
        ])
    }

    static func usage(_ ctx: CaseContext, _ a: AccountFixture, offsetSeconds: Double = 0, key: SigningKeyPair? = nil) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/storage/usage", query: [
            ("owner", a.session.id.description), ("auth", FlowSupport.signedTime(key ?? a.session.identity, offsetSeconds: offsetSeconds)), ("local", "false"),
        ])
    }

    /// A `block/put/bulk` of one raw block signed by the account's identity (a registered writer).
    static func put(_ ctx: CaseContext, _ a: AccountFixture, _ block: [UInt8]) async throws -> ProbeResponse {
        let owner = a.session.id.description
        let t = try await ctx.post("api/v0/transaction/start", query: [("owner", owner)])
        try ctx.expectStatus(t, 200, "transaction/start")
        let body = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(a.session.identity.signMessage(Hash.sha256(block)))])])
        return try await ctx.post("api/v0/block/put/bulk", query: [
            ("owner", owner), ("writer", owner), ("transaction", String(decoding: t.body, as: UTF8.self)), ("format", "raw"),
        ], body: body.serialize())
    }

    static var quotaAndUsage: [ConformanceCase] {
        [
            ConformanceCase(
                "space.quota.answers-cbor-integer", "storage/quota with a fresh signed time answers a positive CBOR integer",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let q = try integer(ctx, try await quota(ctx, a), "storage/quota")
                try ctx.expect(q > 0, "storage/quota answered \(q)")
            },
            ConformanceCase(
                "space.quota.refuses-stale-time", "storage/quota with a time signed more than 24 h ago is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await quota(ctx, a, offsetSeconds: -25 * 3600), "storage/quota with a time signed 25 h ago")
            },
            ConformanceCase(
                "space.quota.refuses-forged-auth", "storage/quota with a time signed by another key is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await quota(ctx, a, key: try FlowSupport.randomKey()), "storage/quota signed by a stranger")
            },
            ConformanceCase(
                "space.usage.answers-cbor-integer", "storage/usage with a fresh signed time answers a CBOR integer",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let u = try integer(ctx, try await usage(ctx, a), "storage/usage")
                try ctx.expect(u > 0, "storage/usage of an account with a home folder answered \(u)")
            },
            ConformanceCase(
                "space.usage.refuses-stale-time", "storage/usage with a time signed more than 300 s ago is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await usage(ctx, a, offsetSeconds: -400), "storage/usage with a time signed 400 s ago")
            },
            ConformanceCase(
                "space.usage.refuses-forged-auth", "storage/usage with a time signed by another key is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await usage(ctx, a, key: try FlowSupport.randomKey()), "storage/usage signed by a stranger")
            },
            ConformanceCase(
                "space.usage.grows-after-block-put", "A block put by the account's writer adds at least its size to the usage",
                level: .must, spec: "http.md#authorisation", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let before = try integer(ctx, try await usage(ctx, a), "storage/usage before the put")
                let block = SystemRandom.shared.bytes(10_000)
                try ctx.expectStatus(try await put(ctx, a, block), 200, "block/put/bulk of 10,000 bytes")
                let after = try integer(ctx, try await usage(ctx, a), "storage/usage after the put")
                try ctx.expect(after >= before + 10_000, "usage went from \(before) to \(after) after a put of 10,000 new bytes")
            },
            ConformanceCase(
                "space.block-put.refuses-over-quota", "A put past the quota is refused with \"Storage quota reached!\" and nothing of it is stored",
                level: .must, spec: "http.md#authorisation", tags: [.mutating, .slow], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let full = try await ctx.fixtures.account("full")
                let q = try integer(ctx, try await quota(ctx, full), "storage/quota")
                guard q <= 256 << 20 else { throw CaseSkip("the quota is \(q) bytes; filling more than 256 MiB is too slow") }
                var used = try integer(ctx, try await usage(ctx, full), "storage/usage")
                let mib = 1 << 20
                while q - used >= Int64(mib) {
                    try ctx.expectStatus(try await put(ctx, full, SystemRandom.shared.bytes(mib)), 200, "a 1 MiB put with \(q - used) bytes left")
                    used = try integer(ctx, try await usage(ctx, full), "storage/usage")
                }
                let block = SystemRandom.shared.bytes(Int(q - used) + 1)
                let r = try await put(ctx, full, block)
                try ctx.expectRefusal(r, containing: "Storage quota reached!", "a put of \(block.count) bytes with \(q - used) left")
                let after = try integer(ctx, try await usage(ctx, full), "storage/usage after the refusal")
                try ctx.expect(after == used, "usage moved from \(used) to \(after) on a refused put")
                let cid = try Cid.sha256(codec: .raw, digest: Hash.sha256(block))
                let g = try await ctx.post("api/v0/block/get", query: [("owner", full.session.id.description), ("arg", cid.description)])
                try ctx.expect(g.status == 200 && g.body.isEmpty, "the refused block \(cid) is served (\(g.body.count) bytes, HTTP \(g.status))")
            },
        ]
    }

    static func request(_ ctx: CaseContext, _ a: AccountFixture, offsetSeconds: Double = 0, key: SigningKeyPair? = nil) async throws -> ProbeResponse {
        let req = SpaceRequest(username: a.username, bytes: 0, annual: false, utcMillis: FlowSupport.nowMillis(offsetSeconds: offsetSeconds))
        return try await ctx.post("peergos/v0/storage/request", query: [
            ("owner", a.session.id.description), ("req", FlowSupport.hex(req.sign(key ?? a.session.identity))),
        ])
    }

    static var requests: [ConformanceCase] {
        [
            ConformanceCase(
                "space.request.refuses-bad-signature", "storage/request signed by another key is refused (\"Invalid signature for space request\")",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await request(ctx, a, key: try FlowSupport.randomKey()), containing: "Invalid signature", "a space request signed by a stranger")
            },
            ConformanceCase(
                "space.request.refuses-stale-time", "storage/request with a time more than 300 s old is refused (\"Stale auth time\")",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await request(ctx, a, offsetSeconds: -400), containing: "Stale auth time", "a space request dated 400 s ago")
            },
            ConformanceCase(
                "space.request.answers-payment-properties", "A valid storage/request answers the unpaid PaymentProperties with the account's quota",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let q = try integer(ctx, try await quota(ctx, a), "storage/quota")
                let r = try await request(ctx, a)
                try ctx.expectStatus(r, 200, "storage/request")
                guard let m = try? CborObject.decode(r.body, options: .upstreamCompatible).asMap("PaymentProperties") else {
                    throw ctx.fail("storage/request: expected a CBOR map, got \(RecordedExchange.show(r.body))")
                }
                try ctx.expect(m["freeQuota"] == .integer(q), "PaymentProperties freeQuota is \(String(describing: m["freeQuota"])), the quota is \(q)")
                try ctx.expect(m["annual"] == .bool(false) && m["desiredQuota"] == .integer(0) && m["nextCharge"] == .integer(0),
                               "PaymentProperties is not the unpaid {annual: false, desiredQuota: 0, nextCharge: 0}: \(m)")
            },
        ]
    }

    static func userBats(_ ctx: CaseContext, _ a: AccountFixture, offsetSeconds: Double = 0, key: SigningKeyPair? = nil) async throws -> ProbeResponse {
        let path = "peergos/v0/bats/getUserBats"
        return try await ctx.post(path, query: [
            ("username", a.username), ("auth", FlowSupport.signedRequest(key ?? a.session.identity, path: path, offsetSeconds: offsetSeconds)),
        ])
    }

    static var bats: [ConformanceCase] {
        [
            ConformanceCase(
                "space.getUserBats.answers-mirror-bats", "getUserBats with a fresh signed request answers the CBOR list holding the account's mirror BAT",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                guard let mirror = a.session.mirrorBat else { throw CaseSkip("the client made no mirror BAT at signup") }
                let r = try await userBats(ctx, a)
                try ctx.expectStatus(r, 200, "getUserBats")
                guard let list = try? CborObject.decode(r.body, options: .upstreamCompatible).asList("bats") else {
                    throw ctx.fail("getUserBats: expected a CBOR list, got \(RecordedExchange.show(r.body))")
                }
                let bats = list.compactMap { try? BatWithId(cbor: $0) }
                try ctx.expect(bats.count == list.count, "getUserBats: not every item is a BatWithId")
                try ctx.expect(bats.contains { $0.id == mirror.id && $0.bat == mirror.bat }, "getUserBats lacks the mirror BAT \(mirror.id) made at signup")
            },
            ConformanceCase(
                "space.getUserBats.refuses-stale-request", "getUserBats with a request signed more than 300 s ago is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await userBats(ctx, a, offsetSeconds: -400), "getUserBats signed 400 s ago")
            },
            ConformanceCase(
                "space.getUserBats.refuses-forged-auth", "getUserBats with a request signed by another key is refused",
                level: .must, spec: "http.md#space", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try ctx.expectRefusal(try await userBats(ctx, a, key: try FlowSupport.randomKey()), "getUserBats signed by a stranger")
            },
        ]
    }
}
