/// A multibase: a one-character prefix naming the base, then the text.
public enum Multibase: Character, Sendable, CaseIterable {
    case base58btc = "z"
    case base32 = "b"
    case base32Upper = "B"
    case base36 = "k"
    case base36Upper = "K"
    case base16 = "f"
    case base16Upper = "F"
    case base64 = "m"
    case base64Pad = "M"
    case base64URL = "u"
    case base64URLPad = "U"

    static let base32Codec = RFC4648(name: "base32", alphabet: "abcdefghijklmnopqrstuvwxyz234567", bitsPerCharacter: 5, padded: false)
    static let base32UpperCodec = RFC4648(name: "base32upper", alphabet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", bitsPerCharacter: 5, padded: false)
    static let base16Codec = RFC4648(name: "base16", alphabet: "0123456789abcdef", bitsPerCharacter: 4, padded: false)
    static let base16UpperCodec = RFC4648(name: "base16upper", alphabet: "0123456789ABCDEF", bitsPerCharacter: 4, padded: false)
    static let base64Alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    static let base64URLAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
    static let base64Codec = RFC4648(name: "base64", alphabet: base64Alphabet, bitsPerCharacter: 6, padded: false)
    static let base64PadCodec = RFC4648(name: "base64pad", alphabet: base64Alphabet, bitsPerCharacter: 6, padded: true)
    static let base64URLCodec = RFC4648(name: "base64url", alphabet: base64URLAlphabet, bitsPerCharacter: 6, padded: false)
    static let base64URLPadCodec = RFC4648(name: "base64urlpad", alphabet: base64URLAlphabet, bitsPerCharacter: 6, padded: true)
    static let base36Codec = BaseX(name: "base36", alphabet: "0123456789abcdefghijklmnopqrstuvwxyz")
    static let base36UpperCodec = BaseX(name: "base36upper", alphabet: "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")

    /// `prefix ‖ text` of `bytes` in `base`.
    public static func encode(_ bytes: [UInt8], _ base: Multibase) -> String {
        String(base.rawValue) + base.encodeWithoutPrefix(bytes)
    }

    /// The text of `bytes` in this base, without the prefix.
    public func encodeWithoutPrefix(_ bytes: [UInt8]) -> String {
        switch self {
        case .base58btc: return Base58.encode(bytes)
        case .base32: return Multibase.base32Codec.encode(bytes)
        case .base32Upper: return Multibase.base32UpperCodec.encode(bytes)
        case .base36: return Multibase.base36Codec.encode(bytes)
        case .base36Upper: return Multibase.base36UpperCodec.encode(bytes)
        case .base16: return Multibase.base16Codec.encode(bytes)
        case .base16Upper: return Multibase.base16UpperCodec.encode(bytes)
        case .base64: return Multibase.base64Codec.encode(bytes)
        case .base64Pad: return Multibase.base64PadCodec.encode(bytes)
        case .base64URL: return Multibase.base64URLCodec.encode(bytes)
        case .base64URLPad: return Multibase.base64URLPadCodec.encode(bytes)
        }
    }

    /// Decodes a prefixed multibase string.
    /// - Throws: ``MultiformatsError`` for an empty string, an unknown prefix or a bad character.
    public static func decode(_ text: String) throws -> [UInt8] {
        guard let first = text.first else { throw MultiformatsError.emptyInput }
        guard let base = Multibase(rawValue: first) else { throw MultiformatsError.unknownMultibasePrefix(first) }
        let body = text.dropFirst()
        switch base {
        case .base58btc: return try Base58.codec.decode(body)
        case .base32: return try base32Codec.decode(body)
        case .base32Upper: return try base32UpperCodec.decode(body)
        case .base36: return try base36Codec.decode(body)
        case .base36Upper: return try base36UpperCodec.decode(body)
        case .base16: return try base16Codec.decode(body)
        case .base16Upper: return try base16UpperCodec.decode(body)
        case .base64: return try base64Codec.decode(body)
        case .base64Pad: return try base64PadCodec.decode(body)
        case .base64URL: return try base64URLCodec.decode(body)
        case .base64URLPad: return try base64URLPadCodec.decode(body)
        }
    }
}
