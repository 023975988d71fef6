import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// A block access token: a 32-byte secret whose holder may fetch a block. CBOR: `{s: bytes(32)}`.
///
/// Invariants: ``secret`` holds exactly 32 bytes, in ``SecretBytes`` (zeroed when freed). Equality
/// is constant time in the secret (`sodium_memcmp`), hashing feeds only its length, and no
/// rendering (`description`, interpolation, `dump`) shows it: a BAT prints as `Bat(redacted)`.
/// The bytes leave their storage for the wire forms only: the CBOR and ``inlineId`` (which by
/// upstream's design *is* the secret, as an identity multihash).
public struct Bat: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let length = 32
    /// The 32 secret bytes.
    public let secret: SecretBytes

    /// A BAT holding a copy of `secret`.
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(secret: [UInt8]) throws {
        try CryptoError.checkLength(secret, Self.length, "BAT secret")
        self.secret = SecretBytes(copying: secret)
    }

    /// A BAT over `secret` (shared, not copied).
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(secret: SecretBytes) throws {
        guard secret.count == Self.length else {
            throw CryptoError.invalidLength(what: "BAT secret", expected: Self.length, actual: secret.count)
        }
        self.secret = secret
    }

    /// A new BAT from `random`, drawn straight into secret storage.
    public static func random(using random: RandomSource) -> Bat {
        // Exactly 32 bytes: a RandomSource fills a buffer of the size asked for.
        try! Bat(secret: random.secretBytes(length))
    }

    /// The BAT's id as a block lists it: CIDv1 raw with the identity multihash of the secret.
    /// This is the secret itself in CID form (upstream's `BatId.inline`): treat it as secret.
    public var inlineId: Cid {
        // 32 bytes fit an identity multihash.
        try! Cid.identity(codec: .raw, data: secret.copyBytes())
    }

    /// `Bat.calculateId`: CIDv1 raw, sha2-256 of the BAT's CBOR.
    public var sha256Id: Cid {
        var cbor = serialize()
        defer { SecretBytes.erase(&cbor) }
        return try! Cid.sha256(codec: .raw, digest: Hash.sha256(cbor))
    }

    /// Upstream's `BatId.sha256`: CIDv1 raw, sha2-256 of the bare 32-byte secret. This is the form
    /// of an account's mirror BAT id (in every node's `bats` and fragment prefix, the links CHAMP
    /// root, and `bats/getUserBats`), unlike ``sha256Id`` which hashes the BAT's CBOR.
    public var mirrorId: Cid {
        var bytes = secret.copyBytes()
        defer { SecretBytes.erase(&bytes) }
        return try! Cid.sha256(codec: .raw, digest: Hash.sha256(bytes))
    }

    /// Writes the secret into the CBOR: this copies it out of its storage.
    public func toCbor() -> CborObject { .map(["s": .bytes(secret.copyBytes())]) }

    public init(cbor: CborObject) throws {
        try self.init(secret: cbor.asMap("Bat").required("s").asBytes("Bat secret"))
    }

    /// `Bat(redacted)`.
    public var description: String { "Bat(redacted)" }
    public var debugDescription: String { description }
    /// No children: the secret is not reflected.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
