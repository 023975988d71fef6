import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// A block access token: a 32-byte secret whose holder may fetch a block. CBOR: `{s: bytes(32)}`.
public struct Bat: Hashable, Sendable, CborCodable {
    public static let length = 32
    public let secret: [UInt8]

    public init(secret: [UInt8]) throws {
        try CryptoError.checkLength(secret, Self.length, "BAT secret")
        self.secret = secret
    }

    /// A new BAT from `random`.
    public static func random(using random: RandomSource) -> Bat {
        try! Bat(secret: random.bytes(length))
    }

    /// The BAT's id as a block lists it: CIDv1 raw with the identity multihash of the secret.
    public var inlineId: Cid {
        // 32 bytes fit an identity multihash.
        try! Cid.identity(codec: .raw, data: secret)
    }

    /// `Bat.calculateId`: CIDv1 raw, sha2-256 of the BAT's CBOR.
    public var sha256Id: Cid {
        try! Cid.sha256(codec: .raw, digest: Hash.sha256(serialize()))
    }

    public func toCbor() -> CborObject { .map(["s": .bytes(secret)]) }

    public init(cbor: CborObject) throws {
        try self.init(secret: cbor.asMap("Bat").required("s").asBytes("Bat secret"))
    }
}
