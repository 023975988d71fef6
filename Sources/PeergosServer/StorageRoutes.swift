import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosServerStorage
import Synchronization

/// `/api/v0/`: node id, transactions, signed bulk block puts, block get and stat.
struct StorageRoutes: Sendable {
    let server: PeergosServer

    func add(to router: Router<BasicRequestContext>) {
        let reads = server.reads
        let id = server.nodeId.description
        let faults = server.faults
        router.post("/api/v0/id") { _, _ in Responses.json(["ID": id]) }
        router.post("/api/v0/ids") { _, _ in Responses.json(["IDS": [id]]) }
        router.post("/api/v0/blockstore/props") { _, _ in
            Responses.bytes(CborObject.map(["w": .bool(false), "ar": .bool(false), "pr": .bool(false)]).serialize())
        }
        // Transactions: upstream keeps the blocks written in an open transaction safe from its
        // garbage collector until the transaction closes. This server never deletes a block, so
        // that guarantee holds for every block without bookkeeping: start hands out a fresh id,
        // close answers 1. Both check their parameters (Spec/http.md#transactions).
        router.post("/api/v0/transaction/start") { request, _ in
            _ = try Self.publicKeyHash(try request.required("owner"))
            return Responses.text(UUID().uuidString.lowercased())
        }
        router.post("/api/v0/transaction/close") { request, _ in
            _ = try request.required("arg")
            if let owner = request.parameter("owner") { _ = try Self.publicKeyHash(owner) }
            return Responses.text("1")
        }
        router.postBlocking("/api/v0/block/put/bulk", bodyLimit: Self.putBulkBodyLimit) { request, body in
            let query = request.query
            let writer = try Self.publicKeyHash(try query.required("writer"))
            // Upstream requires the parameter; usage is charged to the writer's user, as upstream's.
            _ = try Self.publicKeyHash(try query.required("owner"))
            let format = query.parameter("format") ?? "dag-cbor"
            guard let codec = Self.blockCodec(format: format) else { throw PeergosServerError.malformed("Unknown block format \(format)") }
            return Responses.bytes(try Self.putBulk(body, writer: writer, codec: codec, server: server))
        }
        router.postReading("/api/v0/block/get") { request in
            let arg = try request.required("arg")
            let cid = try Self.cid(arg)
            if cid.isIdentity { return Responses.bytes(faults.served(cid.multihash.digest)) }
            guard let data = try reads.block(cid) else { return Responses.bytes([]) }
            var response = Responses.bytes(faults.served(data))
            response.headers[.eTag] = "\"\(Self.canonicalText(of: cid, parsedFrom: arg))\""
            response.headers[.cacheControl] = "public, max-age=31622400 immutable"
            return response
        }
        router.postReading("/api/v0/block/stat") { request in
            let cid = try Self.cid(try request.required("arg"))
            let size = cid.isIdentity ? cid.multihash.digest.count : (try reads.blockSize(cid) ?? 0)
            return Responses.json(["Size": size])
        }
    }

    /// The most bytes a `block/put/bulk` body may hold: the blocks' limit plus room for signatures.
    static let putBulkBodyLimit = ServerLimits.maxBlockSize + 64 * 1024

    /// The codec a `block/put/bulk` `format` names (`raw`, `dag-cbor` or `cbor`), else nil.
    static func blockCodec(format: String) -> Cid.Codec? {
        switch format {
        case "raw": return .raw
        case "dag-cbor", "cbor": return .dagCbor
        default: return nil
        }
    }

    /// `block/put/bulk`'s work once its parameters are parsed (``checkedPut(_:writer:codec:server:)``,
    /// then the write); returns the answer once the write is durable.
    static func putBulk(_ body: [UInt8], writer: PublicKeyHash, codec: Cid.Codec, server: PeergosServer) throws -> [UInt8] {
        let put = try checkedPut(body, writer: writer, codec: codec, server: server)
        try server.database.putBlocks(put.blocks, chargedTo: put.username, quota: server.defaultQuota)
        return put.answer
    }

    /// A `block/put/bulk` checked and ready to write: its blocks, the user charged, and the answer.
    struct CheckedPut: Sendable {
        let blocks: [(cid: Cid, data: [UInt8])]
        let username: String?
        let answer: [UInt8]
    }

