/// A self-describing hash: `varint(type) ‖ varint(length) ‖ digest`.
///
/// Invariant: a non-identity digest has exactly its type's length; an identity digest is at most
/// ``Multihash/legacyMaximumIdentitySize`` bytes (new ones at most ``maximumIdentitySize``).
public struct Multihash: Hashable, Sendable {
    /// The hash functions upstream knows.
    public enum HashType: UInt64, Sendable, CaseIterable {
        case identity = 0x00
        case sha2_256 = 0x12
        case sha2_512 = 0x13
        case sha3_512 = 0x14
        case blake2b_512 = 0x40
        case blake2s_256 = 0x41
        case blake3 = 0x1e

        /// The digest length, or nil for identity (any length).
        public var digestLength: Int? {
            switch self {
            case .identity: return nil
            case .sha2_256, .blake2s_256, .blake3: return 32
            case .sha2_512, .sha3_512, .blake2b_512: return 64
            }
        }

        /// Upstream's name of the type (`Multihash.Type` in Java).
        public var name: String {
            switch self {
            case .identity: return "id"
            case .sha2_256: return "sha2_256"
            case .sha2_512: return "sha2_512"
            case .sha3_512: return "sha3"
            case .blake2b_512: return "blake2b"
            case .blake2s_256: return "blake2s"
            case .blake3: return "blake3"
            }
        }
    }

    /// Largest identity multihash created by current upstream.
    public static let maximumIdentitySize = 36
    /// Largest identity multihash accepted when reading legacy data.
    public static let legacyMaximumIdentitySize = 4112

    public let type: HashType
    public let digest: [UInt8]

    /// A multihash of the given type and digest.
    /// - Throws: ``MultiformatsError/invalidDigestLength(type:length:)`` or ``MultiformatsError/identityTooLarge(_:)``.
    public init(type: HashType, digest: [UInt8], identityLimit: Int = Multihash.legacyMaximumIdentitySize) throws {
        if let length = type.digestLength {
            guard digest.count == length, length <= 127 else {
                throw MultiformatsError.invalidDigestLength(type: type.name, length: digest.count)
            }
        } else if digest.count > identityLimit {
            throw MultiformatsError.identityTooLarge(digest.count)
        }
        self.type = type
        self.digest = digest
    }

    /// A multihash already known to be valid (a view into a checked CID).
    init(uncheckedType type: HashType, digest: [UInt8]) {
        self.type = type
        self.digest = digest
    }

    /// An identity multihash of a new value (at most 36 bytes, as upstream's `identityHash` allows).
    public static func identity(_ data: [UInt8]) throws -> Multihash {
        try Multihash(type: .identity, digest: data, identityLimit: maximumIdentitySize)
    }

    /// A sha2-256 multihash from a digest computed elsewhere (this module does not hash).
    public static func sha256(digest: [UInt8]) throws -> Multihash {
        try Multihash(type: .sha2_256, digest: digest)
    }

    /// The binary form.
    public var bytes: [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(digest.count + 4)
        Varint.append(type.rawValue, to: &out)
        Varint.append(UInt64(digest.count), to: &out)
        out.append(contentsOf: digest)
        return out
    }

    /// Reads a whole multihash (nothing may follow it).
    public init(bytes: [UInt8]) throws {
        let (value, length) = try Multihash.read(bytes[...])
        guard length == bytes.count else { throw MultiformatsError.invalidCid("\(bytes.count - length) bytes after the multihash") }
        self = value
    }

    /// Reads a multihash at the start of `bytes`; returns it and its length.
    static func read(_ bytes: ArraySlice<UInt8>) throws -> (Multihash, Int) {
        let (code, n1) = try Varint.decode(bytes, at: bytes.startIndex)
        guard let type = HashType(rawValue: code) else { throw MultiformatsError.unknownMultihashType(code) }
        let (length, n2) = try Varint.decode(bytes, at: bytes.startIndex + n1)
        let start = bytes.startIndex + n1 + n2
        guard length <= UInt64(bytes.endIndex - start) else {
            throw MultiformatsError.invalidDigestLength(type: type.name, length: Int(clamping: length))
        }
        let digest = Array(bytes[start..<(start + Int(length))])
        return (try Multihash(type: type, digest: digest), n1 + n2 + Int(length))
    }

    /// Plain base58btc of the binary form (the `Qm…` text of a sha2-256 multihash).
    public var base58: String { Base58.encode(bytes) }
}
