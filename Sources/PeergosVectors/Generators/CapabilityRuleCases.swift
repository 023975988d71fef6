import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats

/// The project's own capability vectors (area "capability", `Vectors/peergos/capability-rules.json`):
/// secret-link text that must be refused (each naming its code) or read, the bounds of a label,
/// passwords outside ASCII (their UTF-8 is what is hashed), a writable capability whose write key
/// is dirty, and link creation from a stream whose draws cross a 32-byte block (Spec/capabilities.md).
///
/// Invariants: link texts and outcomes are written by hand from the rule each illustrates; derived
/// values (CBOR, keys, ciphertexts) are computed by our code, and ``VectorGenerator`` runs the
/// capability checker over every vector before publishing it.
enum CapabilityRuleCases {
    static let ownerText = "z59vuwzfFDonsEcb4yAWDLRVGvcJnbQ3pCuXCogKsmnVK1R5tbzSWzE"
    static var owner: PublicKeyHash { try! PublicKeyHash(cid: Cid(string: ownerText)) }
    static func seedKey(_ label: String) -> PublicKeyHash {
        try! SigningKeyPair(seed: Hash.sha256(Array("sign:\(label)".utf8))).publicKey.publicKeyHash
    }

    /// (id, description, link, code or nil, parsed label, parsed password) for `secret_link_parse`.
    static let parses: [(String, String, String, String?, Int64, String)] = [
        ("secret_link_no_hash", "a link without # has no password: refused", "secret/\(ownerText)/42", "capability.malformed_secret_link", 0, ""),
        ("secret_link_no_hash_password_only", "text after the label but no #", "secret/\(ownerText)/42abcDEF123456", "capability.malformed_secret_link", 0, ""),
        ("secret_link_two_parts", "secret/<owner>#… without a label", "secret/\(ownerText)#abcDEF123456", "capability.malformed_secret_link", 0, ""),
        ("secret_link_four_parts", "an extra path segment", "secret/\(ownerText)/42/x#abcDEF123456", "capability.malformed_secret_link", 0, ""),
        ("secret_link_not_secret", "the first segment must be \"secret\"", "public/\(ownerText)/42#abcDEF123456", "capability.malformed_secret_link", 0, ""),
        ("secret_link_bad_owner", "the owner is not a base58btc CID", "secret/\(ownerText.dropLast())0/42#abcDEF123456", "capability.malformed_secret_link", 0, ""),
        ("secret_link_label_zero", "label 0", "secret/\(ownerText)/0#abcDEF123456", "capability.non_positive_label", 0, ""),
        ("secret_link_label_negative", "label -7", "secret/\(ownerText)/-7#abcDEF123456", "capability.non_positive_label", 0, ""),
        ("secret_link_label_over_int64", "label 2^63 does not fit a signed 64-bit integer", "secret/\(ownerText)/9223372036854775808#abcDEF123456", "capability.non_positive_label", 0, ""),
        ("secret_link_label_not_decimal", "label 0x10", "secret/\(ownerText)/0x10#abcDEF123456", "capability.non_positive_label", 0, ""),
        ("secret_link_label_empty", "an empty label", "secret/\(ownerText)/#abcDEF123456", "capability.non_positive_label", 0, ""),
        ("secret_link_label_max", "label 2^63-1, the largest", "secret/\(ownerText)/9223372036854775807#abcDEF123456", nil, Int64.max, "abcDEF123456"),
        ("secret_link_label_plus", "a leading + is read (as Java's Long.parseLong does)", "secret/\(ownerText)/+42#abcDEF123456", nil, 42, "abcDEF123456"),
        ("secret_link_label_leading_zero", "leading zeros are read", "secret/\(ownerText)/0042#abcDEF123456", nil, 42, "abcDEF123456"),
        ("secret_link_empty_password", "an empty password after # is read as empty", "secret/\(ownerText)/42#", nil, 42, ""),
        ("secret_link_password_any_text", "a password is any text up to the first ?, not only A-Za-z0-9", "secret/\(ownerText)/42#pässwörd/#x?y=1", nil, 42, "pässwörd/#x"),
        ("secret_link_second_hash", "the first # ends the path", "/secret/\(ownerText)/42#a#b", nil, 42, "a#b"),
    ]

    static func parseVectors() -> [[String: Any]] {
        parses.map { id, description, link, code, label, password in
            var v: [String: Any] = ["id": id, "kind": "secret_link_parse", "description": description, "link": link]
            if let code {
                v["error"] = true
                v["code"] = code
            } else {
                v["parsed_label"] = Int(label)
                v["parsed_password"] = password
                v["parsed_owner"] = Hex.encode(owner.bytes)
            }
            return v
        }
    }

