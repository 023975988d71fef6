/// A content identifier: CIDv0 (a bare sha2-256 multihash, dag-pb implied) or CIDv1
/// (`varint(1) ‖ varint(codec) ‖ multihash`).
///
/// Invariant: `version` is 0 or 1; a v0 CID has codec dag-pb and a sha2-256 multihash.
public struct Cid: Hashable, Sendable, CustomStringConvertible {
    /// The content codecs upstream knows.
    public enum Codec: UInt64, Sendable, CaseIterable {
        case raw = 0x55
        case dagProtobuf = 0x70
        case dagCbor = 0x71
        case libp2pKey = 0x72

        /// Upstream's name of the codec (`Cid.Codec` in Java).
        public var name: String {
            switch self {
            case .raw: return "Raw"
            case .dagProtobuf: return "DagProtobuf"
            case .dagCbor: return "DagCbor"
            case .libp2pKey: return "LibP2pKey"
            }
        }
    }

    public let version: UInt64
    public let codec: Codec
    /// The binary form. The multihash is read from it on demand, so a CID costs one allocation.
    public let bytes: [UInt8]
    private let hashType: Multihash.HashType
    private let digestOffset: Int

    /// The multihash (a view of ``bytes``).
    public var multihash: Multihash { Multihash(uncheckedType: hashType, digest: Array(bytes[digestOffset...])) }

    /// A CIDv1.
    public init(codec: Codec, multihash: Multihash) {
        var out: [UInt8] = []
        Varint.append(1, to: &out)
        Varint.append(codec.rawValue, to: &out)
        let mh = multihash.bytes
        out.append(contentsOf: mh)
        self.init(version: 1, codec: codec, hashType: multihash.type, digestOffset: out.count - multihash.digest.count, bytes: out)
    }

    private init(version: UInt64, codec: Codec, hashType: Multihash.HashType, digestOffset: Int, bytes: [UInt8]) {
        self.version = version
        self.codec = codec
        self.hashType = hashType
        self.digestOffset = digestOffset
        self.bytes = bytes
    }

    public static func == (a: Cid, b: Cid) -> Bool { a.bytes == b.bytes }
    public func hash(into h: inout Hasher) { bytes.withUnsafeBytes { h.combine(bytes: $0) } }

    /// A CIDv0 from a sha2-256 multihash.
    public static func v0(_ multihash: Multihash) throws -> Cid {
        guard multihash.type == .sha2_256 else { throw MultiformatsError.invalidCid("a CIDv0 must be sha2-256") }
        return Cid(version: 0, codec: .dagProtobuf, hashType: .sha2_256, digestOffset: 2, bytes: multihash.bytes)
    }

    /// The CIDv1 of a block whose sha2-256 digest is given (hashing happens in PeergosCrypto).
    ///
    /// The 36 bytes `01 ‖ codec ‖ 12 20 ‖ digest` are written in one allocation (every codec here
    /// is below 0x80, a one-byte varint); the digest length is checked as ``Multihash/sha256(digest:)`` does.
    public static func sha256(codec: Codec, digest: [UInt8]) throws -> Cid {
        guard digest.count == 32, codec.rawValue < 0x80 else {
            return Cid(codec: codec, multihash: try Multihash.sha256(digest: digest))
        }
        let bytes = [UInt8](unsafeUninitializedCapacity: 36) { out, written in
            out[0] = 0x01
            out[1] = UInt8(truncatingIfNeeded: codec.rawValue)
            out[2] = 0x12
            out[3] = 0x20
            digest.withUnsafeBufferPointer { d in
                for i in 0..<32 { out[4 + i] = d[i] }
            }
            written = 36
        }
        return Cid(version: 1, codec: codec, hashType: .sha2_256, digestOffset: 4, bytes: bytes)
    }

    /// The CIDv1 with an identity multihash of `data` (at most 36 bytes).
    public static func identity(codec: Codec, data: [UInt8]) throws -> Cid {
        Cid(codec: codec, multihash: try Multihash.identity(data))
    }

    /// Whether the multihash is the identity (the data is inside the CID).
    public var isIdentity: Bool { hashType == .identity }

    /// Reads binary CID bytes (upstream's `Cid.cast`): exactly 34 bytes starting `12 20` are a v0
    /// CID; anything else must be a complete CIDv1 with nothing after it.
    public init(bytes: [UInt8]) throws {
        // Fast path: the 36-byte CIDv1 sha2-256 form every block address has.
        if bytes.count == 36 && bytes[0] == 0x01 && bytes[2] == 0x12 && bytes[3] == 0x20, let codec = Codec(rawValue: UInt64(bytes[1])) {
            self.init(version: 1, codec: codec, hashType: .sha2_256, digestOffset: 4, bytes: bytes)
            return
        }
        if bytes.count == 34 && bytes[0] == 0x12 && bytes[1] == 0x20 {
            self = try Cid.v0(try Multihash(bytes: bytes))
            return
        }
        guard bytes.count >= 2 else { throw MultiformatsError.invalidCid("too short") }
        let (version, n1) = try Varint.decode(bytes, at: 0)
        guard version == 1 else { throw MultiformatsError.unsupportedCidVersion(version) }
        let (codecCode, n2) = try Varint.decode(bytes, at: n1)
        guard let codec = Codec(rawValue: codecCode) else { throw MultiformatsError.unknownCodec(codecCode) }
        let (multihash, n3) = try Multihash.read(bytes[(n1 + n2)...])
        guard n1 + n2 + n3 == bytes.count else {
            throw MultiformatsError.invalidCid("\(bytes.count - n1 - n2 - n3) bytes after the multihash")
        }
        self.init(codec: codec, multihash: multihash)
    }

    /// Reads the text form (upstream's `Cid.decode`): a 46-character `Qm…` string is a base58 v0
    /// CID; anything else is multibase-decoded and read as binary.
    public init(string: String) throws {
        guard string.utf8.count >= 2 else { throw MultiformatsError.invalidCid("too short") }
        if string.utf8.count == 46 && string.hasPrefix("Qm") {
            try self.init(bytes: try Base58.decode(string))
            return
        }
        try self.init(bytes: try Multibase.decode(string))
    }

    /// The text form: base58btc multibase (`z…`) for v1, plain base58 (`Qm…`) for v0.
    public var description: String {
        version == 0 ? Base58.encode(bytes) : Multibase.encode(bytes, .base58btc)
    }

    /// The text form in another multibase.
    public func string(in base: Multibase) -> String {
        Multibase.encode(bytes, base)
    }
}