    /// Everything of `block/put/bulk` before its write: only a signed-up user's writers may write
    /// (upstream `SpaceCheckingKeyFilter.allowWrite`); the blocks are verified
    /// (``verifiedBlocks(_:writer:codec:faults:)``) and charged to that user; the answer is
    /// upstream's, one `{"Hash":"<cid>"}` per block, concatenated. The route and
    /// ``BlockPutFastPath`` both use it, so both answer alike.
    static func checkedPut(_ body: [UInt8], writer: PublicKeyHash, codec: Cid.Codec, server: PeergosServer) throws -> CheckedPut {
        let username = try server.reads.writerOwner(writer)
        guard username != nil || server.faults.contains(.allowUnregisteredWriters) else { throw MutableRoutes.notAllowed(writer) }
        let blocks = try verifiedBlocks(body, writer: writer, codec: codec, faults: server.faults)
        return CheckedPut(blocks: blocks, username: username, answer: Array(blocks.map { "{\"Hash\":\"\($0.cid)\"}" }.joined().utf8))
    }

    static func cid(_ text: String) throws -> Cid {
        do { return try Cid(string: text) } catch { throw PeergosServerError.malformed("Invalid cid \(text): \(error)") }
    }

    /// `cid.description`, without encoding it again when `text`, which `cid` was parsed from, is
    /// already that: a base58btc (`z…`) CIDv1 of the 36-byte sha2-256 form, which ``Cid`` keeps
    /// byte for byte, and base58 text of bytes with no leading zero has exactly one spelling.
    static func canonicalText(of cid: Cid, parsedFrom text: String) -> String {
        cid.version == 1 && cid.bytes.count == 36 && text.utf8.first == UInt8(ascii: "z") ? text : cid.description
    }

    /// The key hash spelled `text`. Texts already parsed are looked up (a writer or owner is
    /// named again on every request); a text that fails to parse is never remembered, so it fails
    /// the same way each time.
    static func publicKeyHash(_ text: String) throws -> PublicKeyHash {
        if let known = parsedKeyHashes.withLock({ $0[text] }) { return known }
        let parsed: PublicKeyHash
        do { parsed = try PublicKeyHash(cid: Cid(string: text)) } catch { throw PeergosServerError.malformed("Invalid key hash \(text): \(error)") }
        parsedKeyHashes.withLock { known in
            if known.count >= parsedKeyHashesLimit { known.removeAll(keepingCapacity: true) }
            known[text] = parsed
        }
        return parsed
    }

    /// Texts parsed by ``publicKeyHash(_:)``, at most `parsedKeyHashesLimit` (then forgotten all at once).
    private static let parsedKeyHashes = Mutex<[String: PublicKeyHash]>([:])
    private static let parsedKeyHashesLimit = 1024

    /// The writer's key, when its hash inlines it (every Ed25519 key's does).
    static func signingKey(_ writer: PublicKeyHash) throws -> PublicSigningKey {
        guard let cbor = writer.inlineKeyCbor, let key = try? PublicSigningKey(cborBytes: cbor) else {
            throw PeergosServerError("Unknown writer key \(writer)")
        }
        return key
    }

    /// Reads `{b: [blocks], s: [signatures]}`, checks each signature opens to the block's SHA-256
    /// under the writer's key (unless ``ServerFaults/acceptForgedSignatures``) and each block's
    /// size, and computes the CIDs itself.
    static func verifiedBlocks(_ body: [UInt8], writer: PublicKeyHash, codec: Cid.Codec, faults: ServerFaults = []) throws -> [(cid: Cid, data: [UInt8])] {
        let group: CborMap
        do { group = try CborObject.decode(body, options: .upstreamCompatible).asMap("BlockWriteGroup") } catch {
            throw PeergosServerError.malformed("Invalid block write group: \(error)")
        }
        let blocks = try (group["b"]?.asList("b") ?? []).map { try $0.asBytes("block") }
        let signatures = try (group["s"]?.asList("s") ?? []).map { try $0.asBytes("signature") }
        guard blocks.count == signatures.count, !blocks.isEmpty else { throw PeergosServerError.malformed("Blocks and signatures do not match") }
        let total = blocks.reduce(0) { $0 + $1.count }
        guard total <= ServerLimits.maxBlockSize else { throw PeergosServerError("Blocks total \(total) bytes, over \(ServerLimits.maxBlockSize)") }
        let key = try signingKey(writer)
        return try zip(blocks, signatures).map { block, signature in
            let digest = Hash.sha256(block)
            guard faults.contains(.acceptForgedSignatures) || (try? key.unsignMessage(signature)) == digest else { throw PeergosServerError("Invalid signature for block!") }
            if codec == .dagCbor {
                do { _ = try CborObject.decode(block, options: .upstreamCompatibleWithTextLinks) } catch {
                    throw PeergosServerError.malformed("Invalid dag-cbor block: \(error)")
                }
            }
            return (try Cid.sha256(codec: codec, digest: digest), block)
        }
    }
}
