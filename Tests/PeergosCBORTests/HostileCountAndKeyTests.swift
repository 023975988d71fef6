import PeergosCBOR
import Testing

/// Declared counts are checked against the bytes remaining after the head, and map keys compare
/// as Java strings (UTF-16 code units), never by Unicode canonical equivalence.
@Suite("Hostile counts and Java key equality")
struct HostileCountAndKeyTests {
    // MARK: counts against the bytes remaining

    @Test("an array declaring more items than bytes remain is refused at its head")
    func arrayCount() throws {
        // Array of 2 with 1 byte left: before, read as far as the missing item ("truncated" at 2).
        #expect(throws: CborError(.lengthExceedsInput, at: 0)) { try CborObject.decode([0x82, 0x01]) }
        #expect(throws: CborError(.lengthExceedsInput, at: 0)) { try CborObject.decode([0x82, 0x01], options: .upstreamCompatible) }
        // The inner array claims 5 items with 4 bytes left; the whole input (6 bytes) could hold 5.
        #expect(throws: CborError(.lengthExceedsInput, at: 1)) { try CborObject.decode([0x82, 0x85, 0x01, 0x01, 0x01, 0x01]) }
        // Exactly as many items as bytes is fine.
        #expect(try CborObject.decode([0x82, 0x01, 0x02]) == .list([.integer(1), .integer(2)]))
    }

    @Test("a map declaring more pairs than half the bytes remaining is refused at its head")
    func mapCount() throws {
        // Map of 2 pairs with 3 bytes left (a pair takes at least 2).
        #expect(throws: CborError(.lengthExceedsInput, at: 0)) { try CborObject.decode([0xa2, 0x61, 0x61, 0x01]) }
        // Map of 1 pair with 2 bytes left is allowed by the count rule; the key then is not text.
        #expect(throws: CborError(.nonTextMapKey, at: 1)) { try CborObject.decode([0xa1, 0x01, 0x02]) }
        // Nested, upstream-compatible: the inner map (at offset 1) claims 3 pairs with 5 bytes left.
        #expect(throws: CborError(.lengthExceedsInput, at: 1)) {
            try CborObject.decode([0x81, 0xa3, 0x61, 0x61, 0x01, 0x00, 0x00], options: .upstreamCompatible)
        }
    }

    @Test("a huge declared count costs no memory: refused before anything is reserved")
    func hugeCountsAreCheap() {
        // 2^32-1 items declared in a 5-byte head, in a list of such heads: every one is refused
        // where it stands, whatever the count (before, counts up to the whole input were reserved).
        var bytes: [UInt8] = [0x98, 0xff]
        for _ in 0..<255 { bytes += [0x9a, 0xff, 0xff, 0xff, 0xff] }
        #expect(throws: CborError(.lengthExceedsInput, at: 2)) { try CborObject.decode(bytes) }
        // Counts the input can hold are still read, in full.
        let many = [UInt8]([0x99, 0x27, 0x10]) + [UInt8](repeating: 0xf6, count: 10_000)
        #expect((try? CborObject.decode(many)) == .list([CborObject](repeating: .null, count: 10_000)))
    }

    // MARK: Java string equality for keys

    /// Pairs Swift calls equal (canonically equivalent) that Java, and so upstream, keeps apart.
    static let equivalentPairs: [(String, String)] = [
        ("\u{E9}", "e\u{301}"),  // é precomposed vs e + combining acute: 1 vs 2 UTF-16 units
        ("\u{C5}", "\u{212B}"),  // Å vs the Angstrom sign: 1 unit each, 0x00C5 < 0x212B
    ]

    @Test("canonically equivalent keys are different keys, in Java's order", arguments: 0..<2)
    func equivalentKeys(pair: Int) throws {
        let (first, second) = Self.equivalentPairs[pair]
        #expect(first == second, "Swift's String == says they are equal, which is the trap")
        #expect(CborMap.compareKeys(first, second) < 0)
        #expect(!CborMap.keysEqual(first, second))

        // Built from entries: two keys, no duplicate error, each value under its own key.
        let map = try CborMap([(second, .integer(2)), (first, .integer(1))])
        #expect(map.count == 2)
        #expect(map[first] == .integer(1))
        #expect(map[second] == .integer(2))
        #expect(map.keys.map { Array($0.utf8) } == [Array(first.utf8), Array(second.utf8)])

        // Encoded in that order, both decoders read both keys back (before: "duplicate key").
        let bytes = CborObject.map(map).serialize()
        for options in [CborDecodingOptions.strict, .upstreamCompatible] {
            let decoded = try CborObject.decode(bytes, options: options).asMap()
            #expect(decoded.count == 2)
            #expect(decoded[first] == .integer(1))
            #expect(decoded[second] == .integer(2))
            #expect(CborObject.map(decoded).serialize() == bytes)
        }

        // The reverse order is unsorted (strict) or re-sorted (upstream-compatible), never a duplicate.
        func entry(_ key: String, _ value: UInt8) -> [UInt8] { [0x60 | UInt8(key.utf8.count)] + Array(key.utf8) + [value] }
        let reversed = [0xa2] + entry(second, 2) + entry(first, 1)
        #expect(throws: CborError(.unsortedMapKeys, at: 1 + entry(second, 2).count)) { try CborObject.decode(reversed) }
        #expect(try CborObject.decode(reversed, options: .upstreamCompatible).serialize() == bytes)

        // The same key twice is still a duplicate.
        let twice = [0xa2] + entry(first, 1) + entry(first, 2)
        #expect(throws: CborError(.duplicateMapKey, at: 1 + entry(first, 1).count)) { try CborObject.decode(twice) }
        #expect(throws: CborSchemaError.duplicateKey(first)) { try CborMap([(first, .null), (first, .null)]) }
    }

    @Test("text values compare as their encodings do")
    func textEquality() {
        for (first, second) in Self.equivalentPairs {
            #expect(CborObject.text(first) != CborObject.text(second))
            #expect(CborObject.text(first).serialize() != CborObject.text(second).serialize())
            #expect(Set([CborObject.text(first), .text(second)]).count == 2)
            #expect(CborObject.text(first) == CborObject.text(String(decoding: Array(first.utf8), as: UTF8.self)))
        }
    }
}
