import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosSocial

/// Area `social`: the follow-request mailbox of `/peergos/v0/social/` (Spec/http.md#social), over
/// raw HTTP. Requests are opaque blinded blobs to the server, so the cases send well-formed
/// `{f, k}` maps with random ciphertext. Target accounts: `soc` (most cases; each sends at most
/// two requests) and `flood` (the 100-pending limit), used by no other area.
enum SocialCases {
    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "social.followRequest.stores-request", "followRequest answers true and the owner then reads the exact request",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("soc")
                let request = blind()
                try await send(ctx, request, to: target)
                let stored = try await requests(ctx, target)
                try ctx.expect(stored.contains(request), "getFollowRequests does not hold the request just accepted (\(stored.count) requests)")
            },
            ConformanceCase(
                "social.followRequest.refuses-oversize-body", "A follow request over 4096 bytes is refused and not stored",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("soc")
                let request = blind(cipherTextSize: 4200)
                try ctx.expect(request.count > 4096, "test setup: the request has only \(request.count) bytes")
                let r = try await ctx.post("peergos/v0/social/followRequest", query: [("owner", target.session.id.description)], body: request)
                try ctx.expectRefusal(r, "a follow request of \(request.count) bytes")
                let stored = try await requests(ctx, target)
                try ctx.expect(!stored.contains(request), "the oversize request was refused but stored anyway")
            },
            ConformanceCase(
                "social.followRequest.limit-100-pending", "At most 100 requests wait per owner: the 101st is answered false and not stored",
                level: .must, spec: "http.md#social", tags: [.mutating, .slow], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("flood")
                let already = try await requests(ctx, target).count
                for _ in already..<100 { try await send(ctx, blind(cipherTextSize: 16), to: target) }
                let extra = blind(cipherTextSize: 16)
                let r = try await ctx.post("peergos/v0/social/followRequest", query: [("owner", target.session.id.description)], body: extra)
                try ctx.expectBool(r, false, "the 101st pending follow request")
                let stored = try await requests(ctx, target)
                try ctx.expect(stored.count == 100 && !stored.contains(extra), "after the 101st request \(stored.count) are pending (expected 100, without it)")
            },
            ConformanceCase(
                "social.getFollowRequests.refuses-stale-time", "getFollowRequests with an owner-signed time older than 300 s is refused",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("soc")
                let r = try await ctx.post("peergos/v0/social/getFollowRequests", query: [
                    ("owner", target.session.id.description), ("auth", FlowSupport.signedTime(target.session.identity, offsetSeconds: -400)),
                ])
                try ctx.expectRefusal(r, "getFollowRequests with a time signed 400 s ago")
            },
            ConformanceCase(
                "social.getFollowRequests.refuses-forged-auth", "getFollowRequests with a time signed by another key is refused",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("soc")
                let r = try await ctx.post("peergos/v0/social/getFollowRequests", query: [
                    ("owner", target.session.id.description), ("auth", FlowSupport.signedTime(try FlowSupport.randomKey())),
                ])
                try ctx.expectRefusal(r, "getFollowRequests with a time signed by a stranger's key")
            },
            ConformanceCase(
                "social.getFollowRequests.answers-list", "getFollowRequests with a fresh signed time answers the DataStream bytes of the CBOR list of requests",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let target = try await ctx.fixtures.account("soc")
                let request = blind()
                try await send(ctx, request, to: target)
                let list = try await requests(ctx, target)
                try ctx.expect(list.contains(request), "the list of \(list.count) requests lacks the one just sent")
            },
            ConformanceCase(
                "social.removeFollowRequest.refuses-wrong-signature", "removeFollowRequest signed by another key answers false and the request stays",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let stillPending = try await removal(ctx, signedBy: { _ in try FlowSupport.randomKey() }, answered: false, "removeFollowRequest signed by a stranger")
                try ctx.expect(stillPending, "the request is gone after a removal with a wrong signature")
            },
            ConformanceCase(
                "social.removeFollowRequest.removes-with-owner-signature", "removeFollowRequest with the owner's signature over the exact request answers true and removes it",
                level: .must, spec: "http.md#social", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let stillPending = try await removal(ctx, signedBy: { $0.session.identity }, answered: true, "removeFollowRequest signed by the owner")
                try ctx.expect(!stillPending, "the request is still pending after its removal was answered true")
            },
        ]
    }

    /// A well-formed blinded request `{f: random bytes, k: fresh boxing key}` (CBOR bytes).
    static func blind(cipherTextSize: Int = 600) -> [UInt8] {
        let key = BoxingKeyPair.randomCurve25519(using: SystemRandom.shared).publicKey
        return BlindFollowRequest(cipherText: SystemRandom.shared.bytes(cipherTextSize), ephemeralKey: key).serialize()
    }

    /// Sends a fresh request to the `soc` account, asks to remove it with a signature by
    /// `signer`, checks the answer is the DataStream boolean `answered`, and tells whether the
    /// request is still pending afterwards.
    static func removal(_ ctx: CaseContext, signedBy signer: (AccountFixture) throws -> SigningKeyPair, answered: Bool,
                        _ what: String) async throws -> Bool {
        let target = try await ctx.fixtures.account("soc")
        let request = blind()
        try await send(ctx, request, to: target)
        let r = try await ctx.post("peergos/v0/social/removeFollowRequest", query: [("owner", target.session.id.description)],
                                   body: try signer(target).signMessage(request))
        try ctx.expectBool(r, answered, what)
        return try await requests(ctx, target).contains(request)
    }

    /// Sends `request` to `target`; fails unless it is answered true.
    static func send(_ ctx: CaseContext, _ request: [UInt8], to target: AccountFixture) async throws {
        let r = try await ctx.post("peergos/v0/social/followRequest", query: [("owner", target.session.id.description)], body: request)
        try ctx.expectBool(r, true, "followRequest to \(target.username)")
    }

    /// The pending requests of `target` (each its exact CBOR bytes), read with a fresh signed time.
    static func requests(_ ctx: CaseContext, _ target: AccountFixture) async throws -> [[UInt8]] {
        let r = try await ctx.post("peergos/v0/social/getFollowRequests", query: [
            ("owner", target.session.id.description), ("auth", FlowSupport.signedTime(target.session.identity)),
        ])
        try ctx.expectStatus(r, 200, "getFollowRequests")
        return try parse(ctx, r.body)
    }

    /// DataStream byte array holding a CBOR list of requests.
    static func parse(_ ctx: CaseContext, _ body: [UInt8]) throws -> [[UInt8]] {
        guard body.count >= 4 else { throw ctx.fail("getFollowRequests answered \(body.count) bytes, not a DataStream byte array") }
        let length = Int(body[0]) << 24 | Int(body[1]) << 16 | Int(body[2]) << 8 | Int(body[3])
        guard body.count == 4 + length else { throw ctx.fail("getFollowRequests: DataStream length \(length) but \(body.count - 4) bytes follow") }
        do {
            return try CborObject.decode(Array(body[4...]), options: .upstreamCompatible).asList("requests").map { $0.serialize() }
        } catch {
            throw ctx.fail("getFollowRequests: the bytes are not a CBOR list: \(error)")
        }
    }
}
