/// RFC 4648 bit-group encodings: base16, base32 and base64, with or without padding.
struct RFC4648: Sendable {
    let name: String
    let alphabet: [UInt8]
    let bitsPerCharacter: Int
    let padded: Bool
    let caseInsensitive: Bool
    private let values: [Int8]

    init(name: String, alphabet: String, bitsPerCharacter: Int, padded: Bool, caseInsensitive: Bool = false) {
        self.name = name
        self.alphabet = Array(alphabet.utf8)
        self.bitsPerCharacter = bitsPerCharacter
        self.padded = padded
        self.caseInsensitive = caseInsensitive
        var values = [Int8](repeating: -1, count: 256)
        for (i, c) in self.alphabet.enumerated() {
            values[Int(c)] = Int8(i)
            if caseInsensitive {
                if c >= 0x61 && c <= 0x7a { values[Int(c - 0x20)] = Int8(i) }
                if c >= 0x41 && c <= 0x5a { values[Int(c + 0x20)] = Int8(i) }
            }
        }
        self.values = values
    }

    /// Characters per padded group (8 for base32, 4 for base64, 2 for base16).
    private var groupCharacters: Int { bitsPerCharacter == 5 ? 8 : bitsPerCharacter == 6 ? 4 : 2 }

    func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 8 / bitsPerCharacter + 4)
        var buffer: UInt32 = 0
        var bits = 0
        let mask = UInt32((1 << bitsPerCharacter) - 1)
        for b in bytes {
            buffer = (buffer << 8) | UInt32(b)
            bits += 8
            while bits >= bitsPerCharacter {
                bits -= bitsPerCharacter
                out.append(alphabet[Int((buffer >> UInt32(bits)) & mask)])
            }
        }
        if bits > 0 { out.append(alphabet[Int((buffer << UInt32(bitsPerCharacter - bits)) & mask)]) }
        if padded {
            while out.count % groupCharacters != 0 { out.append(UInt8(ascii: "=")) }
        }
        return String(decoding: out, as: UTF8.self)
    }

    func decode(_ text: Substring) throws -> [UInt8] {
        var chars = Array(text.utf8)
        while chars.last == UInt8(ascii: "=") { chars.removeLast() }
        var out: [UInt8] = []
        out.reserveCapacity(chars.count * bitsPerCharacter / 8)
        var buffer: UInt32 = 0
        var bits = 0
        for c in chars {
            let v = values[Int(c)]
            guard v >= 0 else { throw MultiformatsError.invalidCharacter(base: name) }
            buffer = (buffer << UInt32(bitsPerCharacter)) | UInt32(v)
            bits += bitsPerCharacter
            if bits >= 8 {
                bits -= 8
                out.append(UInt8(truncatingIfNeeded: buffer >> UInt32(bits)))
            }
        }
        // Leftover bits must be zero padding, shorter than one character.
        guard bits < bitsPerCharacter, buffer & ((1 << UInt32(bits)) - 1) == 0 else {
            throw MultiformatsError.invalidCharacter(base: name)
        }
        return out
    }
}
