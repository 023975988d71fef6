import PeergosCBOR
import PeergosCrypto

/// The capability behind a secret link, encrypted under a key derived from the link password
/// (and an optional user password): `{c: CipherText(AbsoluteCapability), p?: true}`.
///
/// Key = scrypt(SHA-256(linkPassword ‖ userPassword), salt = decimal label, N = 2^15, r = 8, p = 1, 32 bytes).
public struct EncryptedCapability: Hashable, Sendable, CborCodable {
    public let cipherText: CipherText
    /// Whether the link also needs a password the user types (`p`).
    public let hasUserPassword: Bool

    public init(cipherText: CipherText, hasUserPassword: Bool) {
        self.cipherText = cipherText
        self.hasUserPassword = hasUserPassword
    }

    /// The symmetric key for a link, from its password (the link password followed by the user's
    /// password, if any). The derived key goes straight into ``SecretBytes``; the password's
    /// UTF-8, its hash and scrypt's output are erased.
    public static func key(password: String, label: String) throws -> SymmetricKey {
        var bytes = Array(password.utf8)
        defer { SecretBytes.erase(&bytes) }
        return try key(passwordBytes: bytes, label: label)
    }

    /// The symmetric key for `link`, with the user's password when the link has one
    /// (``hasUserPassword``): the password is the link password's UTF-8 followed by it.
    public static func key(link: SecretLink, userPassword: String = "") throws -> SymmetricKey {
        var bytes = link.password.copyBytes() + Array(userPassword.utf8)
        defer { SecretBytes.erase(&bytes) }
        return try key(passwordBytes: bytes, label: String(link.label))
    }

    private static func key(passwordBytes: [UInt8], label: String) throws -> SymmetricKey {
        var hashed = Hash.sha256(passwordBytes)
        defer { SecretBytes.erase(&hashed) }
        var derived = try Scrypt.derive(password: hashed, salt: Array(label.utf8), logN: 15, r: 8, p: 1, outputLength: 32)
        return try SymmetricKey(secret: SecretBytes(consuming: &derived))
    }

    /// Encrypts `capability` for the secret link with this label and password.
    public static func create(_ capability: AbsoluteCapability, label: String, password: String, hasUserPassword: Bool, random: RandomSource) throws -> EncryptedCapability {
        let key = try key(password: password, label: label)
        return EncryptedCapability(cipherText: CipherText.build(key: key, plaintext: capability.toCbor(), random: random), hasUserPassword: hasUserPassword)
    }

    /// Decrypts the capability.
    /// - Throws: ``CryptoError/decryptionFailed`` for a wrong password.
    public func decrypt(label: String, password: String) throws -> AbsoluteCapability {
        try AbsoluteCapability(cbor: cipherText.decrypt(key: Self.key(password: password, label: label)))
    }

    /// Decrypts the capability behind `link` (with the user's password when it has one).
    /// - Throws: ``CryptoError/decryptionFailed`` for a wrong password.
    public func decrypt(link: SecretLink, userPassword: String = "") throws -> AbsoluteCapability {
        try AbsoluteCapability(cbor: cipherText.decrypt(key: Self.key(link: link, userPassword: userPassword)))
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["c": cipherText.toCbor()]
        if hasUserPassword { m["p"] = .bool(true) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("EncryptedCapability")
        cipherText = try CipherText(cbor: m.required("c"))
        hasUserPassword = try m["p"]?.asBool("p") ?? false
    }
}

/// What a secret-link label points to: `{cap: EncryptedCapability, expiry?: epoch seconds UTC, max?: retrievals}`.
public struct SecretLinkTarget: Hashable, Sendable, CborCodable {
    public let capability: EncryptedCapability
    public let expiry: Int64?
    public let maxRetrievals: Int64?

    public init(capability: EncryptedCapability, expiry: Int64?, maxRetrievals: Int64?) {
        self.capability = capability
        self.expiry = expiry
        self.maxRetrievals = maxRetrievals
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["cap": capability.toCbor()]
        if let expiry { m["expiry"] = .integer(expiry) }
        if let maxRetrievals { m["max"] = .integer(maxRetrievals) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("SecretLinkTarget")
        capability = try EncryptedCapability(cbor: m.required("cap"))
        expiry = try m["expiry"]?.asInteger("expiry")
        maxRetrievals = try m["max"]?.asInteger("max")
    }
}
