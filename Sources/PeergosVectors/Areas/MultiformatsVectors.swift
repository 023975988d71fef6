import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

extension VectorArea {
    /// Area "multiformats": varints, multihashes, CIDs (bytes and text), multibase, PublicKeyHash.
    public static let multiformats = VectorArea(name: "multiformats") { v in
        switch v.kind {
        case "varint_encode": try MultiformatsVectors.varintEncode(v)
        case "varint_decode": try MultiformatsVectors.varintDecode(v)
        case "multihash": try MultiformatsVectors.multihash(v)
        case "cid": try MultiformatsVectors.cid(v)
        case "cid_decode_string": try MultiformatsVectors.cidDecode(v) { try Cid(string: try v.string("input")) }
        case "cid_decode_bytes": try MultiformatsVectors.cidDecode(v) { try Cid(bytes: try v.hex("input")) }
        case "multibase": try MultiformatsVectors.multibase(v)
        case "public_key_hash": try MultiformatsVectors.publicKeyHash(v)
        case "multihash_decode": try MultiformatsRuleVectors.multihashDecode(v)
        case "multibase_decode": try MultiformatsRuleVectors.multibaseDecode(v)
        default: throw VectorSkip("unknown multiformats vector kind \(v.kind)")
        }
    }
}

enum MultiformatsVectors {
    static func varintEncode(_ v: Vector) throws {
        guard let value = UInt64(try v.string("value")) else { throw VectorMismatch("bad value") }
        let bytes = try v.hex("bytes")
        try expectBytes(Varint.encode(value), equals: bytes, "encoding")
        let (decoded, length) = try expectSuccess("decode") { try Varint.decode(bytes, at: 0) }
        try expect(String(decoded), equals: try v.string("decoded"), "decoded value")
        try expect(length, equals: bytes.count, "decoded length")
    }

    static func varintDecode(_ v: Vector) throws {
        let bytes = try v.hex("bytes")
        if try v.expectsError() {
            try expectError(v, "decode") { try Varint.decode(bytes, at: 0) }
        } else {
            let (value, _) = try expectSuccess("decode") { try Varint.decode(bytes, at: 0) }
            try expect(String(value), equals: try v.string("decoded"), "decoded value")
        }
    }

    static func multihash(_ v: Vector) throws {
        let m = try Multihash.sha256(digest: Hash.sha256(try v.hex("data")))
        try expectBytes(m.bytes, equals: try v.hex("multihash_bytes"), "multihash bytes")
        try expect(m.base58, equals: try v.string("base58"), "base58")
        try expect(try Multihash(bytes: m.bytes), equals: m, "multihash read back")
    }

    static func cid(_ v: Vector) throws {
        let data = try v.hex("data")
        let build: () throws -> Cid = {
            let codec = try codecFromName(try v.string("codec"))
            if try v.string("multihash_type") == "id" { return try Cid.identity(codec: codec, data: data) }
            let digest = Hash.sha256(data)
            return try v.int("version") == 0 ? try Cid.v0(Multihash.sha256(digest: digest)) : try Cid.sha256(codec: codec, digest: digest)
        }
        if try v.expectsError() {
            // Upstream's identityHash refuses more than 36 bytes.
            try expectError(v, "identity CID") { try Cid.identity(codec: .dagCbor, data: data) }
            return
        }
        try checkCid(try expectSuccess("build CID") { try build() }, v)
    }

    static func cidDecode(_ v: Vector, _ decode: () throws -> Cid) throws {
        if try v.expectsError() {
            try expectError(v, "decode") { try decode() }
            return
        }
        try checkCid(try expectSuccess("decode") { try decode() }, v)
    }

    /// Checks every field the vector records about a CID.
    static func checkCid(_ cid: Cid, _ v: Vector) throws {
        let bytes = try v.hex("cid_bytes")
        try expectBytes(cid.bytes, equals: bytes, "CID bytes")
        try expect(cid.description, equals: try v.string("string"), "string form")
        try expect(Int(cid.version), equals: try v.int("version"), "version")
        try expect(cid.codec.name, equals: try v.string("codec"), "codec")
        try expect(Int(cid.codec.rawValue), equals: try v.int("codec_code"), "codec code")
        try expect(cid.multihash.type.name, equals: try v.string("multihash_type"), "multihash type")
        try expect(Int(cid.multihash.type.rawValue), equals: try v.int("multihash_code"), "multihash code")
        try expectBytes(cid.multihash.digest, equals: try v.hex("digest"), "digest")
        try expectBytes(cid.multihash.bytes, equals: try v.hex("multihash_bytes"), "multihash bytes")
        try expect(cid.multihash.base58, equals: try v.string("multihash_base58"), "multihash base58")
        let renderings: [(String, Multibase)] = [("base32", .base32), ("base16", .base16), ("base36", .base36), ("base64", .base64)]
        for (field, base) in renderings where v.has(field) {
            let text = try v.string(field)
            try expect(cid.string(in: base), equals: text, field)
            try expect(try expectSuccess("decode \(field)") { try Cid(string: text) }, equals: cid, "\(field) decodes back")
        }
        try expect(try Cid(bytes: bytes), equals: cid, "bytes decode back")
        try expect(try Cid(string: cid.description), equals: cid, "string decodes back")
    }

    static func codecFromName(_ name: String) throws -> Cid.Codec {
        guard let c = Cid.Codec.allCases.first(where: { $0.name == name }) else { throw VectorMismatch("unknown codec \(name)") }
        return c
    }

    static func multibase(_ v: Vector) throws {
        let data = try v.hex("data")
        let fields: [(String, Multibase)] = [
            ("Base58BTC", .base58btc), ("Base32", .base32), ("Base32Upper", .base32Upper), ("Base16", .base16),
            ("Base36", .base36), ("Base64", .base64), ("Base64Pad", .base64Pad),
        ]
        for (field, base) in fields where v.has(field) {
            let text = try v.string(field)
            try expect(Multibase.encode(data, base), equals: text, field)
            try expectBytes(try expectSuccess("decode \(field)") { try Multibase.decode(text) }, equals: data, "\(field) decodes back")
        }
        if v.has("plain_base58") {
            try expect(Base58.encode(data), equals: try v.string("plain_base58"), "plain base58")
        }
    }

    static func publicKeyHash(_ v: Vector) throws {
        let keyCbor: [UInt8]
        if v.has("ed25519_seed") {
            let pair = try SigningKeyPair(seed: try v.hex("ed25519_seed"))
            try expectBytes(pair.publicKey.bytes, equals: try v.hex("public_key"), "public key")
            keyCbor = pair.publicKey.serialize()
            try expectBytes(keyCbor, equals: try v.hex("public_signing_key_cbor"), "public signing key CBOR")
        } else {
            keyCbor = try v.hex("public_boxing_key_cbor")
        }
        let pkh = try PublicKeyHash(keyCbor: keyCbor)
        try expectBytes(pkh.bytes, equals: try v.hex("public_key_hash_bytes"), "PublicKeyHash bytes")
        try expect(pkh.description, equals: try v.string("public_key_hash_string"), "PublicKeyHash string")
        if let cbor = try v.optionalHex("public_key_hash_cbor") {
            try expectBytes(pkh.serialize(), equals: cbor, "PublicKeyHash CBOR")
            try expect(try PublicKeyHash(cborBytes: cbor), equals: pkh, "PublicKeyHash read back")
        }
        if let b58 = try v.optionalString("base58_of_cbor_as_used_in_cap_links") {
            try expect(Base58.encode(pkh.serialize()), equals: b58, "base58 of the CBOR")
        }
    }
}
