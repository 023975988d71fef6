import PeergosCBOR
import Testing

/// Each rule of the strict decoder, with the exact error (rule and offset) it must report, and
/// what the upstream-compatible mode does with the same bytes.
@Suite("Strict and upstream-compatible decoding")
struct StrictDecoderTests {
    struct Case: CustomTestStringConvertible, Sendable {
        let name: String
        let hex: String
        let rule: CborError.Rule
        let offset: Int
        /// What upstream-compatible mode yields, or nil if it must fail too.
        let upstream: CborObject?
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "empty input", hex: "", rule: .emptyInput, offset: 0, upstream: nil),
        Case(name: "non-minimal 1-byte uint", hex: "1801", rule: .nonMinimalHead, offset: 0, upstream: .integer(1)),
        Case(name: "non-minimal 2-byte uint", hex: "190017", rule: .nonMinimalHead, offset: 0, upstream: .integer(23)),
        Case(name: "non-minimal 4-byte uint", hex: "1a000000ff", rule: .nonMinimalHead, offset: 0, upstream: .integer(255)),
        Case(name: "non-minimal 8-byte uint", hex: "1b0000000000000001", rule: .nonMinimalHead, offset: 0, upstream: .integer(1)),
        Case(name: "non-minimal nint", hex: "3800", rule: .nonMinimalHead, offset: 0, upstream: .integer(-1)),
        Case(name: "non-minimal string length", hex: "780161", rule: .nonMinimalHead, offset: 0, upstream: .text("a")),
        Case(name: "non-minimal nested length", hex: "8119000a", rule: .nonMinimalHead, offset: 1, upstream: .list([.integer(10)])),
        Case(name: "unsorted keys", hex: "a2616201616102", rule: .unsortedMapKeys, offset: 4,
             upstream: .map(["a": .integer(2), "b": .integer(1)])),
        Case(name: "longer key first", hex: "a262616101616202", rule: .unsortedMapKeys, offset: 5,
             upstream: .map(["b": .integer(2), "aa": .integer(1)])),
        Case(name: "duplicate key", hex: "a2616101616102", rule: .duplicateMapKey, offset: 4, upstream: nil),
        Case(name: "non-text key", hex: "a10102", rule: .nonTextMapKey, offset: 1, upstream: nil),
        Case(name: "indefinite map", hex: "bf616101ff", rule: .indefiniteLength, offset: 0, upstream: .map(CborMap())),
        Case(name: "indefinite array", hex: "9f01ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(name: "indefinite bytes", hex: "5f4101ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(name: "indefinite text", hex: "7f6161ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(name: "trailing byte", hex: "01ff", rule: .trailingBytes, offset: 1, upstream: .integer(1)),
        Case(name: "trailing zero padding", hex: "a161610100000000", rule: .trailingBytes, offset: 4,
             upstream: .map(["a": .integer(1)])),
        Case(name: "tag 0", hex: "c00a", rule: .unknownTag, offset: 0, upstream: nil),
        Case(name: "tag 42 non-minimal head", hex: "d9002a582500017112202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824",
             rule: .nonMinimalHead, offset: 0, upstream: .link(TestHex.decode("017112202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"))),
        Case(name: "tag 42 without 0x00", hex: "d82a582401711220" + String(repeating: "00", count: 32), rule: .invalidLink, offset: 2, upstream: nil),
        Case(name: "tag 42 over int", hex: "d82a01", rule: .invalidLink, offset: 2, upstream: nil),
        Case(name: "tag 42 empty CID", hex: "d82a4100", rule: .invalidLink, offset: 2, upstream: nil),
        Case(name: "tag 42 short digest", hex: "d82a4600017112201f", rule: .invalidLink, offset: 2, upstream: nil),
        Case(name: "half float", hex: "f93c00", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(name: "double", hex: "fb3ff0000000000000", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(name: "undefined", hex: "f7", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(name: "lone break", hex: "ff", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(name: "uint64 >= 2^63", hex: "1b8000000000000000", rule: .integerOutOfRange, offset: 0, upstream: nil),
        Case(name: "nint below -2^63", hex: "3b8000000000000000", rule: .integerOutOfRange, offset: 0, upstream: nil),
        Case(name: "truncated 1-byte argument", hex: "18", rule: .truncated, offset: 0, upstream: .integer(255)),
        Case(name: "truncated 2-byte argument", hex: "1901", rule: .truncated, offset: 0, upstream: nil),
        Case(name: "truncated array", hex: "8201", rule: .truncated, offset: 2, upstream: nil),
        Case(name: "truncated bytes", hex: "44010203", rule: .truncated, offset: 0, upstream: nil),
        Case(name: "byte length exceeds input", hex: "5a7fffffff00", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(name: "map count exceeds input", hex: "baffffff00", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(name: "array count exceeds input", hex: "9a00010000", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(name: "invalid UTF-8", hex: "62c328", rule: .invalidUTF8, offset: 0, upstream: .text("\u{FFFD}(")),
        Case(name: "reserved additional info", hex: "1c", rule: .reservedAdditionalInfo, offset: 0, upstream: nil),
    ]

    @Test("strict mode reports the rule and offset", arguments: cases)
    func strictRejects(_ c: Case) {
        #expect(throws: CborError(c.rule, at: c.offset)) {
            try CborObject.decode(TestHex.decode(c.hex), options: .strict)
        }
    }

    @Test("upstream-compatible mode matches upstream", arguments: cases)
    func upstreamCompatible(_ c: Case) throws {
        let bytes = TestHex.decode(c.hex)
        if let expected = c.upstream {
            #expect(try CborObject.decode(bytes, options: .upstreamCompatible) == expected)
        } else {
            #expect(throws: CborError.self) { try CborObject.decode(bytes, options: .upstreamCompatible) }
        }
    }

    @Test("deep nesting is refused, not a stack overflow")
    func deepNesting() {
        let bytes = [UInt8](repeating: 0x81, count: 100_000) + [0x00]
        #expect(throws: CborError(.nestingTooDeep, at: 256)) { try CborObject.decode(bytes, options: .strict) }
        #expect(throws: CborError(.nestingTooDeep, at: 256)) { try CborObject.decode(bytes, options: .upstreamCompatible) }
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
