import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosStorage

/// Raw-HTTP helpers shared by the `storage`, `champ`, `links` and `http` cases: signed bulk puts,
/// answers read back, the identity WriterData of a user, gzip framing. Everything here talks to
/// the server through ``CaseContext`` only, so every exchange is recorded.
enum StorageSupport {
    static let putPath = "api/v0/block/put/bulk"

    /// `{b: blocks, s: signatures}`, the body of `block/put/bulk`.
    static func putBody(_ blocks: [[UInt8]], _ signatures: [[UInt8]]) -> [UInt8] {
        CborObject.map(["b": .list(blocks.map { .bytes($0) }), "s": .list(signatures.map { .bytes($0) })]).serialize()
    }

    /// The writer key's attached signature over SHA-256 of each block, as a put carries it.
    static func signatures(_ blocks: [[UInt8]], by key: SigningKeyPair) -> [[UInt8]] {
        blocks.map { key.signMessage(Hash.sha256($0)) }
    }

    /// A raw `block/put/bulk` request.
    static func put(_ ctx: CaseContext, owner: PublicKeyHash, writer: PublicKeyHash, format: String, body: [UInt8],
                    transaction: String = "conformance") async throws -> ProbeResponse {
        try await ctx.post(putPath, query: [("owner", owner.description), ("writer", writer.description), ("transaction", transaction),
                                            ("format", format)], body: body)
    }

    /// Puts `blocks` signed by `key` (its own writer) for `owner`.
    static func put(_ ctx: CaseContext, owner: PublicKeyHash, key: SigningKeyPair, format: String, blocks: [[UInt8]]) async throws -> ProbeResponse {
        try await put(ctx, owner: owner, writer: key.publicKey.publicKeyHash, format: format, body: putBody(blocks, signatures(blocks, by: key)))
    }

    /// The CIDs of a put's answer: `{"Hash":"<cid>"}` objects, concatenated.
    static func hashes(_ body: [UInt8]) -> [String] {
        let text = String(decoding: body, as: UTF8.self)
        return text.components(separatedBy: "\"Hash\":\"").dropFirst().compactMap { part in
            part.firstIndex(of: "\"").map { String(part[..<$0]) }
        }
    }

    /// The CID the server must compute: CIDv1, SHA-256, the requested codec.
    static func expectedCid(_ block: [UInt8], _ codec: Cid.Codec) throws -> Cid { try Cid.sha256(codec: codec, digest: Hash.sha256(block)) }

    /// A CID of random bytes, of a block nobody stored.
    static func randomCid(_ codec: Cid.Codec = .raw) throws -> Cid { try expectedCid(randomBytes(32), codec) }

    static func randomBytes(_ n: Int) -> [UInt8] { SystemRandom.shared.bytes(n) }

    /// A fresh signing key, registered nowhere.
    static func freshKey() throws -> SigningKeyPair { try SigningKeyPair(seed: randomBytes(32)) }

    /// `block/get`: the raw answer.
    static func get(_ ctx: CaseContext, owner: PublicKeyHash? = nil, _ cid: String) async throws -> ProbeResponse {
        var query: [(String, String)] = []
        if let owner { query.append(("owner", owner.description)) }
        query.append(("arg", cid))
        return try await ctx.post("api/v0/block/get", query: query)
    }

    /// `block/stat`: the `Size`, failing the case unless the answer is 200 JSON `{"Size": n}`.
    static func statSize(_ ctx: CaseContext, _ cid: String) async throws -> Int {
        let r = try await ctx.post("api/v0/block/stat", query: [("arg", cid)])
        try ctx.expectStatus(r, 200, "block/stat")
        guard let json = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any], let size = json["Size"] as? Int else {
            throw ctx.fail("block/stat: expected JSON {\"Size\": n}, got \(RecordedExchange.show(r.body))")
        }
        return size
    }

    /// Fails the case unless `cid` is absent from the server: `block/get` empty and `block/stat` 0.
    static func expectNotStored(_ ctx: CaseContext, _ cid: Cid, _ what: String) async throws {
        let r = try await get(ctx, cid.description)
        try ctx.expectStatus(r, 200, "block/get of \(what)")
        try ctx.expect(r.body.isEmpty, "\(what) was refused but stored anyway: block/get answers \(r.body.count) bytes")
        let size = try await statSize(ctx, cid.description)
        try ctx.expect(size == 0, "\(what) was refused but stored anyway: block/stat says Size \(size)")
    }

    /// The identity key hash of `username`, or a failure when the server does not know it.
    static func identity(_ ctx: CaseContext, of username: String) async throws -> PublicKeyHash {
        guard let id = try await ctx.client().api.publicKey(username: username) else { throw ctx.fail("core/getPublicKey does not know \(username)") }
        return id
    }

    /// The identity WriterData of `owner` (its pointer's target, read and checked here): nil
    /// when it has no pointer.
    static func identityWriterData(_ ctx: CaseContext, owner: PublicKeyHash) async throws -> WriterData? {
        let api = ctx.client().api
        guard let signed = try await api.pointer(owner: owner, writer: owner) else { return nil }
        guard let keyCbor = owner.inlineKeyCbor, let key = try? PublicSigningKey(cborBytes: keyCbor) else {
            throw CaseSkip("the identity \(owner) is not an inline Ed25519 key")
        }
        guard let payload = try? key.unsignMessage(signed),
              let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)) else {
            throw ctx.fail("the identity pointer of \(owner) is not signed by its key")
        }
        guard let target = update.updated else { return nil }
        let r = try await get(ctx, owner: owner, target.description)
        try ctx.expectStatus(r, 200, "block/get of the identity WriterData")
        try ctx.expect(try expectedCid(r.body, target.codec) == target, "block/get of \(target) answered bytes of another CID")
        do { return try WriterData(cbor: CborObject.decode(r.body, options: .upstreamCompatibleWithTextLinks)) } catch {
            throw ctx.fail("the identity WriterData \(target) does not parse: \(error)")
        }
    }

    // MARK: gzip

    /// `bytes` as a gzip member (RFC 1952) of stored (uncompressed) deflate blocks: enough to
    /// check a server decodes `Content-Encoding: gzip` without a compressor here.
    static func gzip(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]
        var chunks = stride(from: 0, to: max(bytes.count, 1), by: 65535).map { Array(bytes[$0..<min($0 + 65535, bytes.count)]) }
        if chunks.isEmpty { chunks = [[]] }
        for (i, chunk) in chunks.enumerated() {
            out.append(i == chunks.count - 1 ? 1 : 0)
            let n = UInt16(chunk.count)
            out += [UInt8(n & 0xff), UInt8(n >> 8), UInt8(~n & 0xff), UInt8(~n >> 8)]
            out += chunk
        }
        out += le32(crc32(bytes)) + le32(UInt32(truncatingIfNeeded: bytes.count))
        return out
    }

    static func le32(_ v: UInt32) -> [UInt8] { (0..<4).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }

    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xffff_ffff
        for b in bytes {
            crc ^= UInt32(b)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xedb8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A DataStream body holding one string.
    static func dataStreamString(_ s: String) -> [UInt8] {
        var w = DataStreamWriter()
        w.string(s)
        return w.bytes
    }
}
