import PeergosCBOR
import PeergosMultiformats

/// An Ed25519 key pair. CBOR: `[public key CBOR, secret key CBOR]`.
///
/// Invariant: the public key is the one the secret key's seed derives (checked with
/// `crypto_sign_seed_keypair` when read from CBOR). Printing a pair shows only its public key
/// (upstream's `toString` prints the whole CBOR, secret included; we do not); hashing uses only
/// the public key.
public struct SigningKeyPair: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let publicKey: PublicSigningKey
    public let secretKey: SecretSigningKey

    /// The key pair of a 32-byte seed (standard Ed25519 key generation).
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(seed: [UInt8]) throws {
        try CryptoError.checkLength(seed, 32, "Ed25519 seed")
        try self.init(seed: SecretBytes(copying: seed))
    }

    private init(seed: SecretBytes) throws {
        let (pk, sk) = try SecretSigningKey.derive(seed: seed)
        publicKey = try PublicSigningKey(bytes: pk)
        secretKey = SecretSigningKey(derived: sk)
    }

    /// A new key pair from 32 bytes of `random`, drawn straight into secret storage.
    /// - Throws: ``CryptoError/libraryFailure(_:)`` if libsodium fails to derive the pair.
    public static func random(using random: RandomSource) throws -> SigningKeyPair {
        try SigningKeyPair(seed: random.secretBytes(32))
    }

    /// A pair of keys read from CBOR.
    /// - Throws: ``CryptoError/keyPairMismatch(_:)`` when the public key is not the one the
    ///   secret key's seed derives.
    public init(cbor: CborObject) throws {
        let (pub, sec) = try KeyCbor.readPair(cbor, "signing key pair")
        publicKey = try PublicSigningKey(cbor: pub)
        // The secret key's public half was derived from its seed and checked by its init.
        secretKey = try SecretSigningKey(cbor: sec)
        guard secretKey.publicHalf == publicKey.bytes else {
            throw CryptoError.keyPairMismatch("signing key pair: the public key is not the one the secret key's seed derives")
        }
    }

    /// The pair of a secret key (whose public half was checked against its seed when it was read).
    public init(secretKey: SecretSigningKey) throws {
        publicKey = try PublicSigningKey(bytes: secretKey.publicHalf)
        self.secretKey = secretKey
    }

    /// Writes the secret key into the CBOR: this copies it out of its storage.
    public func toCbor() -> CborObject { KeyCbor.pair(publicKey.toCbor(), secretKey.toCbor()) }

    /// `SigningKeyPair(public: <PublicKeyHash>, secret: redacted)`.
    public var description: String { "SigningKeyPair(public: \(publicKey.publicKeyHash), secret: redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey.publicKeyHash.description], displayStyle: .struct) }

    public static func == (a: SigningKeyPair, b: SigningKeyPair) -> Bool { a.publicKey == b.publicKey && a.secretKey == b.secretKey }
    /// The public key only.
    public func hash(into hasher: inout Hasher) { hasher.combine(publicKey) }

    /// Signs (attached form) with the secret key.
    public func signMessage(_ message: [UInt8]) -> [UInt8] { secretKey.signMessage(message) }
}
