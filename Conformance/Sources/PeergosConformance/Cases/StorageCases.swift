import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// Area `storage`: transactions, signed bulk block puts, block get and stat
/// (Spec/http.md#storage, #block-put, #authorisation, #transactions).
///
/// Mutating cases write only under the account `store` (its identity is a registered writer);
/// no case here publishes a secret link for it, which `links.link-get.refuses-when-none-published` relies on.
enum StorageCases {
    static let role = "store"
    typealias S = StorageSupport

    static var all: [ConformanceCase] { transactions + puts + refusals + reads }

    static var transactions: [ConformanceCase] {
        [
            ConformanceCase("storage.transaction-start.answers-id", "transaction/start answers a fresh non-empty id", level: .must,
                            spec: "http.md#transactions", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let r1 = try await ctx.post("api/v0/transaction/start", query: [("owner", a.session.id.description)])
                try ctx.expectStatus(r1, 200, "transaction/start")
                let r2 = try await ctx.post("api/v0/transaction/start", query: [("owner", a.session.id.description)])
                try ctx.expectStatus(r2, 200, "a second transaction/start")
                let (t1, t2) = (String(decoding: r1.body, as: UTF8.self), String(decoding: r2.body, as: UTF8.self))
                try ctx.expect(!t1.isEmpty && !t2.isEmpty, "transaction/start answered an empty id")
                try ctx.expect(t1 != t2, "two transaction/start calls answered the same id \(t1)")
            },
            ConformanceCase("storage.transaction-close.answers-one", "transaction/close of a started transaction answers JSON 1", level: .must,
                            spec: "http.md#transactions", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let r1 = try await ctx.post("api/v0/transaction/start", query: [("owner", a.session.id.description)])
                try ctx.expectStatus(r1, 200, "transaction/start")
                let id = String(decoding: r1.body, as: UTF8.self)
                let r2 = try await ctx.post("api/v0/transaction/close", query: [("owner", a.session.id.description), ("arg", id)])
                try ctx.expectStatus(r2, 200, "transaction/close")
                try ctx.expect(String(decoding: r2.body, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "1",
                               "transaction/close: expected JSON 1, got \(RecordedExchange.show(r2.body))")
            },
            ConformanceCase("storage.transaction-start.refuses-bad-owner", "transaction/start with an owner that is not a key hash is refused",
                            level: .must, spec: "http.md#transactions", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/transaction/start", query: [("owner", "not-a-key-hash")])
                try ctx.expectRefusal(r, "transaction/start with owner=not-a-key-hash")
            },
        ]
    }

    /// Puts `blocks` in `format`, checks the answered CIDs are the ones recomputed here, and that
    /// block/get serves each back byte for byte.
    static func putAndReadBack(_ ctx: CaseContext, format: String, codec: Cid.Codec, blocks: [[UInt8]]) async throws {
        let a = try await ctx.fixtures.account(role)
        let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: format, blocks: blocks)
        try ctx.expectStatus(r, 200, "block/put/bulk of \(blocks.count) \(format) blocks")
        let answered = S.hashes(r.body)
        let expected = try blocks.map { try S.expectedCid($0, codec).description }
        try ctx.expect(answered == expected, "block/put/bulk answered CIDs \(answered), expected CIDv1 SHA-256 \(format) \(expected)")
        for (cid, block) in zip(expected, blocks) {
            let g = try await S.get(ctx, owner: a.session.id, cid)
            try ctx.expectStatus(g, 200, "block/get \(cid)")
            try ctx.expect(g.body == block, "block/get \(cid) answered \(g.body.count) bytes that are not the \(block.count) bytes stored")
        }
    }

    static var puts: [ConformanceCase] {
        [
            ConformanceCase("storage.block-put-bulk.raw-cids-recomputed", "block/put/bulk of raw blocks answers their CIDv1 SHA-256 raw CIDs, served back byte for byte",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                try await putAndReadBack(ctx, format: "raw", codec: .raw, blocks: [S.randomBytes(100), S.randomBytes(1), S.randomBytes(5000)])
            },
            ConformanceCase("storage.block-put-bulk.dag-cbor-cids-recomputed", "block/put/bulk of dag-cbor blocks answers their CIDv1 SHA-256 dag-cbor CIDs, served back byte for byte",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let blocks = (0..<3).map { i in
                    CborObject.map(["n": .integer(Int64(i)), "r": .bytes(S.randomBytes(20)), "l": .link(try! S.randomCid().bytes)]).serialize()
                }
                try await putAndReadBack(ctx, format: "dag-cbor", codec: .dagCbor, blocks: blocks)
            },
            ConformanceCase("storage.block-put-bulk.repeat-put-same-cid", "Putting a block already stored answers the same CID and keeps the block",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let block = S.randomBytes(64)
                try await putAndReadBack(ctx, format: "raw", codec: .raw, blocks: [block])
                try await putAndReadBack(ctx, format: "raw", codec: .raw, blocks: [block])
            },
        ]
    }

