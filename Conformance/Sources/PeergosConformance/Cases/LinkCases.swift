import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosClient
import PeergosMultiformats

/// Area `links`: `link/get`, the unauthenticated read of a secret link's EncryptedCapability
/// (Spec/http.md#link-get, #secret-links).
///
/// Links are published through the client library by the account `links`, on one small file;
/// each case makes its own link (own label), so retrieval counts never interfere.
enum LinkCases {
    typealias S = StorageSupport
    static let path = "api/v0/link/get"
    /// The cases that publish or delete links move the identity pointer of the account `links`:
    /// one at a time (the client library's compare-and-swap retries are bounded).
    static let serial = "links-account-pointer"

    /// The account `links` and the path of its linked file, uploaded once per run.
    static func linkedFile(_ ctx: CaseContext) async throws -> (AccountFixture, String) {
        let a = try await ctx.fixtures.account("links")
        let file = "/\(a.username)/linked.txt"
        _ = try await ctx.fixtures.shared("links.file") { () async throws -> Bool in
            try await a.session.upload(file, from: BytesSource(Array("a file behind secret links".utf8)))
            return true
        }
        return (a, file)
    }

    /// A new secret link of the account `links`.
    static func createLink(_ ctx: CaseContext, expiry: Date? = nil, max: Int? = nil) async throws -> (AccountFixture, SecretLink) {
        let (a, file) = try await linkedFile(ctx)
        do {
            return (a, try await a.session.createSecretLink(file, expiry: expiry, maxRetrievals: max).link)
        } catch {
            throw CaseSkip("the client library could not publish a secret link: \(error)")
        }
    }

    static func get(_ ctx: CaseContext, owner: String, label: String) async throws -> ProbeResponse {
        try await ctx.post(path, query: [("owner", owner), ("label", label)])
    }

    static func get(_ ctx: CaseContext, _ link: SecretLink) async throws -> ProbeResponse {
        try await get(ctx, owner: link.owner.description, label: String(link.label))
    }

