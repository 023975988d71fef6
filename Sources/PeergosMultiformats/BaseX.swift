/// Positional base-N text for an arbitrary alphabet (used for base58btc and base36), where each
/// leading zero byte becomes a leading first-alphabet character.
///
/// Decoding is quadratic in the text length, so text longer than ``maximumDecodedTextLength``
/// is refused before any work (``MultiformatsError/textTooLong(length:maximum:)``).
struct BaseX: Sendable {
    /// The longest text decoded, in characters (UTF-8 bytes). It covers the largest legitimate
    /// value with room to spare: a CID with a legacy identity multihash of 4,112 bytes is about
    /// 5,620 base58 or 6,370 base36 characters, a `caps` parameter of 20 chunk capabilities about
    /// 3,300; CIDs, key hashes and capability-link parts are under 200. Decoding 8,192 characters
    /// takes milliseconds; 100 KB would take seconds.
    static let maximumDecodedTextLength = 8_192

    let name: String
    let alphabet: [UInt8]
    let values: [Int8]

    init(name: String, alphabet: String) {
        self.name = name
        self.alphabet = Array(alphabet.utf8)
        var values = [Int8](repeating: -1, count: 256)
        for (i, c) in self.alphabet.enumerated() { values[Int(c)] = Int8(i) }
        self.values = values
    }

    func encode(_ bytes: [UInt8]) -> String {
        let base = alphabet.count
        let zeros = bytes.prefix { $0 == 0 }.count
        // Digits in base `base`, least significant first.
        var digits: [UInt8] = []
        digits.reserveCapacity(bytes.count * 138 / 100 + 1)
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += Int(digits[i]) << 8
                digits[i] = UInt8(carry % base)
                carry /= base
            }
            while carry > 0 {
                digits.append(UInt8(carry % base))
                carry /= base
            }
        }
        var out = [UInt8](repeating: alphabet[0], count: zeros)
        out.reserveCapacity(zeros + digits.count)
        for d in digits.reversed() { out.append(alphabet[Int(d)]) }
        return String(decoding: out, as: UTF8.self)
    }

    func decode(_ text: Substring) throws -> [UInt8] {
        let length = text.utf8.count
        guard length <= BaseX.maximumDecodedTextLength else {
            throw MultiformatsError.textTooLong(length: length, maximum: BaseX.maximumDecodedTextLength)
        }
        let base = alphabet.count
        let chars = Array(text.utf8)
        let zeros = chars.prefix { $0 == alphabet[0] }.count
        var bytes: [UInt8] = []  // least significant first
        bytes.reserveCapacity(chars.count)
        for c in chars[zeros...] {
            let v = values[Int(c)]
            guard v >= 0 else { throw MultiformatsError.invalidCharacter(base: name) }
            var carry = Int(v)
            for i in bytes.indices {
                carry += Int(bytes[i]) * base
                bytes[i] = UInt8(carry & 0xff)
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(UInt8(carry & 0xff))
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed()
    }
}

/// Base58 with the Bitcoin alphabet, without a multibase prefix (`Qm…` hashes, capability links).
public enum Base58 {
    static let codec = BaseX(name: "base58btc", alphabet: "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz")

    public static func encode(_ bytes: [UInt8]) -> String { codec.encode(bytes) }

    /// - Throws: ``MultiformatsError/textTooLong(length:maximum:)`` for text over
    ///   ``maximumDecodedTextLength`` characters (before any decoding), ``MultiformatsError/invalidCharacter(base:)``.
    public static func decode(_ text: String) throws -> [UInt8] { try codec.decode(text[...]) }

    /// The longest text ``decode(_:)`` (and base58btc or base36 ``Multibase/decode(_:)``) accepts.
    public static let maximumDecodedTextLength = BaseX.maximumDecodedTextLength
}
