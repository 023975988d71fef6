import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// Small helpers shared by the flow, social, space and security cases: hex, signed times,
/// seeded bytes, and verified raw reads of pointers and blocks (so a case checks what the server
/// serves itself, without the client library in between).
enum FlowSupport {
    /// Lowercase hex, as query parameters carry signatures and keys.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }

    static func nowMillis(offsetSeconds: Double = 0) -> Int64 { Int64((Date().timeIntervalSince1970 + offsetSeconds) * 1000) }

    /// Hex of `key`'s signed time (CBOR integer of epoch ms), `offsetSeconds` from now.
    static func signedTime(_ key: SigningKeyPair, offsetSeconds: Double = 0) -> String {
        hex(SignedTime.sign(key, millis: nowMillis(offsetSeconds: offsetSeconds)))
    }

    /// Hex of `key`'s signed request `{p: path, t: ms}`, `offsetSeconds` from now.
    static func signedRequest(_ key: SigningKeyPair, path: String, offsetSeconds: Double = 0) -> String {
        hex(SignedRequest.sign(key, path: path, millis: nowMillis(offsetSeconds: offsetSeconds)))
    }

    /// `count` bytes from a fixed seed (a linear congruential sequence): the same on every run,
    /// different at every offset, so a misplaced chunk shows.
    static func seededBytes(_ count: Int, seed: UInt64) -> [UInt8] {
        var state = seed &* 6364136223846793005 &+ 1442695040888963407
        var out = [UInt8](repeating: 0, count: count)
        var i = 0
        while i < count {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            var word = state >> 16
            for _ in 0..<6 where i < count { out[i] = UInt8(truncatingIfNeeded: word); word >>= 8; i += 1 }
        }
        return out
    }

    /// A random Ed25519 key pair (a stranger's key).
    static func randomKey() throws -> SigningKeyPair { try SigningKeyPair(seed: SystemRandom.shared.bytes(32)) }

    /// `core/getPublicKey` of `username` read raw: the identity key hash, nil when unknown.
    static func publicKey(_ ctx: CaseContext, _ username: String) async throws -> PublicKeyHash? {
        try await ctx.client().api.publicKey(username: username)
    }

    /// The signed pointer of `writer` (raw `getPointer`), nil when empty.
    static func signedPointer(_ ctx: CaseContext, owner: PublicKeyHash, writer: PublicKeyHash) async throws -> [UInt8]? {
        let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", owner.description), ("writer", writer.description)])
        try ctx.expectStatus(r, 200, "getPointer")
        return r.body.isEmpty ? nil : r.body
    }

    /// The public signing key inlined in an identity key hash.
    static func signingKey(_ ctx: CaseContext, _ writer: PublicKeyHash) throws -> PublicSigningKey {
        guard let cbor = writer.inlineKeyCbor, let key = try? PublicSigningKey(cborBytes: cbor) else {
            throw ctx.fail("the key hash \(writer) does not inline a well-formed Ed25519 public key")
        }
        return key
    }

    /// The writer's current pointer update, its signature verified under the writer's key.
    static func pointer(_ ctx: CaseContext, owner: PublicKeyHash, writer: PublicKeyHash) async throws -> PointerUpdate? {
        guard let signed = try await signedPointer(ctx, owner: owner, writer: writer) else { return nil }
        let key = try signingKey(ctx, writer)
        guard let payload = try? key.unsignMessage(signed) else { throw ctx.fail("the pointer of \(writer) is not signed by that writer's key") }
        do { return try PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)) } catch {
            throw ctx.fail("the pointer of \(writer) is not a PointerUpdate: \(error)")
        }
    }

    /// `block/get` of `cid` read raw, checked against the CID's SHA-256 (fails otherwise).
    static func block(_ ctx: CaseContext, owner: PublicKeyHash, _ cid: Cid, bat: String? = nil) async throws -> [UInt8] {
        var query = [("owner", owner.description), ("arg", cid.description)]
        if let bat { query.append(("bat", bat)) }
        let r = try await ctx.post("api/v0/block/get", query: query)
        try ctx.expectStatus(r, 200, "block/get \(cid)")
        try ctx.expect(!r.body.isEmpty, "block/get \(cid) answered no block")
        let expected = try Cid.sha256(codec: cid.codec, digest: Hash.sha256(r.body))
        try ctx.expect(expected == cid, "block/get \(cid) served bytes whose hash is \(expected)")
        return r.body
    }

    /// The identity WriterData of `owner` (the pointer's target), with its CID and bytes.
    static func identityData(_ ctx: CaseContext, owner: PublicKeyHash) async throws -> (cid: Cid, bytes: [UInt8], data: WriterData) {
        guard let update = try await pointer(ctx, owner: owner, writer: owner), let target = update.updated else {
            throw ctx.fail("the identity \(owner) has no pointer")
        }
        let bytes = try await block(ctx, owner: owner, target)
        do { return (target, bytes, try WriterData(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks))) } catch {
            throw ctx.fail("the identity WriterData \(target) does not parse: \(error)")
        }
    }
}
