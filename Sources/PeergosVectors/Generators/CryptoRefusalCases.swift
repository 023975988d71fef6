import PeergosCrypto

/// The project's own Curve25519 refusal vectors (area "crypto", `Vectors/peergos/crypto-refusals.json`):
/// boxes to and from small-order public keys, which must be refused with `crypto.weak_public_key`
/// (Spec/crypto.md#small-order-keys), and positive controls.
///
/// Invariants: the small-order keys are the published list (cr.yp.to/ecdh.html#validate, which
/// libsodium's blacklist follows: u = 0, u = 1, the two points of order 8, u = p - 1, p, p + 1,
/// and these with the ignored top bit set), not outputs of our code; the positive controls are upstream's `box_rfc7748_alice_to_rfc7748_bob_5` (RFC 7748
/// section 6.1 keys, ciphertext produced by upstream's TweetNaCl). ``VectorGenerator`` runs the
/// crypto checker over every vector and refuses to publish one it fails.
enum CryptoRefusalCases {
    static func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }

    // RFC 7748 section 6.1 (Alice and Bob), as in upstream's vector.
    static let aliceSecret = "77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"
    static let alicePublic = "8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"
    static let bobSecret = "5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"
    static let bobPublic = "de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"
    static let nonce = "6258c452d7fa6d120b3fe413431c187a1d89b0fafe40d12f"
    static let hello = "68656c6c6f"
    /// Upstream's box of "hello" from Alice to Bob under `nonce`.
    static let helloBox = "d178b89e7716e44ba961378fdd6abf8b767dc3da196258c452d7fa6d120b3fe413431c187a1d89b0fafe40d12f"

    /// Small-order Curve25519 public keys (little-endian u-coordinates): X25519 with any secret gives 0.
    static let weakKeys: [(id: String, key: String, what: String)] = [
        ("zero", "0000000000000000000000000000000000000000000000000000000000000000", "u = 0, the all-zero key"),
        ("one", "0100000000000000000000000000000000000000000000000000000000000000", "u = 1"),
        ("order8_a", "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800", "a point of order 8"),
        ("order8_b", "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157", "the other point of order 8"),
        ("p_minus_1", "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "u = p - 1 (2^255 - 20)"),
        ("p", "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "u = p, a non-canonical encoding of u = 0"),
        ("p_plus_1", "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f", "u = p + 1, a non-canonical encoding of u = 1"),
        ("zero_high_bit", "0000000000000000000000000000000000000000000000000000000000000080", "u = 0 with the unused top bit set (X25519 ignores that bit)"),
    ]

    static func vectors() -> [[String: Any]] {
        var out: [[String: Any]] = [[
            "id": "seal_control_rfc7748", "kind": "curve25519_seal",
            "description": "positive control: Alice boxes \"hello\" to Bob's RFC 7748 key; upstream's ciphertext (box_rfc7748_alice_to_rfc7748_bob_5)",
            "sender_secret": aliceSecret, "recipient_public": bobPublic, "nonce": nonce, "message": hello, "ciphertext_with_nonce": helloBox,
        ]]
        for w in weakKeys {
            out.append(["id": "seal_to_\(w.id)", "kind": "curve25519_seal",
                        "description": "box to a small-order key, \(w.what): the shared secret would be all zeros whatever the sender's secret, so anyone could open it",
                        "sender_secret": aliceSecret, "recipient_public": w.key, "nonce": nonce, "message": hello,
                        "error": true, "code": "crypto.weak_public_key"])
        }
        out.append(["id": "open_control_rfc7748", "kind": "curve25519_unbox",
                    "description": "positive control: Bob opens Alice's box of \"hello\" (upstream's ciphertext)",
                    "recipient_secret": bobSecret, "sender_public": alicePublic, "ciphertext_with_nonce": helloBox])
        for w in weakKeys where w.id == "zero" || w.id == "order8_a" {
            out.append(["id": "open_from_\(w.id)", "kind": "curve25519_unbox",
                        "description": "open a box claimed to come from a small-order key, \(w.what): refused before the MAC is checked (a box \"from\" such a key proves nothing about its sender)",
                        "recipient_secret": bobSecret, "sender_public": w.key, "ciphertext_with_nonce": helloBox,
                        "error": true, "code": "crypto.weak_public_key"])
        }
        return out
    }
}
