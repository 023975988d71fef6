/// Positional base-N text for an arbitrary alphabet (used for base58btc and base36), where each
/// leading zero byte becomes a leading first-alphabet character.
///
/// Both directions are quadratic in the length (by 32-bit limbs, not digits). Decoding takes
/// untrusted text, so text longer than ``maximumDecodedTextLength`` is refused before any work
/// (``MultiformatsError/textTooLong(length:maximum:)``); encoding takes the caller's own bytes.
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
    /// Base-N digits per 32-bit limb: the largest k with N^k < 2^32 (5 for base 58, 6 for base 36).
    let digitsPerLimb: Int
    /// N^`digitsPerLimb`, below 2^32.
    let limbBase: UInt64
    /// floor(log2(`limbBase`)): every limb below the top one holds at least this many bits.
    let bitsPerLimb: Int
    /// ceil(log2(N)): no digit holds more bits than this.
    let bitsPerDigit: Int

    init(name: String, alphabet: String) {
        self.name = name
        self.alphabet = Array(alphabet.utf8)
        var values = [Int8](repeating: -1, count: 256)
        for (i, c) in self.alphabet.enumerated() { values[Int(c)] = Int8(i) }
        self.values = values
        let base = UInt64(self.alphabet.count)
        var k = 0, power: UInt64 = 1
        while power * base < 1 << 32 { power *= base; k += 1 }
        self.digitsPerLimb = k
        self.limbBase = power
        self.bitsPerLimb = power.bitWidth - 1 - power.leadingZeroBitCount
        self.bitsPerDigit = (base - 1).bitWidth - (base - 1).leadingZeroBitCount
    }

    /// The text of `bytes`: one first-alphabet character per leading zero byte, then the rest of
    /// `bytes` as a big-endian number in base N, most significant digit first, with no leading zero
    /// digit.
    ///
    /// The number is converted 32 bits of input at a time into limbs of `digitsPerLimb` digits
    /// (each step `limb * 2^32 + carry` stays below 2^64), so a 36-byte CID takes about 50 limb
    /// steps instead of about 900 digit steps.
    func encode(_ bytes: [UInt8]) -> String {
        bytes.withUnsafeBufferPointer { input in
            let zeros = input.prefix { $0 == 0 }.count
            // Limbs in base `limbBase`, least significant first.
            // A number below 2^(8n) has at most 8n / bitsPerLimb + 1 limbs.
            var limbs = [UInt64](repeating: 0, count: 8 * (input.count - zeros) / bitsPerLimb + 2)
            var used = 0
            var i = zeros
            // The first word takes the odd bytes, so that every later one is a whole 32 bits.
            var width = (input.count - zeros) % 4
            if width == 0 { width = 4 }
            while i < input.count {
                var word: UInt64 = 0
                for j in i..<(i + width) { word = word << 8 | UInt64(input[j]) }
                let shift = UInt64(8 * width)
                var carry = word
                for l in 0..<used {
                    let x = limbs[l] << shift | carry
                    limbs[l] = x % limbBase
                    carry = x / limbBase
                }
                while carry > 0 {
                    limbs[used] = carry % limbBase
                    carry /= limbBase
                    used += 1
                }
                i += width
                width = 4
            }
            // Digits, most significant first: the top limb without leading zeros, every other in full.
            let base = UInt64(alphabet.count)
            let first = alphabet[0]
            var out = [UInt8](repeating: first, count: zeros + used * digitsPerLimb)
            var end = out.count
            for l in 0..<used {
                var limb = limbs[l]
                for _ in 0..<digitsPerLimb {
                    end -= 1
                    out[end] = alphabet[Int(limb % base)]
                    limb /= base
                    if limb == 0 && l == used - 1 { break }
                }
            }
            // Between the leading zero bytes' characters and the top digit lie the top limb's unused places.
            out.removeSubrange(zeros..<end)
            return String(decoding: out, as: UTF8.self)
        }
    }

    /// The bytes of `text` (see ``encode(_:)``): one zero byte per leading first-alphabet
    /// character, then the number the rest spells, big-endian, with no leading zero byte.
    ///
    /// Characters are read `digitsPerLimb` at a time into one value below 2^32, which multiplies
    /// into 32-bit limbs of the result (`limb * N^k + carry` stays below 2^64).
    func decode(_ text: Substring) throws -> [UInt8] {
        let length = text.utf8.count
        guard length <= BaseX.maximumDecodedTextLength else {
            throw MultiformatsError.textTooLong(length: length, maximum: BaseX.maximumDecodedTextLength)
        }
        let base = UInt64(alphabet.count)
        let chars = Array(text.utf8)
        let zeros = chars.prefix { $0 == alphabet[0] }.count
        // Limbs in base 2^32, least significant first.
        // A number of m digits is below 2^(m * bitsPerDigit): at most that / 32 + 1 limbs.
        var limbs = [UInt64](repeating: 0, count: (chars.count - zeros) * bitsPerDigit / 32 + 2)
        var used = 0
        var i = zeros
        while i < chars.count {
            var group: UInt64 = 0, multiplier: UInt64 = 1
            let end = Swift.min(i + digitsPerLimb, chars.count)
            for c in chars[i..<end] {
                let v = values[Int(c)]
                guard v >= 0 else { throw MultiformatsError.invalidCharacter(base: name) }
                group = group * base + UInt64(v)
                multiplier *= base
            }
            var carry = group
            for l in 0..<used {
                let x = limbs[l] * multiplier + carry
                limbs[l] = x & 0xffff_ffff
                carry = x >> 32
            }
            while carry > 0 {
                limbs[used] = carry & 0xffff_ffff
                carry >>= 32
                used += 1
            }
            i = end
        }
        var out = [UInt8](repeating: 0, count: zeros + used * 4)
        var at = out.count
        for l in 0..<used {
            var limb = limbs[l]
            for _ in 0..<4 {
                at -= 1
                out[at] = UInt8(truncatingIfNeeded: limb)
                limb >>= 8
            }
        }
        // The top limb's leading zero bytes are not part of the number.
        var top = zeros
        while top < out.count && out[top] == 0 { top += 1 }
        out.removeSubrange(zeros..<top)
        return out
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
