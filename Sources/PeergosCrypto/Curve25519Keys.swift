import CSodium
import PeergosCBOR

/// A Curve25519 public boxing key (type 1). CBOR: `[1, bytes(32)]`.
public struct Curve25519PublicKey: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 32, "Curve25519 public key")
        self.bytes = bytes
    }
}

/// A Curve25519 secret boxing key (type 1), kept exactly as drawn (clamping happens inside the
/// scalar multiplication). CBOR: `[1, bytes(32)]`.
public struct Curve25519SecretKey: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 32, "Curve25519 secret key")
        self.bytes = bytes
    }

    /// X25519(secret, 9).
    public var publicKey: Curve25519PublicKey {
        Sodium.ensureReady()
        let pk = [UInt8].filled(32) { out in _ = crypto_scalarmult_base(out, bytes) }
        // 32 bytes by construction.
        return try! Curve25519PublicKey(bytes: pk)
    }
}

/// The classical box: `crypto_box` (X25519 + XSalsa20-Poly1305) with the nonce appended.
enum Curve25519Box {
    static let nonceLength = 24
    static let macLength = 16

    /// `MAC(16) ‖ ciphertext ‖ nonce(24)`.
    static func seal(_ plaintext: [UInt8], to recipient: Curve25519PublicKey, from sender: Curve25519SecretKey, nonce: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        let sealedLength = macLength + plaintext.count
        return .filled(sealedLength + nonceLength) { out in
            _ = crypto_box_easy(out, plaintext, UInt64(plaintext.count), nonce, recipient.bytes, sender.bytes)
            for i in 0..<nonceLength { out[sealedLength + i] = nonce[i] }
        }
    }

    /// Opens `MAC ‖ ciphertext ‖ nonce`.
    static func open(_ box: [UInt8], from sender: Curve25519PublicKey, to recipient: Curve25519SecretKey) throws -> [UInt8] {
        Sodium.ensureReady()
        guard box.count >= macLength + nonceLength else { throw CryptoError.ciphertextTooShort(box.count) }
        let sealedLength = box.count - nonceLength
        let nonce = Array(box[sealedLength...])
        var status: Int32 = 0
        let plain = [UInt8](unsafeUninitializedCapacity: max(sealedLength - macLength, 1)) { buffer, initialized in
            status = crypto_box_open_easy(buffer.baseAddress, box, UInt64(sealedLength), nonce, sender.bytes, recipient.bytes)
            initialized = status == 0 ? sealedLength - macLength : 0
        }
        guard status == 0 else { throw CryptoError.decryptionFailed }
        return plain
    }
}
