import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosStorage

/// Area `champ`: `champ/get/bulk` and `champ/get` (Spec/http.md#champ-get).
///
/// The mutating cases build their own CHAMP here (40 random keys, so two levels), put its nodes
/// and value blocks as blocks of the account `champ`, and look keys up in it: no pointer is
/// needed, the server walks blocks by CID. The read-only case looks up the probe user's owned-keys
/// (or links) CHAMP.
enum ChampCases {
    typealias S = StorageSupport
    static let bulk = "api/v0/champ/get/bulk"

    /// A CHAMP stored on the server: its root and its mappings (key → value CID).
    struct StoredChamp: Sendable {
        let root: Cid
        let mappings: [[UInt8]: Cid]
    }

    /// The run's CHAMP, built and put once.
    static func stored(_ ctx: CaseContext) async throws -> StoredChamp {
        try await ctx.fixtures.shared("champ.stored") {
            let a = try await ctx.fixtures.account("champ")
            let store = InMemoryBlockStore()
            let champ = Champ(hasher: .identity, store: store)
            var root = try champ.createEmpty()
            var mappings: [[UInt8]: Cid] = [:]
            var values: [[UInt8]] = []
            for _ in 0..<40 {
                let key = S.randomBytes(32)
                let value = S.randomBytes(48)
                let cid = try S.expectedCid(value, .raw)
                values.append(value)
                mappings[key] = cid
                root = try champ.put(root: root, key: key, value: cid, expected: nil)
            }
            let nodes = Array(store.blocks.values)
            for (format, blocks) in [("dag-cbor", nodes), ("raw", values)] {
                let r = try await S.put(ctx, owner: a.session.id, key: a.session.identity, format: format, blocks: blocks)
                guard r.status == 200 else { throw CaseSkip("could not put the CHAMP's \(format) blocks: HTTP \(r.status) \(r.trailer ?? "")") }
            }
            return StoredChamp(root: root, mappings: mappings)
        }
    }

    /// `champ/get/bulk` for `keys` (no BATs), the raw answer.
    static func lookup(_ ctx: CaseContext, owner: PublicKeyHash, root: String, keys: [[UInt8]]) async throws -> ProbeResponse {
        try await ctx.post(bulk, query: [("owner", owner.description), ("arg", root),
                                         ("caps", ChunkMirrorCap.encodeCaps(keys.map { ChunkMirrorCap(mapKey: $0, bat: nil as BatWithId?) }))])
    }

    /// The blocks of a lookup answer (a CBOR list of byte strings), failing the case otherwise.
    static func blocks(_ ctx: CaseContext, _ r: ProbeResponse) throws -> [[UInt8]] {
        try ctx.expectStatus(r, 200, "champ/get/bulk")
        do { return try CborObject.decode(r.body, options: .upstreamCompatible).asList("blocks").map { try $0.asBytes("block") } } catch {
            throw ctx.fail("champ/get/bulk: expected a CBOR list of byte strings, got \(RecordedExchange.show(r.body)) (\(error))")
        }
    }

    /// The answer's blocks as a local store, each under the CIDs its bytes hash to (dag-cbor and raw):
    /// a block whose bytes were changed is simply not found under the CID that names it.
    static func localStore(_ blocks: [[UInt8]]) throws -> InMemoryBlockStore {
        let local = InMemoryBlockStore()
        for b in blocks {
            _ = try local.put(b, codec: .dagCbor)
            _ = try local.put(b, codec: .raw)
        }
        return local
    }

    /// Repeats the lookup of `key` from `root` in the answer's blocks only.
    static func localLookup(_ ctx: CaseContext, _ local: InMemoryBlockStore, root: Cid, key: [UInt8]) throws -> Cid? {
        do { return try Champ(hasher: .identity, store: local).get(root: root, key: key) } catch {
            throw ctx.fail("the lookup of a key cannot be repeated from the answer's blocks alone (each checked against its CID): \(error)")
        }
    }

