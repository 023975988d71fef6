import PeergosCBOR
import Testing

/// RFC 8949 Appendix A examples that fall inside Peergos' subset (integers within Int64, byte and
/// text strings, arrays, maps with text keys, booleans, null), each encoded and strictly decoded.
@Suite("RFC 8949 Appendix A")
struct RFC8949ExamplesTests {
    static let examples: [(CborObject, String)] = [
        (.integer(0), "00"), (.integer(1), "01"), (.integer(10), "0a"), (.integer(23), "17"),
        (.integer(24), "1818"), (.integer(25), "1819"), (.integer(100), "1864"), (.integer(1000), "1903e8"),
        (.integer(1_000_000), "1a000f4240"), (.integer(1_000_000_000_000), "1b000000e8d4a51000"),
        (.integer(-1), "20"), (.integer(-10), "29"), (.integer(-100), "3863"), (.integer(-1000), "3903e7"),
        (.bool(false), "f4"), (.bool(true), "f5"), (.null, "f6"),
        (.bytes([]), "40"), (.bytes([1, 2, 3, 4]), "4401020304"),
        (.text(""), "60"), (.text("a"), "6161"), (.text("IETF"), "6449455446"),
        (.text("\"\\"), "62225c"), (.text("\u{00fc}"), "62c3bc"), (.text("\u{6c34}"), "63e6b0b4"),
        (.text("\u{10151}"), "64f0908591"),
        (.list([]), "80"), (.list([.integer(1), .integer(2), .integer(3)]), "83010203"),
        (.list([.integer(1), .list([.integer(2), .integer(3)]), .list([.integer(4), .integer(5)])]), "8301820203820405"),
        (.list((1...25).map { .integer(Int64($0)) }), "98190102030405060708090a0b0c0d0e0f101112131415161718181819"),
        (.map(CborMap()), "a0"),
        (.list([.text("a"), .map(["b": .text("c")])]), "826161a161626163"),
        (.map(["a": .text("A"), "b": .text("B"), "c": .text("C"), "d": .text("D"), "e": .text("E")]),
         "a56161614161626142616361436164614461656145"),
        (.map(["a": .integer(1), "b": .list([.integer(2), .integer(3)])]), "a26161016162820203"),
    ]

    @Test("encodes each example", arguments: 0..<examples.count)
    func encodes(index: Int) {
        let (value, hex) = Self.examples[index]
        #expect(TestHex.encode(value.serialize()) == hex)
    }

    @Test("strictly decodes each example", arguments: 0..<examples.count)
    func decodes(index: Int) throws {
        let (value, hex) = Self.examples[index]
        #expect(try CborObject.decode(TestHex.decode(hex), options: .strict) == value)
    }

    /// Appendix A items outside the subset are refused with the rule that excludes them.
    @Test("refuses examples outside the subset")
    func refusesOutsideSubset() {
        let cases: [(String, CborError.Rule)] = [
            ("1bffffffffffffffff", .integerOutOfRange),     // 18446744073709551615
            ("c249010000000000000000", .unknownTag),       // bignum 18446744073709551616
            ("3bffffffffffffffff", .integerOutOfRange),     // -18446744073709551616
            ("f90000", .unsupportedSimpleValue),            // 0.0 (half)
            ("fb3ff199999999999a", .unsupportedSimpleValue), // 1.1
            ("fa7f800000", .unsupportedSimpleValue),        // Infinity
            ("f7", .unsupportedSimpleValue),                // undefined
            ("f0", .unsupportedSimpleValue),                // simple(16)
            ("f8ff", .unsupportedSimpleValue),              // simple(255)
            ("c074323031332d30332d32315432303a30343a30305a", .unknownTag), // tag 0 date
            ("d74401020304", .unknownTag),                  // tag 23
            ("a201020304", .nonTextMapKey),                 // {1: 2, 3: 4}
            ("5f42010243030405ff", .indefiniteLength),      // (_ h'0102', h'030405')
            ("7f657374726561646d696e67ff", .indefiniteLength),
            ("9fff", .indefiniteLength),
            ("bf61610161629f0203ffff", .indefiniteLength),
        ]
        for (hex, rule) in cases {
            #expect(throws: CborError.self) { try CborObject.decode(TestHex.decode(hex), options: .strict) }
            do {
                _ = try CborObject.decode(TestHex.decode(hex), options: .strict)
            } catch let e as CborError {
                #expect(e.rule == rule, "\(hex): got \(e)")
            } catch {
                Issue.record("\(hex): unexpected error \(error)")
            }
        }
    }
}
