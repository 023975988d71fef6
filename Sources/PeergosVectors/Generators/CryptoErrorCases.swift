import PeergosCBOR
import PeergosCrypto

/// The project's own crypto error vectors (area "crypto", `Vectors/peergos/crypto-errors.json`):
/// each refusal of Spec/crypto.md#errors with its code, checks that meet two faults at once (the
/// first in the table's order wins), and key CBOR that must be read or refused.
///
/// Invariants: inputs are RFC 8032 / RFC 7748 keys and hand-made byte strings, not outputs of the
/// code under test (apart from the positive key CBOR controls, which must re-encode to themselves);
/// ``VectorGenerator`` runs the crypto checker over every vector and refuses to publish one it fails.
enum CryptoErrorCases {
    static func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }
    static func bytes(_ byte: UInt8, _ n: Int) -> [UInt8] { [UInt8](repeating: byte, count: n) }

    // RFC 8032 section 7.1 test 1 and test 2.
    static let seed1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60"
    static let public1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a"
    static let public2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c"
    static let key = "6743ac3cb3f0c930b223855c3103ffa0203f7ae8f0e56ec48d5085f493459234"
    static let nonce = "fc44f2c883e352cdafec7a6a917e259ffe0c8a8cdc081455"

    static func list(_ items: [CborObject]) -> String { Hex.encode(CborObject.list(items).serialize()) }
    static func typed(_ type: Int64, _ b: [UInt8]) -> CborObject { .list([.integer(type), .bytes(b)]) }

    static func error(_ id: String, _ kind: String, _ description: String, _ code: String, _ fields: [String: Any]) -> [String: Any] {
        fields.merging(["id": id, "kind": kind, "description": description, "error": true, "code": code]) { a, _ in a }
    }

    static func keyCbor(_ id: String, _ type: String, _ description: String, _ cbor: String, code: String? = nil) -> [String: Any] {
        var v: [String: Any] = ["id": id, "kind": "key_cbor", "description": description, "key_type": type, "cbor": cbor]
        if let code { v["error"] = true; v["code"] = code }
        return v
    }

    static func vectors() throws -> [[String: Any]] {
        let pub1 = typed(1, hex(public1)), pub2 = typed(1, hex(public2))
        let secret1 = typed(1, hex(seed1) + hex(public1))
        let hybrid = try BoxingKeyPair.hybrid(curve25519Secret: hex(CryptoRefusalCases.aliceSecret), mlkemD: bytes(1, 32), mlkemZ: bytes(2, 32))
        let hybridPublic = Hex.encode(hybrid.publicKey.serialize())
        let curvePart = typed(1, hex(CryptoRefusalCases.alicePublic))
        func hybridPublicWith(_ m: CborObject?) -> String {
            var body: CborMap = ["c": curvePart]
            if let m { body["m"] = m }
            return list([.integer(2), .map(body)])
        }
        return [
            // unsign
            error("unsign_63_bytes", "ed25519_unsign", "an attached signature shorter than the 64-byte signature", "crypto.invalid_signature",
                  ["public_key": public1, "signed_message": Hex.encode(bytes(0, 63))]),
            error("unsign_empty", "ed25519_unsign", "an empty attached signature", "crypto.invalid_signature",
                  ["public_key": public1, "signed_message": ""]),
            // secretbox open
            error("secretbox_open_nonce_23", "secretbox_open", "a 23-byte nonce", "crypto.invalid_length",
                  ["key": key, "nonce": String(nonce.dropLast(2)), "ciphertext": Hex.encode(bytes(0, 32))]),
            error("secretbox_open_15_bytes", "secretbox_open", "a ciphertext shorter than its 16-byte MAC", "crypto.ciphertext_too_short",
                  ["key": key, "nonce": nonce, "ciphertext": Hex.encode(bytes(0, 15))]),
            error("secretbox_open_nonce_before_length", "secretbox_open", "a 23-byte nonce and a 15-byte ciphertext: the nonce is checked first",
                  "crypto.invalid_length", ["key": key, "nonce": String(nonce.dropLast(2)), "ciphertext": Hex.encode(bytes(0, 15))]),
            error("secretbox_open_16_zero_bytes", "secretbox_open", "a bare 16-byte MAC that does not verify (empty plaintext)", "crypto.decryption_failed",
                  ["key": key, "nonce": nonce, "ciphertext": Hex.encode(bytes(0, 16))]),
            // box open
            error("box_open_39_bytes", "curve25519_unbox", "a box shorter than MAC + nonce (40 bytes)", "crypto.ciphertext_too_short",
                  ["recipient_secret": CryptoRefusalCases.bobSecret, "sender_public": CryptoRefusalCases.alicePublic, "ciphertext_with_nonce": Hex.encode(bytes(0, 39))]),
            error("box_open_length_before_weak_key", "curve25519_unbox", "a 39-byte box from the all-zero key: the length is checked first",
                  "crypto.ciphertext_too_short", ["recipient_secret": CryptoRefusalCases.bobSecret, "sender_public": Hex.encode(bytes(0, 32)),
                                                  "ciphertext_with_nonce": Hex.encode(bytes(0, 39))]),
            error("box_open_40_zero_bytes", "curve25519_unbox", "a 40-byte box (empty message) whose MAC does not verify", "crypto.decryption_failed",
                  ["recipient_secret": CryptoRefusalCases.bobSecret, "sender_public": CryptoRefusalCases.alicePublic, "ciphertext_with_nonce": Hex.encode(bytes(0, 40))]),
            // key CBOR
            keyCbor("key_public_signing", "public_signing_key", "RFC 8032 test 1 public key", list([.integer(1), .bytes(hex(public1))])),
            keyCbor("key_public_signing_type_2", "public_signing_key", "type number 2 for a signing key", list([.integer(2), .bytes(hex(public1))]),
                    code: "crypto.unknown_key_type"),
            keyCbor("key_public_signing_33_bytes", "public_signing_key", "a 33-byte Ed25519 public key", list([.integer(1), .bytes(hex(public1) + [0])]),
                    code: "crypto.invalid_length"),
            keyCbor("key_public_signing_type_first", "public_signing_key", "type 2 and 33 bytes: the type is checked first",
                    list([.integer(2), .bytes(hex(public1) + [0])]), code: "crypto.unknown_key_type"),
            keyCbor("key_public_signing_not_array", "public_signing_key", "a bare byte string", Hex.encode(CborObject.bytes(hex(public1)).serialize()),
                    code: "schema.type_mismatch"),
            keyCbor("key_public_signing_empty_array", "public_signing_key", "an empty array", "80", code: "schema.invalid_value"),
            keyCbor("key_public_signing_three_items", "public_signing_key", "[1, key, extra]", list([.integer(1), .bytes(hex(public1)), .integer(0)]),
                    code: "schema.invalid_value"),
            keyCbor("key_secret_signing", "secret_signing_key", "RFC 8032 test 1 secret key (seed ‖ public key)", Hex.encode(secret1.serialize())),
            keyCbor("key_secret_signing_wrong_tail", "secret_signing_key", "seed of test 1 with the public key of test 2 as its tail",
                    list([.integer(1), .bytes(hex(seed1) + hex(public2))]), code: "crypto.key_pair_mismatch"),
            keyCbor("key_signing_pair_mismatch", "signing_key_pair", "test 2's public key paired with test 1's secret key",
                    list([pub2, secret1]), code: "crypto.key_pair_mismatch"),
            keyCbor("key_signing_pair", "signing_key_pair", "test 1's key pair", list([pub1, secret1])),
            keyCbor("key_boxing_pair_mismatch", "boxing_key_pair", "Alice's Curve25519 public key paired with Bob's secret key",
                    list([typed(1, hex(CryptoRefusalCases.alicePublic)), typed(1, hex(CryptoRefusalCases.bobSecret))]), code: "crypto.key_pair_mismatch"),
            keyCbor("key_public_boxing_type_3", "public_boxing_key", "boxing key type 3", list([.integer(3), .bytes(hex(CryptoRefusalCases.alicePublic))]),
                    code: "crypto.unknown_key_type"),
            keyCbor("key_public_boxing_hybrid", "public_boxing_key", "a hybrid public key (Curve25519 part Alice's, ML-KEM from d = 01…, z = 02…)",
                    hybridPublic),
            keyCbor("key_public_boxing_hybrid_no_m", "public_boxing_key", "a hybrid public key without its ML-KEM part", hybridPublicWith(nil),
                    code: "schema.missing_key"),
            keyCbor("key_public_boxing_hybrid_ek_1567", "public_boxing_key", "a hybrid public key whose ML-KEM key is 1567 bytes",
                    hybridPublicWith(.map(["p": .bytes(bytes(0, 1567))])), code: "crypto.mlkem"),
            keyCbor("key_public_boxing_hybrid_ek_modulus", "public_boxing_key",
                    "a hybrid public key whose ML-KEM key is 1568 bytes of ff: its 12-bit coefficients (4095) are not below q = 3329 (FIPS 203 modulus check)",
                    hybridPublicWith(.map(["p": .bytes(bytes(0xff, 1568))])), code: "crypto.mlkem"),
            keyCbor("key_symmetric", "symmetric_key", "a symmetric key, not dirty", list([.integer(1), .bytes(hex(key)), .bool(false)])),
            keyCbor("key_symmetric_no_dirty_flag", "symmetric_key", "[1, key] without the isDirty flag", list([.integer(1), .bytes(hex(key))]),
                    code: "schema.invalid_value"),
            keyCbor("key_symmetric_31_bytes", "symmetric_key", "a 31-byte symmetric key", list([.integer(1), .bytes(Array(hex(key).dropLast())), .bool(false)]),
                    code: "crypto.invalid_length"),
            keyCbor("key_symmetric_type_2", "symmetric_key", "symmetric key type 2", list([.integer(2), .bytes(hex(key)), .bool(false)]),
                    code: "crypto.unknown_key_type"),
        ]
    }
}

