import CSodium
import PeergosCBOR

/// An XSalsa20-Poly1305 secretbox key (type 1, "TweetNaCl"), with upstream's `isDirty` flag
/// (set on keys that must be rotated after a revocation). CBOR: `[1, bytes(32), isDirty]`.
public struct SymmetricKey: Hashable, Sendable, CborCodable {
    public static let type: Int64 = 1
    public static let nonceLength = 24
    public static let macLength = 16

    public let bytes: [UInt8]
    public let isDirty: Bool

    public init(bytes: [UInt8], isDirty: Bool = false) throws {
        try CryptoError.checkLength(bytes, 32, "symmetric key")
        self.bytes = bytes
        self.isDirty = isDirty
    }

    /// A new key of 32 bytes from `random`.
    public static func random(using random: RandomSource) -> SymmetricKey {
        try! SymmetricKey(bytes: random.bytes(32))
    }

    /// A new 24-byte nonce from `random`.
    public static func createNonce(using random: RandomSource) -> [UInt8] { random.bytes(nonceLength) }

    /// `MAC(16) ‖ ciphertext` of `plaintext` (crypto_secretbox_easy); the nonce is not included.
    public func encrypt(_ plaintext: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        try CryptoError.checkLength(nonce, Self.nonceLength, "secretbox nonce")
        return Self.secretbox(plaintext, nonce: nonce, key: bytes)
    }

    /// Opens `MAC ‖ ciphertext`.
    /// - Throws: ``CryptoError/decryptionFailed`` for a wrong key, nonce or tampered bytes.
    public func decrypt(_ ciphertext: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        try CryptoError.checkLength(nonce, Self.nonceLength, "secretbox nonce")
        return try Self.secretboxOpen(ciphertext, nonce: nonce, key: bytes)
    }

    static func secretbox(_ plaintext: [UInt8], nonce: [UInt8], key: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filled(macLength + plaintext.count) { out in
            _ = crypto_secretbox_easy(out, plaintext, UInt64(plaintext.count), nonce, key)
        }
    }

    static func secretboxOpen(_ ciphertext: [UInt8], nonce: [UInt8], key: [UInt8]) throws -> [UInt8] {
        Sodium.ensureReady()
        guard ciphertext.count >= macLength else { throw CryptoError.ciphertextTooShort(ciphertext.count) }
        var status: Int32 = 0
        let plain = [UInt8](unsafeUninitializedCapacity: max(ciphertext.count - macLength, 1)) { buffer, initialized in
            status = crypto_secretbox_open_easy(buffer.baseAddress, ciphertext, UInt64(ciphertext.count), nonce, key)
            initialized = status == 0 ? ciphertext.count - macLength : 0
        }
        guard status == 0 else { throw CryptoError.decryptionFailed }
        return plain
    }

    public func toCbor() -> CborObject { .list([.integer(Self.type), .bytes(bytes), .bool(isDirty)]) }

    public init(cbor: CborObject) throws {
        let (type, fields) = try KeyCbor.read(cbor, "symmetric key")
        guard type == Self.type else { throw CryptoError.unknownKeyType("symmetric key", type) }
        guard fields.count == 2 else { throw CborSchemaError.invalidValue("symmetric key: expected [1, key, isDirty]") }
        try self.init(bytes: fields[fields.startIndex].asBytes("symmetric key"), isDirty: fields[fields.startIndex + 1].asBool("isDirty"))
    }
}
