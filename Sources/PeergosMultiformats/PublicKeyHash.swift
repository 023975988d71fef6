import PeergosCBOR

/// The name of a public key: a CID whose multihash is the identity of the key's CBOR (or, for
/// keys too large to inline, the sha2-256 CID of the block holding it).
///
/// Invariant: the multihash is identity or sha2-256 (upstream's `isSafe`). It is written in CBOR as
/// a merkle link (45 bytes for an Ed25519 key), and many signatures cover that 45-byte form.
public struct PublicKeyHash: Hashable, Sendable, CustomStringConvertible, CborCodable {
    public let cid: Cid

    /// - Throws: ``MultiformatsError/unsafePublicKeyHash`` for other multihash types.
    public init(cid: Cid) throws {
        guard cid.multihash.type == .identity || cid.multihash.type == .sha2_256 else {
            throw MultiformatsError.unsafePublicKeyHash
        }
        self.cid = cid
    }

    /// The identity-CID name of a key whose CBOR is at most 36 bytes (every Ed25519 and Curve25519
    /// public key): CIDv1 dag-cbor over the identity multihash of `keyCbor`.
    public init(keyCbor: [UInt8]) throws {
        self.cid = try Cid.identity(codec: .dagCbor, data: keyCbor)
    }

    /// `PublicKeyHash.NULL`: the dag-cbor sha2-256 CID of 32 zero bytes.
    public static let null: PublicKeyHash = {
        // SHA-256 of 32 zero bytes.
        let digest: [UInt8] = [
            0x66, 0x68, 0x7a, 0xad, 0xf8, 0x62, 0xbd, 0x77, 0x6c, 0x8f, 0xc1, 0x8b, 0x8e, 0x9f, 0x8e, 0x20,
            0x08, 0x97, 0x14, 0x85, 0x6e, 0xe2, 0x33, 0xb3, 0x90, 0x2a, 0x59, 0x1d, 0x0d, 0x5f, 0x29, 0x25,
        ]
        // The digest is a valid 32-byte sha2-256 digest, so neither step can fail.
        return try! PublicKeyHash(cid: Cid.sha256(codec: .dagCbor, digest: digest))
    }()

    /// The key's CBOR, when it is inlined in an identity multihash.
    public var inlineKeyCbor: [UInt8]? { cid.isIdentity ? cid.multihash.digest : nil }

    /// Binary CID bytes.
    public var bytes: [UInt8] { cid.bytes }

    /// The merkle-link CBOR value.
    public func toCbor() -> CborObject { .link(cid.bytes) }

    /// Reads a merkle link to a safe CID.
    public init(cbor: CborObject) throws {
        try self.init(cid: Cid(bytes: cbor.asLink("PublicKeyHash")))
    }

    /// The `z…` text form.
    public var description: String { cid.description }
}
