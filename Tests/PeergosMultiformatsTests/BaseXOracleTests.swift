import PeergosMultiformats
import Testing

/// The limb-at-a-time base58btc and base36 conversion against the textbook one, one digit and one
/// byte at a time (kept here only as an oracle), on inputs of every length from 0 to 300 bytes
/// with and without leading zero bytes, on all-zero inputs and on the largest values of each length.
@Suite("base58btc and base36 against a digit-at-a-time oracle")
struct BaseXOracleTests {
    static let base58 = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
    static let base36 = Array("0123456789abcdefghijklmnopqrstuvwxyz".utf8)

    /// Textbook conversion: every byte multiplies the digits so far by 256.
    static func oracleEncode(_ bytes: [UInt8], _ alphabet: [UInt8]) -> String {
        let base = alphabet.count
        let zeros = bytes.prefix { $0 == 0 }.count
        var digits: [Int] = []  // least significant first
        for byte in bytes[zeros...] {
            var carry = Int(byte)
            for i in digits.indices {
                carry += digits[i] * 256
                digits[i] = carry % base
                carry /= base
            }
            while carry > 0 {
                digits.append(carry % base)
                carry /= base
            }
        }
        return String(decoding: [UInt8](repeating: alphabet[0], count: zeros) + digits.reversed().map { alphabet[$0] }, as: UTF8.self)
    }

    /// Textbook conversion back: every character multiplies the bytes so far by the base.
    static func oracleDecode(_ text: String, _ alphabet: [UInt8]) -> [UInt8] {
        let chars = Array(text.utf8)
        let zeros = chars.prefix { $0 == alphabet[0] }.count
        var bytes: [Int] = []  // least significant first
        for c in chars[zeros...] {
            var carry = alphabet.firstIndex(of: c)!
            for i in bytes.indices {
                carry += bytes[i] * alphabet.count
                bytes[i] = carry & 0xff
                carry >>= 8
            }
            while carry > 0 {
                bytes.append(carry & 0xff)
                carry >>= 8
            }
        }
        return [UInt8](repeating: 0, count: zeros) + bytes.reversed().map { UInt8($0) }
    }

    static func inputs() -> [[UInt8]] {
        var state: UInt64 = 0x9e37_79b9_7f4a_7c15
        func random(_ n: Int) -> [UInt8] {
            (0..<n).map { _ in
                state = state &* 6364136223846793005 &+ 1442695040888963407
                return UInt8(truncatingIfNeeded: state >> 33)
            }
        }
        var out: [[UInt8]] = []
        for n in 0...300 {
            out.append(random(n))
            out.append([UInt8](repeating: 0, count: n % 5) + [1 + UInt8(n % 255)] + random(n / 3))
            out.append([UInt8](repeating: 0xff, count: n))
        }
        for n in 1...12 { out.append([UInt8](repeating: 0, count: n)) }
        return out
    }

    @Test("encode agrees with the oracle, and decode gives the bytes back")
    func agreesWithOracle() throws {
        for bytes in Self.inputs() {
            let b58 = Base58.encode(bytes)
            #expect(b58 == Self.oracleEncode(bytes, Self.base58), "base58 of \(bytes)")
            #expect(try Base58.decode(b58) == bytes, "base58 back to \(bytes)")
            let b36 = Multibase.encode(bytes, .base36)
            #expect(b36 == "k" + Self.oracleEncode(bytes, Self.base36), "base36 of \(bytes)")
            #expect(try Multibase.decode(b36) == bytes, "base36 back to \(bytes)")
        }
    }

    @Test("decode agrees with the oracle on text no encoder wrote")
    func decodesArbitraryText() throws {
        var state: UInt64 = 7
        for n in 0...250 {
            for alphabet in [Self.base58, Self.base36] {
                let text = String(decoding: (0..<n).map { _ -> UInt8 in
                    state = state &* 6364136223846793005 &+ 1
                    // About one in eight characters is the first (zero) digit, leading ones included.
                    let r = Int(state >> 40)
                    return r % 8 == 0 ? alphabet[0] : alphabet[r % alphabet.count]
                }, as: UTF8.self)
                let expected = Self.oracleDecode(text, alphabet)
                if alphabet == Self.base58 {
                    #expect(try Base58.decode(text) == expected, "base58 \(text)")
                } else {
                    #expect(try Multibase.decode("k" + text) == expected, "base36 \(text)")
                }
            }
        }
    }
}
