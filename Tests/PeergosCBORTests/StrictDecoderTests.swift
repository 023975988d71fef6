import PeergosCBOR
import Testing

/// Each rule of the strict decoder, with the exact error (rule and offset) it must report, and
/// what the upstream-compatible mode does with the same bytes.
@Suite("Strict and upstream-compatible decoding")
struct StrictDecoderTests {
    // The table of strict-mode rules (each with its rule, offset and upstream-compatible outcome)
    // is published as Vectors/peergos/cbor-strict.json and run by PeergosVectorsTests.

    @Test("strict mode names the rule and offset; upstream-compatible mode reads upstream's value")
    func representativeRules() throws {
        #expect(throws: CborError(.nonMinimalHead, at: 0)) { try CborObject.decode([0x18, 0x01], options: .strict) }
        #expect(try CborObject.decode([0x18, 0x01], options: .upstreamCompatible) == .integer(1))
        #expect(throws: CborError(.trailingBytes, at: 1)) { try CborObject.decode([0x01, 0x00], options: .strict) }
        #expect(try CborObject.decode([0x01, 0x00], options: .upstreamCompatible) == .integer(1))
        #expect(throws: CborError(.duplicateMapKey, at: 4)) {
            try CborObject.decode([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02], options: .upstreamCompatible)
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let bytes = [UInt8](repeating: 0x81, count: 100_000) + [0x00]
        #expect(throws: CborError(.nestingTooDeep, at: 64)) { try CborObject.decode(bytes, options: .strict) }
        #expect(throws: CborError(.nestingTooDeep, at: 64)) { try CborObject.decode(bytes, options: .upstreamCompatible) }
    }

    @Test("decodePrefix reports the item length and ignores what follows")
    func prefix() throws {
        let (value, length) = try CborObject.decodePrefix([0x82, 0x01, 0x02, 0x00, 0x00])
        #expect(value == .list([.integer(1), .integer(2)]))
        #expect(length == 3)
    }

    @Test("non-ASCII keys sort by UTF-16 length, then UTF-16 units")
    func keyOrder() throws {
        // U+1F600 is two UTF-16 units, so it sorts after every one-unit key and with two-unit keys.
        let map: CborMap = ["ab": .null, "é": .null, "😀": .null, "z": .null, "\u{FF5E}": .null]
        #expect(map.keys == ["z", "é", "\u{FF5E}", "ab", "😀"])
        let bytes = CborObject.map(map).serialize()
        #expect(try CborObject.decode(bytes, options: .strict) == .map(map))
    }
}