    /// Sends a put that must be refused (message containing `text` when given), then checks that
    /// none of `blocks` was stored.
    static func expectPutRefused(_ ctx: CaseContext, _ r: ProbeResponse, containing text: String? = nil, blocks: [[UInt8]], codec: Cid.Codec = .raw,
                                 _ what: String) async throws {
        try ctx.expectRefusal(r, containing: text, what)
        for block in blocks { try await S.expectNotStored(ctx, try S.expectedCid(block, codec), "a block of the refused put") }
    }

    static var refusals: [ConformanceCase] {
        [
            ConformanceCase("storage.block-put-bulk.refuses-forged-signature", "A block whose signature is random bytes is refused and not stored",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(80)
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw", body: S.putBody([block], [S.randomBytes(96)]))
                try await expectPutRefused(ctx, r, containing: "Invalid signature for block", blocks: [block], "a put with a forged signature")
            },
            ConformanceCase("storage.block-put-bulk.refuses-signature-of-other-block", "A block carrying the writer's signature of another block is refused and not stored",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(80)
                let other = S.signatures([S.randomBytes(80)], by: a.session.identity)
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw", body: S.putBody([block], other))
                try await expectPutRefused(ctx, r, containing: "Invalid signature for block", blocks: [block], "a put signed over another block")
            },
            ConformanceCase("storage.block-put-bulk.refuses-signature-by-other-key", "A block signed by a key other than the writer's is refused and not stored",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(80)
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw",
                                        body: S.putBody([block], S.signatures([block], by: try S.freshKey())))
                try await expectPutRefused(ctx, r, containing: "Invalid signature for block", blocks: [block], "a put signed by another key")
            },
            ConformanceCase("storage.block-put-bulk.refuses-signature-count-mismatch", "A put with fewer signatures than blocks is refused and stores nothing",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let blocks = [S.randomBytes(40), S.randomBytes(40)]
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw",
                                        body: S.putBody(blocks, S.signatures([blocks[0]], by: a.session.identity)))
                try await expectPutRefused(ctx, r, blocks: blocks, "a put of 2 blocks with 1 signature")
            },
            ConformanceCase("storage.block-put-bulk.refuses-malformed-dag-cbor", "A signed dag-cbor block that is not CBOR is refused and not stored",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block: [UInt8] = [0xff, 0xfe] + S.randomBytes(16)
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: "dag-cbor", blocks: [block])
                try await expectPutRefused(ctx, r, blocks: [block], codec: .dagCbor, "a dag-cbor put of bytes that are not CBOR")
            },
            ConformanceCase("storage.block-put-bulk.refuses-malformed-body", "A put whose body is not the CBOR {b, s} group is refused",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw", body: [0xa2, 0x61, 0x62, 0xff, 0x00])
                try ctx.expectRefusal(r, "a put whose body is not CBOR")
            },
            ConformanceCase("storage.block-put-bulk.refuses-over-size-limit", "A put whose blocks total more than 1 MiB + 100 bytes is refused and stores nothing",
                            level: .must, spec: "http.md#block-put", tags: [.mutating, .slow]) { ctx in
                let a = try await ctx.fixtures.account(role)
                // 2 × 524,339 = 1,048,678 bytes: 2 over the limit, while the body stays under any sane body bound.
                let blocks = [S.randomBytes(524_339), S.randomBytes(524_339)]
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: "raw", blocks: blocks)
                try await expectPutRefused(ctx, r, blocks: blocks, "a put of 1 MiB + 102 bytes of blocks")
            },
            ConformanceCase("storage.block-put-bulk.accepts-size-limit", "A put whose blocks total exactly 1 MiB + 100 bytes is accepted",
                            level: .must, spec: "http.md#block-put", tags: [.mutating, .slow]) { ctx in
                try await putAndReadBack(ctx, format: "raw", codec: .raw, blocks: [S.randomBytes(524_338), S.randomBytes(524_338)])
            },
            ConformanceCase("storage.block-put-bulk.refuses-unregistered-writer", "A correctly signed put by a key no user owns is refused and not stored",
                            level: .must, spec: "http.md#authorisation", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let stranger = try S.freshKey()
                let block = S.randomBytes(80)
                let r = try await S.put(ctx, owner: a.session.id, key: stranger, format: "raw", blocks: [block])
                try await expectPutRefused(ctx, r, containing: "Key not allowed to write to this server", blocks: [block], "a put by an unregistered writer")
            },
            ConformanceCase("storage.block-put-bulk.all-or-nothing", "A put with one badly signed block stores none of its blocks",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let blocks = [S.randomBytes(50), S.randomBytes(50), S.randomBytes(50)]
                var sigs = S.signatures(blocks, by: a.session.identity)
                sigs[2] = S.signatures([blocks[0]], by: a.session.identity)[0]
                let r = try await S.put(ctx, owner: a.session.id, writer: a.session.id, format: "raw", body: S.putBody(blocks, sigs))
                try await expectPutRefused(ctx, r, blocks: blocks, "a put whose last block's signature is over the first block")
            },
            ConformanceCase("storage.block-put-bulk.refuses-bad-writer", "A put whose writer parameter is not a key hash is refused",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(30)
                let r = try await ctx.post(S.putPath, query: [("owner", a.session.id.description), ("writer", "zNotAKeyHash0"), ("transaction", "t"), ("format", "raw")],
                                           body: S.putBody([block], S.signatures([block], by: a.session.identity)))
                try await expectPutRefused(ctx, r, blocks: [block], "a put with writer=zNotAKeyHash0")
            },
            ConformanceCase("storage.block-put-bulk.refuses-unknown-format", "A put with a format other than raw or dag-cbor is refused",
                            level: .must, spec: "http.md#block-put", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(30)
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: "no-such-codec", blocks: [block])
                try await expectPutRefused(ctx, r, blocks: [block], "a put with format=no-such-codec")
            },
        ]
    }

    static var reads: [ConformanceCase] {
        [
            ConformanceCase("storage.block-get.absent-answers-empty", "block/get of a CID nobody stored answers 200 with an empty body",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let r = try await S.get(ctx, try S.randomCid().description)
                try ctx.expectStatus(r, 200, "block/get of an absent block")
                try ctx.expect(r.body.isEmpty, "block/get of an absent block: expected an empty body, got \(RecordedExchange.show(r.body))")
            },
            ConformanceCase("storage.block-get.refuses-bad-cid", "block/get with arg that is not a CID is refused",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let r = try await S.get(ctx, "zNotACid0OIl")
                try ctx.expectRefusal(r, "block/get?arg=zNotACid0OIl")
            },
            ConformanceCase("storage.block-get.refuses-missing-arg", "block/get without arg is refused",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/block/get")
                try ctx.expectRefusal(r, "block/get without arg")
            },
            ConformanceCase("storage.block-stat.answers-size", "block/stat of a stored block answers its size",
                            level: .must, spec: "http.md#storage", tags: [.mutating]) { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(1234)
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: "raw", blocks: [block])
                try ctx.expectStatus(r, 200, "block/put/bulk")
                let size = try await S.statSize(ctx, try S.expectedCid(block, .raw).description)
                try ctx.expect(size == 1234, "block/stat of a 1234-byte block: expected Size 1234, got \(size)")
            },
            ConformanceCase("storage.block-stat.absent-answers-zero", "block/stat of a CID nobody stored answers Size 0",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let size = try await S.statSize(ctx, try S.randomCid().description)
                try ctx.expect(size == 0, "block/stat of an absent block: expected Size 0, got \(size)")
            },
            ConformanceCase("storage.block-stat.refuses-bad-cid", "block/stat with arg that is not a CID is refused",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/block/stat", query: [("arg", "zNotACid0OIl")])
                try ctx.expectRefusal(r, "block/stat?arg=zNotACid0OIl")
            },
            ConformanceCase("storage.block-get.sends-etag", "block/get of a stored block sends an ETag naming its CID",
                            level: .should, spec: "http.md#storage", tags: [.mutating],
                            note: "Caching headers help clients and proxies; a client works without them.") { ctx in
                let a = try await ctx.fixtures.account(role)
                let block = S.randomBytes(40)
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: "raw", blocks: [block])
                try ctx.expectStatus(r, 200, "block/put/bulk")
                let cid = try S.expectedCid(block, .raw).description
                let g = try await S.get(ctx, cid)
                try ctx.expectStatus(g, 200, "block/get")
                try ctx.expect(g.header("ETag")?.contains(cid) == true, "block/get: expected an ETag containing \(cid), got \(g.header("ETag") ?? "none")")
            },
        ]
    }
}
