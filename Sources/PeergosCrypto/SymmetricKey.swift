import CSodium
import PeergosCBOR

/// An XSalsa20-Poly1305 secretbox key (type 1, "TweetNaCl"), with upstream's `isDirty` flag
/// (set on keys that must be rotated after a revocation). CBOR: `[1, bytes(32), isDirty]`.
///
/// Invariants: ``secret`` holds exactly 32 bytes, in ``SecretBytes`` (zeroed when freed, compared
/// in constant time, never printed). Copying a key shares that storage; nothing is copied per
/// encryption.
public struct SymmetricKey: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let type: Int64 = 1
    public static let keyLength = 32
    public static let nonceLength = 24
    public static let macLength = 16

    /// The 32 key bytes.
    public let secret: SecretBytes
    public let isDirty: Bool

    /// A key holding a copy of `bytes`.
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(bytes: [UInt8], isDirty: Bool = false) throws {
        try CryptoError.checkLength(bytes, Self.keyLength, "symmetric key")
        self.init(checked: SecretBytes(copying: bytes), isDirty: isDirty)
    }

    /// A key over `secret` (shared, not copied).
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(secret: SecretBytes, isDirty: Bool = false) throws {
        guard secret.count == Self.keyLength else {
            throw CryptoError.invalidLength(what: "symmetric key", expected: Self.keyLength, actual: secret.count)
        }
        self.init(checked: secret, isDirty: isDirty)
    }

    private init(checked secret: SecretBytes, isDirty: Bool) {
        self.secret = secret
        self.isDirty = isDirty
    }

    /// A new key of 32 bytes drawn from `random` straight into secret storage.
    public static func random(using random: RandomSource) -> SymmetricKey {
        SymmetricKey(checked: random.secretBytes(keyLength), isDirty: false)
    }

    /// A new 24-byte nonce from `random`.
    public static func createNonce(using random: RandomSource) -> [UInt8] { random.bytes(nonceLength) }

    /// `MAC(16) ‖ ciphertext` of `plaintext` (crypto_secretbox_easy); the nonce is not included.
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` for a nonce that is not 24 bytes.
    public func encrypt(_ plaintext: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        try CryptoError.checkLength(nonce, Self.nonceLength, "secretbox nonce")
        return Self.secretbox(plaintext, nonce: nonce, key: secret)
    }

    /// Opens `MAC ‖ ciphertext`.
    /// - Throws: ``CryptoError/decryptionFailed`` for a wrong key, nonce or tampered bytes.
    public func decrypt(_ ciphertext: [UInt8], nonce: [UInt8]) throws -> [UInt8] {
        return try Self.secretboxOpen(ciphertext, nonce: nonce, key: secret)
    }

    /// crypto_secretbox_easy under a 32-byte key (every ``SecretBytes`` passed here is one).
    /// `nonce` must be 24 bytes: every caller checks or draws exactly that many, so the
    /// precondition guards this module's own code, never input. `crypto_secretbox_easy` has no
    /// failure path in libsodium 1.0.18.
    static func secretbox(_ plaintext: [UInt8], nonce: [UInt8], key: SecretBytes) -> [UInt8] {
        Sodium.ensureReady()
        precondition(nonce.count == nonceLength && key.count == keyLength, "secretbox: nonce and key lengths are checked by the callers")
        return key.withUnsafeBytePointer { k in
            [UInt8].filledInfallibly(macLength + plaintext.count, by: "crypto_secretbox_easy") { out in
                crypto_secretbox_easy(out, plaintext, UInt64(plaintext.count), nonce, k)
            }
        }
    }

    /// crypto_secretbox_open_easy under a 32-byte key (every ``SecretBytes`` passed here is one).
    static func secretboxOpen(_ ciphertext: [UInt8], nonce: [UInt8], key: SecretBytes) throws -> [UInt8] {
        Sodium.ensureReady()
        try CryptoError.checkLength(nonce, nonceLength, "secretbox nonce")
        guard ciphertext.count >= macLength else { throw CryptoError.ciphertextTooShort(ciphertext.count) }
        var status: Int32 = -1
        let plain = key.withUnsafeBytePointer { k in
            [UInt8](unsafeUninitializedCapacity: max(ciphertext.count - macLength, 1)) { buffer, initialized in
                status = crypto_secretbox_open_easy(buffer.baseAddress, ciphertext, UInt64(ciphertext.count), nonce, k)
                initialized = status == 0 ? ciphertext.count - macLength : 0
            }
        }
        guard status == 0 else { throw CryptoError.decryptionFailed }
        return plain
    }

    /// Writes the key bytes into the CBOR: this copies the secret out of its storage.
    public func toCbor() -> CborObject { .list([.integer(Self.type), .bytes(secret.copyBytes()), .bool(isDirty)]) }

    public init(cbor: CborObject) throws {
        let (type, fields) = try KeyCbor.read(cbor, "symmetric key")
        guard type == Self.type else { throw CryptoError.unknownKeyType("symmetric key", type) }
        guard fields.count == 2 else { throw CborSchemaError.invalidValue("symmetric key: expected [1, key, isDirty]") }
        try self.init(bytes: fields[fields.startIndex].asBytes("symmetric key"), isDirty: fields[fields.startIndex + 1].asBool("isDirty"))
    }

    /// `SymmetricKey(redacted, isDirty: false)`.
    public var description: String { "SymmetricKey(redacted, isDirty: \(isDirty))" }
    public var debugDescription: String { description }
    /// Only the public flag; the key bytes are not a child.
    public var customMirror: Mirror { Mirror(self, children: ["isDirty": isDirty], displayStyle: .struct) }
}
