import CSodium
import PeergosCBOR

/// A Curve25519 public boxing key (type 1). CBOR: `[1, bytes(32)]`.
///
/// Any 32 bytes are accepted here, as upstream accepts them; a key of small order (all zeros, or
/// one of the points whose multiples never leave a subgroup of order ≤ 8) is refused when a box
/// is made to it or opened from it, with ``CryptoError/weakPublicKey`` (Spec/crypto.md#small-order-keys).
public struct Curve25519PublicKey: Hashable, Sendable {
    public let bytes: [UInt8]

    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 32, "Curve25519 public key")
        self.bytes = bytes
    }

    /// `bytes` is 32 bytes long by construction.
    init(derived bytes: [UInt8]) { self.bytes = bytes }
}

/// A Curve25519 secret boxing key (type 1), kept exactly as drawn (clamping happens inside the
/// scalar multiplication). CBOR: `[1, bytes(32)]`.
///
/// Invariant: ``secret`` holds exactly 32 bytes, in ``SecretBytes`` (zeroed when freed, compared
/// in constant time, never printed).
public struct Curve25519SecretKey: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The 32 secret scalar bytes.
    public let secret: SecretBytes

    /// A key holding a copy of `bytes`.
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 32, "Curve25519 secret key")
        self.secret = SecretBytes(copying: bytes)
    }

    /// A key over `secret` (shared, not copied).
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(secret: SecretBytes) throws {
        guard secret.count == 32 else { throw CryptoError.invalidLength(what: "Curve25519 secret key", expected: 32, actual: secret.count) }
        self.secret = secret
    }

    /// A key over `secret`, which the caller guarantees is 32 bytes (drawn with
    /// ``RandomSource/secretBytes(_:)``, which returns exactly the count asked for).
    init(drawn secret: SecretBytes) { self.secret = secret }

    /// A new key drawn from `random` straight into secret storage.
    public static func random(using random: RandomSource) -> Curve25519SecretKey {
        Curve25519SecretKey(drawn: random.secretBytes(32))
    }

    /// X25519(secret, 9). `crypto_scalarmult_base` has no failure path in libsodium 1.0.18.
    public var publicKey: Curve25519PublicKey {
        Sodium.ensureReady()
        return Curve25519PublicKey(derived: secret.withUnsafeBytePointer { s in
            [UInt8].filledInfallibly(32, by: "crypto_scalarmult_base") { out in crypto_scalarmult_base(out, s) }
        })
    }

    /// `Curve25519SecretKey(redacted)`.
    public var description: String { "Curve25519SecretKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The classical box: `crypto_box` (X25519 + XSalsa20-Poly1305) with the nonce appended.
///
/// Both directions first compute the shared key with `crypto_box_beforenm`, which refuses a
/// small-order public key (X25519 would give an all-zero secret that anyone can compute);
/// that refusal is ``CryptoError/weakPublicKey``.
enum Curve25519Box {
    static let nonceLength = 24
    static let macLength = 16

    /// `MAC(16) ‖ ciphertext ‖ nonce(24)`.
    /// - Throws: ``CryptoError/weakPublicKey`` for a small-order recipient key;
    ///   ``CryptoError/invalidLength(what:expected:actual:)`` for a nonce that is not 24 bytes.
    static func seal(_ plaintext: [UInt8], to recipient: Curve25519PublicKey, from sender: Curve25519SecretKey, nonce: [UInt8]) throws -> [UInt8] {
        try CryptoError.checkLength(nonce, nonceLength, "box nonce")
        let shared = try sharedKey(recipient, sender)
        let sealed = try shared.withUnsafeBytePointer { k in
            try [UInt8].filled(macLength + plaintext.count, by: "crypto_box_easy_afternm") { out in
                crypto_box_easy_afternm(out, plaintext, UInt64(plaintext.count), nonce, k)
            }
        }
        return sealed + nonce
    }

    /// Opens `MAC ‖ ciphertext ‖ nonce`.
    /// - Throws: ``CryptoError/ciphertextTooShort(_:)``, ``CryptoError/weakPublicKey`` for a
    ///   small-order sender key, ``CryptoError/decryptionFailed`` for a wrong key or tampered bytes.
    static func open(_ box: [UInt8], from sender: Curve25519PublicKey, to recipient: Curve25519SecretKey) throws -> [UInt8] {
        guard box.count >= macLength + nonceLength else { throw CryptoError.ciphertextTooShort(box.count) }
        let shared = try sharedKey(sender, recipient)
        let sealedLength = box.count - nonceLength
        let nonce = Array(box[sealedLength...])
        var status: Int32 = -1
        let plain = shared.withUnsafeBytePointer { k in
            [UInt8](unsafeUninitializedCapacity: max(sealedLength - macLength, 1)) { buffer, initialized in
                status = crypto_box_open_easy_afternm(buffer.baseAddress, box, UInt64(sealedLength), nonce, k)
                initialized = status == 0 ? sealedLength - macLength : 0
            }
        }
        guard status == 0 else { throw CryptoError.decryptionFailed }
        return plain
    }

    /// The precomputed box key of `publicKey` and `secretKey`, in secret storage.
    /// - Throws: ``CryptoError/weakPublicKey`` when libsodium refuses `publicKey` (small order).
    static func sharedKey(_ publicKey: Curve25519PublicKey, _ secretKey: Curve25519SecretKey) throws -> SecretBytes {
        Sodium.ensureReady()
        var status: Int32 = -1
        let shared = secretKey.secret.withUnsafeBytePointer { s in
            SecretBytes(count: crypto_box_beforenmbytes(), initializingPointer: { out in
                status = crypto_box_beforenm(out, publicKey.bytes, s)
            })
        }
        guard status == 0 else { throw CryptoError.weakPublicKey }
        return shared
    }
}