    /// Fails unless `r` serves the link's EncryptedCapability: 200, CBOR that decrypts with the
    /// link's password to a read-only capability of the link's owner.
    static func expectServed(_ ctx: CaseContext, _ r: ProbeResponse, _ link: SecretLink, _ what: String) throws {
        try ctx.expectStatus(r, 200, what)
        let encrypted: EncryptedCapability
        do { encrypted = try EncryptedCapability(cborBytes: r.body, options: .upstreamCompatibleWithTextLinks) } catch {
            throw ctx.fail("\(what): the answer is not an EncryptedCapability: \(error)")
        }
        let cap: AbsoluteCapability
        do { cap = try encrypted.decrypt(link: link) } catch { throw ctx.fail("\(what): the EncryptedCapability does not decrypt with the link's password: \(error)") }
        try ctx.expect(cap.owner == link.owner, "\(what): the capability is of owner \(cap.owner), not the link's \(link.owner)")
        try ctx.expect(!cap.isWritable, "\(what): a read-only link served a writable capability")
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase("links.link-get.serves-encrypted-capability", "link/get serves a published link's EncryptedCapability, which the link's password opens",
                            level: .must, spec: "http.md#link-get", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx)
                try expectServed(ctx, try await get(ctx, link), link, "link/get of a fresh link")
            },
            ConformanceCase("links.link-get.serves-repeatedly-without-max", "link/get serves a link without a retrieval limit every time, the same bytes",
                            level: .must, spec: "http.md#link-get", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx)
                let first = try await get(ctx, link)
                try expectServed(ctx, first, link, "retrieval 1")
                for i in 2...4 {
                    let r = try await get(ctx, link)
                    try ctx.expectStatus(r, 200, "retrieval \(i)")
                    try ctx.expect(r.body == first.body, "retrieval \(i) served other bytes than retrieval 1")
                }
            },
            ConformanceCase("links.link-get.serves-before-expiry", "link/get serves a link whose expiry is in the future",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx, expiry: Date(timeIntervalSinceNow: 3600))
                try expectServed(ctx, try await get(ctx, link), link, "link/get of a link expiring in an hour")
            },
            ConformanceCase("links.link-get.refuses-expired", "link/get refuses a link whose expiry has passed: \"Secret link expired!\"",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx, expiry: Date(timeIntervalSinceNow: -120))
                try ctx.expectRefusal(try await get(ctx, link), containing: "Secret link expired!", "link/get of a link that expired 2 minutes ago")
            },
            ConformanceCase("links.link-get.refuses-after-max-retrievals", "link/get serves a link max times, then refuses: \"Maximum link retrievals exceed!\"",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx, max: 2)
                let first = try await get(ctx, link)
                try expectServed(ctx, first, link, "retrieval 1 of a link with max 2")
                let second = try await get(ctx, link)
                try ctx.expectStatus(second, 200, "retrieval 2 of a link with max 2")
                try ctx.expect(second.body == first.body, "retrieval 2 of a link with max 2 served other bytes than retrieval 1")
                try ctx.expectRefusal(try await get(ctx, link), containing: "Maximum link retrievals exceed!", "retrieval 3 of a link with max 2")
                try ctx.expectRefusal(try await get(ctx, link), containing: "Maximum link retrievals exceed!", "retrieval 4 of a link with max 2")
            },
            ConformanceCase("links.link-get.refuses-absent-label", "link/get of a label the owner never published is refused: \"No secret link present!\"",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating], serialGroup: serial) { ctx in
                let (_, link) = try await createLink(ctx)
                let other = link.label == 1 ? 2 : link.label - 1
                try ctx.expectRefusal(try await get(ctx, owner: link.owner.description, label: String(other)), containing: "No secret link present!",
                                      "link/get of an unpublished label")
            },
            ConformanceCase("links.link-get.refuses-deleted", "link/get of a link the owner deleted is refused: \"No secret link present!\"",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating], serialGroup: serial) { ctx in
                let (a, link) = try await createLink(ctx)
                do { try await a.session.deleteSecretLink(link.link) } catch { throw CaseSkip("the client library could not delete the link: \(error)") }
                try ctx.expectRefusal(try await get(ctx, link), containing: "No secret link present!", "link/get of a deleted link")
            },
            ConformanceCase("links.link-get.refuses-when-none-published", "link/get from an owner who never published a link is refused: \"No secret link published!\"",
                            level: .must, spec: "http.md#secret-links", tags: [.mutating]) { ctx in
                // The storage area's account never publishes a secret link.
                let a = try await ctx.fixtures.account(StorageCases.role)
                try ctx.expectRefusal(try await get(ctx, owner: a.session.id.description, label: "12345"), containing: "No secret link published!",
                                      "link/get from an account without links")
            },
            ConformanceCase("links.link-get.refuses-unknown-owner", "link/get from a key hash no user has is refused",
                            level: .must, spec: "http.md#link-get", tags: [.readOnly]) { ctx in
                let stranger = try S.freshKey().publicKey.publicKeyHash
                try ctx.expectRefusal(try await get(ctx, owner: stranger.description, label: "12345"), "link/get from an unknown owner")
            },
            ConformanceCase("links.link-get.refuses-malformed-label", "link/get whose label is not a signed 64-bit decimal is refused",
                            level: .must, spec: "http.md#link-get", tags: [.readOnly]) { ctx in
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                for label in ["12ab", "", "9223372036854775808", "1.5", "0x10"] {
                    try ctx.expectRefusal(try await get(ctx, owner: owner.description, label: label), "link/get with label=\"\(label)\"")
                }
                try ctx.expectRefusal(try await ctx.post(path, query: [("owner", owner.description)]), "link/get without label")
            },
            ConformanceCase("links.link-get.refuses-bad-owner", "link/get whose owner is not a key hash is refused",
                            level: .must, spec: "http.md#link-get", tags: [.readOnly]) { ctx in
                try ctx.expectRefusal(try await get(ctx, owner: "zNotAKeyHash0OIl", label: "1"), "link/get with owner=zNotAKeyHash0OIl")
            },
        ]
    }
}
