import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats

extension VectorArea {
    /// Area "capability": absolute capabilities (CBOR and links), secret links, encrypted capabilities.
    public static let capability = VectorArea(name: "capability") { v in
        switch v.kind {
        case "absolute_capability": try CapabilityVectors.absolute(v)
        case "absolute_capability_link_parse": try CapabilityVectors.linkParse(v)
        case "secret_link", "secret_link_parse": try CapabilityVectors.secretLink(v)
        case "secret_link_create": try CapabilityVectors.secretLinkCreate(v)
        case "encrypted_capability": try CapabilityVectors.encrypted(v)
        default: throw VectorSkip("unknown capability vector kind \(v.kind)")
        }
    }
}

enum CapabilityVectors {
    static func pkh(_ v: Vector, _ field: String) throws -> PublicKeyHash {
        try PublicKeyHash(cid: Cid(bytes: try v.hex(field)))
    }

    static func absolute(_ v: Vector) throws {
        let cap = try AbsoluteCapability(
            owner: pkh(v, "owner"), writer: pkh(v, "writer"), mapKey: try v.hex("map_key"),
            bat: try v.optionalHex("bat").map(Bat.init(secret:)),
            readBaseKey: SymmetricKey(bytes: try v.hex("read_base_key"), isDirty: try v.optionalBool("read_base_key_dirty") ?? false),
            writeBaseKey: try v.optionalHex("write_base_key").map { try SymmetricKey(bytes: $0, isDirty: try v.optionalBool("write_base_key_dirty") ?? false) })
        let cbor = try v.hex("cbor")
        try expectBytes(cap.serialize(), equals: cbor, "CBOR")
        let link = try v.string("link")
        try expect(cap.link, equals: link, "link")
        try expectBytes(cap.readOnly.serialize(), equals: try v.hex("readonly_cbor"), "read-only CBOR")
        try expect(cap.readOnly.link, equals: try v.string("readonly_link"), "read-only link")
        let fromCbor = try expectSuccess("from CBOR") { try AbsoluteCapability(cborBytes: cbor) }
        let fromLink = try expectSuccess("from link") { try AbsoluteCapability(link: link) }
        try expect(fromCbor == cap, equals: try v.bool("from_cbor_equal"), "from CBOR equal")
        try expect(fromLink == cap, equals: try v.bool("from_link_equal"), "from link equal")
        let writable = { (c: AbsoluteCapability) in c.isWritable ? "WritableAbsoluteCapability" : "AbsoluteCapability" }
        try expect(writable(fromCbor), equals: try v.string("from_cbor_class"), "class from CBOR")
        try expect(writable(fromLink), equals: try v.string("from_link_class"), "class from link")
        if let batCbor = try v.optionalHex("bat_cbor") { try expectBytes(cap.bat?.serialize() ?? [], equals: batCbor, "BAT CBOR") }
        v.ignore(["owner_seed_label", "writer_seed_label"], because: "provenance: the label of the seed upstream's generator used; owner and writer are compared as bytes")
        if v.has("location_owner_string") { try expect(cap.owner.description, equals: try v.string("location_owner_string"), "owner string") }
    }

    static func linkParse(_ v: Vector) throws {
        let link = try v.string("link")
        if try v.expectsError() {
            try expectError(v, "parse") { try AbsoluteCapability(link: link) }
            return
        }
        let cap = try expectSuccess("parse") { try AbsoluteCapability(link: link) }
        if let cbor = try v.optionalHex("cbor") { try expectBytes(cap.serialize(), equals: cbor, "CBOR") }
    }

    static func secretLink(_ v: Vector) throws {
        if try v.expectsError() {
            // Link text to refuse (capability-rules.json); otherwise a link built from a bad label.
            if v.has("link") {
                try expectError(v, "secret link parse") { try SecretLink(link: try v.string("link")) }
                return
            }
            let owner = v.has("owner") ? try pkh(v, "owner") : PublicKeyHash.null
            try expectError(v, "secret link") { try SecretLink(owner: owner, label: try v.int64("label"), linkPassword: "abcDEF123456") }
            return
        }
        if v.has("label") && v.has("owner") {
            let built = try SecretLink(owner: pkh(v, "owner"), label: try v.int64("label"), linkPassword: try v.string("link_password"))
            try expect(built.link, equals: try v.string("link"), "link")
        }
        let parsed = try expectSuccess("parse") { try SecretLink(link: try v.string("link")) }
        try expect(parsed.label, equals: try v.int64("parsed_label"), "parsed label")
        try expect(parsed.linkPassword, equals: try v.string("parsed_password"), "parsed password")
        try expectBytes(parsed.owner.bytes, equals: try v.hex("parsed_owner"), "parsed owner")
    }

    static func secretLinkCreate(_ v: Vector) throws {
        let random = try CryptoVectors.detRandom(v)
        if v.has("rng_first_bytes") {
            let check = try CryptoVectors.detRandom(v)
            let expected = try v.hex("rng_first_bytes")
            try expectBytes(check.bytes(expected.count), equals: expected, "random stream")
        }
        let owner = try PublicKeyHash(cid: Cid(string: "z59vuwzfFDonsEcb4yAWDLRVGvcJnbQ3pCuXCogKsmnVK1R5tbzSWzE"))
        let created = SecretLink.create(owner: v.has("owner") ? try pkh(v, "owner") : owner, random: random)
        try expect(created.label, equals: try v.int64("label"), "label")
        try expect(created.linkPassword, equals: try v.string("link_password"), "password")
        try expect(created.link, equals: try v.string("link"), "link")
    }

    static func encrypted(_ v: Vector) throws {
        let cap = try AbsoluteCapability(cborBytes: try v.hex("capability_cbor"))
        let label = try v.string("salt_label")
        let password = try v.string("password")
        let key = try EncryptedCapability.key(password: password, label: label)
        try expectBytes(key.secret.copyBytes(), equals: try v.hex("derived_key"), "derived key")
        let built = try EncryptedCapability.create(cap, label: label, password: password, hasUserPassword: try v.bool("has_user_password"), random: try CryptoVectors.detRandom(v))
        let expected = try v.hex("encrypted_capability_cbor")
        try expectBytes(built.serialize(), equals: expected, "EncryptedCapability CBOR")
        let parsed = try EncryptedCapability(cborBytes: expected)
        let decrypted = try expectSuccess("decrypt") { try parsed.decrypt(label: label, password: password) }
        try expect(decrypted == cap, equals: try v.bool("decrypt_equal"), "decrypts to the capability")
        try expectFailure("decrypt with a wrong password", code: "crypto.decryption_failed") { try parsed.decrypt(label: label, password: password + "x") }
        if let targetBytes = try v.optionalHex("secret_link_target_cbor") {
            let target = try expectSuccess("SecretLinkTarget") { try SecretLinkTarget(cborBytes: targetBytes) }
            try expect(target.capability, equals: parsed, "target's capability")
            try expectBytes(target.serialize(), equals: targetBytes, "SecretLinkTarget re-encoding")
        }
    }
}
