import PeergosCBOR
import PeergosCrypto

/// A follow request as the server sees it: `{f: ciphertext, k: ephemeral public boxing key}`.
///
/// The sender draws a one-time key pair (Curve25519 for a classical target, hybrid for a hybrid
/// one), zero-pads the FollowRequest CBOR to a multiple of 512 bytes and boxes it to the target.
/// The server learns neither who sent it nor what it says; only the target can open it.
public struct BlindFollowRequest: Hashable, Sendable, CborCodable {
    public static let paddingBlockSize = 512

    public let cipherText: [UInt8]
    public let ephemeralKey: PublicBoxingKey

    public init(cipherText: [UInt8], ephemeralKey: PublicBoxingKey) {
        self.cipherText = cipherText
        self.ephemeralKey = ephemeralKey
    }

    /// The padded plaintext: the request's CBOR followed by zeros up to a multiple of 512 bytes.
    public static func paddedPlaintext(_ request: FollowRequest) -> [UInt8] {
        var bytes = request.serialize()
        let padded = (bytes.count + paddingBlockSize - 1) / paddingBlockSize * paddingBlockSize
        bytes.append(contentsOf: repeatElement(0, count: padded - bytes.count))
        return bytes
    }

    /// Blinds `request` for `target`. Draws the ephemeral secret first, then the box's randomness.
    /// - Throws: ``CryptoError/weakPublicKey`` when the target's (Curve25519 part of its) key has
    ///   small order: a request boxed to it could be opened by anyone (Spec/crypto.md#small-order-keys).
    public static func build(target: PublicBoxingKey, request: FollowRequest, random: RandomSource) throws -> BlindFollowRequest {
        let ephemeral: BoxingKeyPair
        switch target {
        case .curve25519: ephemeral = .randomCurve25519(using: random)
        case .hybrid: ephemeral = try .randomHybrid(using: random)
        }
        let sealed = try target.encryptMessage(paddedPlaintext(request), from: ephemeral.secretKey, random: random)
        return BlindFollowRequest(cipherText: sealed, ephemeralKey: ephemeral.publicKey)
    }

    /// Opens the request with the target's secret key.
    /// - Throws: ``CryptoError/decryptionFailed`` for any other key or tampered bytes;
    ///   ``CryptoError/weakPublicKey`` when the ephemeral key has small order.
    public func decrypt(with recipient: SecretBoxingKey) throws -> FollowRequest {
        let padded = try recipient.decryptMessage(cipherText, from: ephemeralKey)
        return try FollowRequest(cbor: CborObject.decode(padded, options: .upstreamCompatible))
    }

    public func toCbor() -> CborObject { .map(["f": .bytes(cipherText), "k": ephemeralKey.toCbor()]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("BlindFollowRequest")
        cipherText = try m.required("f").asBytes("f")
        ephemeralKey = try PublicBoxingKey(cbor: m.required("k"))
    }
}
