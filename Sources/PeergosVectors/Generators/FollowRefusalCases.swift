import PeergosCrypto
import PeergosSocial

/// The project's own follow-request vectors (area "follow", `Vectors/peergos/follow-refusals.json`):
/// blinded requests a target must refuse to open, each with its code (Spec/social.md), and a
/// positive control. The request is built once from a fixed stream; the refusals alter its bytes.
enum FollowRefusalCases {
    /// RFC 7748 Bob: the target.
    static let targetSecret = CryptoRefusalCases.bobSecret

    static func vectors() throws -> [[String: Any]] {
        let target = try BoxingKeyPair.curve25519(secret: Hex.decode(targetSecret)!)
        let blind = try BlindFollowRequest.build(target: target.publicKey, request: FollowRequest(entry: nil, key: nil),
                                                 random: DetRandom(label: "follow-refusal"))
        let zeroKey = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: [UInt8](repeating: 0, count: 32)))
        func vector(_ id: String, _ description: String, _ request: BlindFollowRequest, code: String? = nil) -> [String: Any] {
            var v: [String: Any] = ["id": id, "kind": "blind_follow_decrypt", "description": description,
                                    "recipient_secret": targetSecret, "blind_follow_request_cbor": Hex.encode(request.serialize())]
            if let code { v["error"] = true; v["code"] = code }
            return v
        }
        return [
            vector("blind_follow_control", "positive control: an empty request to Bob's RFC 7748 key, DetRandom('follow-refusal')", blind),
            vector("blind_follow_small_order_ephemeral", "the same ciphertext with the ephemeral key replaced by the all-zero key",
                   BlindFollowRequest(cipherText: blind.cipherText, ephemeralKey: zeroKey), code: "crypto.weak_public_key"),
            vector("blind_follow_truncated", "the ciphertext cut to 39 bytes, shorter than MAC + nonce",
                   BlindFollowRequest(cipherText: Array(blind.cipherText.prefix(39)), ephemeralKey: blind.ephemeralKey), code: "crypto.ciphertext_too_short"),
            vector("blind_follow_tampered", "the ciphertext with its first byte flipped",
                   BlindFollowRequest(cipherText: [blind.cipherText[0] ^ 1] + blind.cipherText.dropFirst(), ephemeralKey: blind.ephemeralKey),
                   code: "crypto.decryption_failed"),
        ]
    }
}