    /// Fails unless `bytes` is a canonical CHAMP node: it parses, re-encodes to the same bytes,
    /// has at most 4 mappings a bucket, with keys shorter-first then bytewise ascending.
    static func expectCanonicalNode(_ ctx: CaseContext, _ bytes: [UInt8], _ what: String) throws {
        let node: ChampNode
        do { node = try ChampNode(bytes: bytes) } catch { throw ctx.fail("\(what) is not a CHAMP node: \(error)") }
        try ctx.expect(node.serialize() == bytes, "\(what) is a CHAMP node that does not re-encode to its own bytes")
        for case .bucket(let mappings) in node.contents {
            try ctx.expect(!mappings.isEmpty && mappings.count <= Champ.maxCollisions, "\(what) has a bucket of \(mappings.count) mappings (1 to 4 allowed)")
            for (x, y) in zip(mappings, mappings.dropFirst()) {
                let ascending = x.key.count < y.key.count || (x.key.count == y.key.count && x.key.lexicographicallyPrecedes(y.key))
                try ctx.expect(ascending, "\(what) has a bucket whose keys are not in ascending order")
            }
        }
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase("champ.champ-get-bulk.serves-verifiable-lookup", "champ/get/bulk answers every block needed to repeat and verify each lookup locally",
                            level: .must, spec: "http.md#champ-get", tags: [.mutating]) { ctx in
                let champ = try await stored(ctx)
                let a = try await ctx.fixtures.account("champ")
                let keys = Array(champ.mappings.keys.sorted { $0.lexicographicallyPrecedes($1) }.prefix(5))
                let answer = try blocks(ctx, try await lookup(ctx, owner: a.session.id, root: champ.root.description, keys: keys))
                let local = try localStore(answer)
                for key in keys {
                    let value = try localLookup(ctx, local, root: champ.root, key: key)
                    try ctx.expect(value == champ.mappings[key], "a key looked up in the answer's blocks gives \(value.map(\.description) ?? "no value"), expected \(champ.mappings[key]!)")
                    try ctx.expect(try local.get(value!) != nil, "the answer lacks the value block \(value!) of a key found")
                }
            },
            ConformanceCase("champ.champ-get-bulk.proves-absent-key", "champ/get/bulk for a key not in the CHAMP answers the nodes that show it absent",
                            level: .must, spec: "http.md#champ-get", tags: [.mutating]) { ctx in
                let champ = try await stored(ctx)
                let a = try await ctx.fixtures.account("champ")
                let key = S.randomBytes(32)
                let answer = try blocks(ctx, try await lookup(ctx, owner: a.session.id, root: champ.root.description, keys: [key]))
                try ctx.expect(!answer.isEmpty, "champ/get/bulk for an absent key of an existing CHAMP answered no node at all")
                let value = try localLookup(ctx, try localStore(answer), root: champ.root, key: key)
                try ctx.expect(value == nil, "an absent key looked up in the answer's blocks has the value \(value!)")
            },
            ConformanceCase("champ.champ-get-bulk.serves-each-block-once", "champ/get/bulk for keys sharing nodes answers each block once",
                            level: .should, spec: "http.md#champ-get", tags: [.mutating],
                            note: "Duplicates waste bandwidth but a client still verifies the lookup.") { ctx in
                let champ = try await stored(ctx)
                let a = try await ctx.fixtures.account("champ")
                let answer = try blocks(ctx, try await lookup(ctx, owner: a.session.id, root: champ.root.description, keys: Array(champ.mappings.keys.prefix(20))))
                try ctx.expect(Set(answer.map { Hash.sha256($0) }).count == answer.count, "the answer holds a block more than once")
            },
            ConformanceCase("champ.champ-get-bulk.accepts-20-caps", "champ/get/bulk with exactly 20 caps answers all 20 lookups",
                            level: .must, spec: "http.md#champ-get", tags: [.mutating]) { ctx in
                let champ = try await stored(ctx)
                let a = try await ctx.fixtures.account("champ")
                let keys = Array(champ.mappings.keys.prefix(20))
                let local = try localStore(try blocks(ctx, try await lookup(ctx, owner: a.session.id, root: champ.root.description, keys: keys)))
                for key in keys {
                    let value = try localLookup(ctx, local, root: champ.root, key: key)
                    try ctx.expect(value == champ.mappings[key] && value.flatMap { try? local.get($0) } != nil, "one of 20 keys is not answered with its value block")
                }
            },
            ConformanceCase("champ.champ-get.answers-hex-key-form", "champ/get with the map key as a second hex arg answers the lookup's blocks",
                            level: .must, spec: "http.md#champ-get", tags: [.mutating]) { ctx in
                let champ = try await stored(ctx)
                let a = try await ctx.fixtures.account("champ")
                let key = champ.mappings.keys.first!
                let hex = key.map { String(format: "%02x", $0) }.joined()
                let r = try await ctx.post("api/v0/champ/get", query: [("owner", a.session.id.description), ("arg", champ.root.description), ("arg", hex)])
                let local = try localStore(try blocks(ctx, r))
                let value = try localLookup(ctx, local, root: champ.root, key: key)
                try ctx.expect(value == champ.mappings[key] && value.flatMap { try? local.get($0) } != nil, "champ/get does not answer the key's path and value block")
            },
            ConformanceCase("champ.champ-get-bulk.absent-root-answers-empty", "champ/get/bulk and champ/get from a root nobody stored answer the empty list",
                            level: .must, spec: "http.md#champ-get", tags: [.readOnly]) { ctx in
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                let root = try S.randomCid(.dagCbor).description
                let answer = try blocks(ctx, try await lookup(ctx, owner: owner, root: root, keys: [S.randomBytes(32)]))
                try ctx.expect(answer.isEmpty, "champ/get/bulk from an absent root answered \(answer.count) blocks")
                let single = try blocks(ctx, try await ctx.post("api/v0/champ/get", query: [("owner", owner.description), ("arg", root), ("arg", "00112233")]))
                try ctx.expect(single.isEmpty, "champ/get from an absent root answered \(single.count) blocks")
            },
            ConformanceCase("champ.champ-get-bulk.refuses-over-20-caps", "champ/get/bulk with 21 caps is refused",
                            level: .must, spec: "http.md#champ-get", tags: [.readOnly]) { ctx in
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                let r = try await lookup(ctx, owner: owner, root: try S.randomCid(.dagCbor).description, keys: (0..<21).map { _ in S.randomBytes(32) })
                try ctx.expectRefusal(r, "champ/get/bulk with 21 caps")
            },
            ConformanceCase("champ.champ-get-bulk.refuses-malformed-caps", "champ/get/bulk whose caps is base58 of something other than a CBOR list of caps is refused",
                            level: .must, spec: "http.md#champ-get", tags: [.readOnly]) { ctx in
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                let root = try S.randomCid(.dagCbor).description
                for (caps, what) in [(Multibase.encode([0xa1, 0x61, 0x6d], .base58btc), "truncated CBOR"),
                                     (Multibase.encode(CborObject.list([.integer(7)]).serialize(), .base58btc), "a list of integers"),
                                     ("z0OIl", "not base58")] {
                    let r = try await ctx.post(bulk, query: [("owner", owner.description), ("arg", root), ("caps", caps)])
                    try ctx.expectRefusal(r, "champ/get/bulk with caps of \(what)")
                }
            },
            ConformanceCase("champ.champ-get-bulk.refuses-bad-root", "champ/get/bulk whose root arg is not a CID is refused",
                            level: .must, spec: "http.md#champ-get", tags: [.readOnly]) { ctx in
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                let r = try await lookup(ctx, owner: owner, root: "zNotACid0OIl", keys: [S.randomBytes(32)])
                try ctx.expectRefusal(r, "champ/get/bulk with arg=zNotACid0OIl")
            },
            ConformanceCase("champ.champ-get-bulk.serves-canonical-nodes", "champ/get/bulk serves a user's CHAMP nodes canonical and matching their CIDs",
                            level: .must, spec: "http.md#champ-get", tags: [.readOnly]) { ctx in
                let username = try await ctx.fixtures.probeUsername()
                let owner = try await S.identity(ctx, of: username)
                guard let data = try await S.identityWriterData(ctx, owner: owner) else { throw CaseSkip("\(username) has no identity WriterData") }
                guard let root = data.ownedKeys ?? data.secretLinks else { throw CaseSkip("\(username)'s identity WriterData names no owned-keys or links CHAMP") }
                let keys = [S.randomBytes(32), S.randomBytes(40)]
                let answer = try blocks(ctx, try await lookup(ctx, owner: owner, root: root.description, keys: keys))
                try ctx.expect(!answer.isEmpty, "champ/get/bulk from \(username)'s CHAMP root \(root) answered no block")
                let local = try localStore(answer)
                for key in keys { _ = try localLookup(ctx, local, root: root, key: key) }
                for (i, block) in answer.enumerated() { try expectCanonicalNode(ctx, block, "block \(i) of the answer") }
            },
        ]
    }
}
