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

    /// The symmetric key for a link.
    public static func key(password: String, label: String) throws -> SymmetricKey {
        let bytes = try Scrypt.derive(password: Hash.sha256(Array(password.utf8)), salt: Array(label.utf8), logN: 15, r: 8, p: 1, outputLength: 32)
        return try SymmetricKey(bytes: bytes)
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