    /// A writable capability whose write key is dirty and whose read key is not: each key carries its own flag.
    static func dirtyWriteKey() throws -> [String: Any] {
        let o = seedKey("capability-rules-owner"), w = seedKey("capability-rules-writer")
        let mapKey = Hash.sha256(Array("capability-rules-map-key".utf8))
        let bat = Hash.sha256(Array("capability-rules-bat".utf8))
        let readKey = Hash.sha256(Array("capability-rules-read".utf8)), writeKey = Hash.sha256(Array("capability-rules-write".utf8))
        let cap = try AbsoluteCapability(owner: o, writer: w, mapKey: mapKey, bat: try Bat(secret: bat),
                                         readBaseKey: SymmetricKey(bytes: readKey, isDirty: false), writeBaseKey: SymmetricKey(bytes: writeKey, isDirty: true))
        return ["id": "cap_write_key_dirty", "kind": "absolute_capability",
                "description": "writable capability whose write key is dirty ([1, key, true]) and read key clean: the flag is per key and kept in CBOR and link",
                "owner": Hex.encode(o.bytes), "writer": Hex.encode(w.bytes), "map_key": Hex.encode(mapKey), "bat": Hex.encode(bat),
                "read_base_key": Hex.encode(readKey), "read_base_key_dirty": false, "write_base_key": Hex.encode(writeKey), "write_base_key_dirty": true,
                "cbor": Hex.encode(cap.serialize()), "link": cap.link, "readonly_cbor": Hex.encode(cap.readOnly.serialize()), "readonly_link": cap.readOnly.link,
                "from_cbor_equal": true, "from_link_equal": true, "from_cbor_class": "WritableAbsoluteCapability", "from_link_class": "WritableAbsoluteCapability",
                "bat_cbor": Hex.encode(cap.bat!.serialize())]
    }

    /// Encrypted capabilities whose password or label is not ASCII-simple: the password's UTF-8 is hashed and the label's decimal ASCII is the salt.
    static func encrypted() throws -> [[String: Any]] {
        let cap = try AbsoluteCapability(owner: owner, writer: owner, mapKey: Hash.sha256(Array("capability-rules-enc-map".utf8)), bat: nil,
                                         readBaseKey: SymmetricKey(bytes: Hash.sha256(Array("capability-rules-enc-read".utf8))))
        let cases: [(String, String, String, String, Bool)] = [
            ("encrypted_capability_utf8_password", "the link password followed by a user password with non-ASCII characters (é is c3 a9, 🔑 is f0 9f 94 91 in UTF-8)", "abcDEF123456", "abcDEF123456pässwörd🔑", true),
            ("encrypted_capability_max_label", "label 2^63-1: the salt is its 19 decimal digits in ASCII", "9223372036854775807", "gFMhLMjQuQdv", false),
        ]
        return try cases.map { id, description, label, password, user in
            let rng = "DetRandom('capability-rules-\(id)')"
            let built = try EncryptedCapability.create(cap, label: label, password: password, hasUserPassword: user, random: DetRandom(label: "capability-rules-\(id)"))
            let target = SecretLinkTarget(capability: built, expiry: nil, maxRetrievals: 3)
            return ["id": id, "kind": "encrypted_capability", "description": description, "capability_cbor": Hex.encode(cap.serialize()),
                    "salt_label": label, "password": password, "has_user_password": user,
                    "derived_key": Hex.encode(try EncryptedCapability.key(password: password, label: label).secret.copyBytes()),
                    "rng": rng, "encrypted_capability_cbor": Hex.encode(built.serialize()), "decrypt_equal": true,
                    "secret_link_target_cbor": Hex.encode(target.serialize())]
        }
    }

    /// Link creation from further streams: the label takes 4 bytes, then each password character
    /// one byte (bytes ≥ 62 skipped); unused bytes of a 32-byte block stay for the next draw.
    static func creates() -> [[String: Any]] {
        ["capability-rules-create-1", "capability-rules-create-2"].map { label in
            let first = DetRandom(label: label).bytes(64)
            let link = SecretLink.create(owner: owner, random: DetRandom(label: label))
            return ["id": "secret_link_create_\(label.suffix(1))", "kind": "secret_link_create",
                    "description": "SecretLink.create from DetRandom('\(label)'): rng_first_bytes shows the stream; the label is its first 4 bytes little-endian, then each byte below 62 gives the next character",
                    "rng": "DetRandom('\(label)')", "rng_first_bytes": Hex.encode(first), "label": Int(link.label),
                    "link_password": link.linkPassword, "link": link.link]
        }
    }

    static func vectors() throws -> [[String: Any]] { parseVectors() + [try dirtyWriteKey()] + (try encrypted()) + creates() }
}
