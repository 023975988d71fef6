/// Positional base-N text for an arbitrary alphabet (used for base58btc and base36), where each
/// leading zero byte becomes a leading first-alphabet character.
struct BaseX: Sendable {
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

    /// - Throws: ``MultiformatsError/invalidCharacter(base:)``.
    public static func decode(_ text: String) throws -> [UInt8] { try codec.decode(text[...]) }
}
