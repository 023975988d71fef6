/// Why bytes or text are not a valid varint, multihash, CID or multibase string.
public enum MultiformatsError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The input ended inside a varint.
    case truncatedVarint
    /// A varint with a superfluous final zero byte.
    case nonMinimalVarint
    /// A varint longer than 10 bytes.
    case varintTooLong
    /// A 10-byte varint whose value exceeds 64 bits.
    case varintOverflow
    /// A multihash code this implementation does not know.
    case unknownMultihashType(UInt64)
    /// A digest whose length does not match its hash type (or exceeds a limit).
    case invalidDigestLength(type: String, length: Int)
    /// An identity multihash larger than allowed.
    case identityTooLarge(Int)
    /// A CID codec this implementation does not know.
    case unknownCodec(UInt64)
    /// A CID version other than 0 or 1.
    case unsupportedCidVersion(UInt64)
    /// CID bytes that are malformed (with the reason).
    case invalidCid(String)
    /// A multibase prefix this implementation does not know.
    case unknownMultibasePrefix(Character)
    /// A character outside the base's alphabet, or bad padding.
    case invalidCharacter(base: String)
    /// An empty string where an encoded value was expected.
    case emptyInput
    /// A PublicKeyHash whose multihash is neither identity nor sha2-256.
    case unsafePublicKeyHash
    /// Base58 or base36 text longer than the decoder accepts (its length in UTF-8 bytes, and the maximum).
    case textTooLong(length: Int, maximum: Int)

    public var description: String {
        switch self {
        case .truncatedVarint: return "varint truncated"
        case .nonMinimalVarint: return "non-minimal varint encoding"
        case .varintTooLong: return "varint longer than 10 bytes"
        case .varintOverflow: return "varint exceeds 64 bits"
        case .unknownMultihashType(let c): return "unknown multihash type 0x\(String(c, radix: 16))"
        case .invalidDigestLength(let t, let l): return "digest length \(l) is invalid for \(t)"
        case .identityTooLarge(let l): return "identity multihash of \(l) bytes exceeds the maximum"
        case .unknownCodec(let c): return "unknown CID codec 0x\(String(c, radix: 16))"
        case .unsupportedCidVersion(let v): return "unsupported CID version \(v)"
        case .invalidCid(let why): return "invalid CID: \(why)"
        case .unknownMultibasePrefix(let c): return "unknown multibase prefix '\(c)'"
        case .invalidCharacter(let b): return "invalid \(b) text"
        case .emptyInput: return "empty input"
        case .unsafePublicKeyHash: return "a PublicKeyHash must use an identity or sha2-256 multihash"
        case .textTooLong(let l, let m): return "encoded text of \(l) characters exceeds the maximum of \(m)"
        }
    }
}
