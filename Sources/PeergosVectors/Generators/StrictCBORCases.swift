import PeergosCBOR

/// The project's own CBOR decoding vectors (area "cbor", kind "decode_strict"): inputs the
/// strict decoder must refuse, each with the rule it breaks and the offset it names, plus what
/// the upstream-compatible decoder does with the same bytes (the value upstream reads, or an error).
///
/// The expected rule, offset and upstream outcome are written here by hand from the CBOR rules
/// and the facts about upstream's decoder; the generator refuses to write a vector our decoder
/// disagrees with, and a test checks the published file matches this table.
enum StrictCBORCases {
    struct Case {
        let id: String
        let description: String
        let hex: String
        let rule: CborError.Rule
        let offset: Int
        /// The value upstream decodes, or nil when upstream refuses the bytes too.
        let upstream: CborObject?
    }

    static let cid = "017112202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"

    static let cases: [Case] = [
        Case(id: "strict_empty_input", description: "no bytes", hex: "", rule: .emptyInput, offset: 0, upstream: nil),
        Case(id: "strict_nonminimal_uint8", description: "0x18 0x01: 1 in a 1-byte argument", hex: "1801", rule: .nonMinimalHead, offset: 0, upstream: .integer(1)),
        Case(id: "strict_nonminimal_uint16", description: "23 in a 2-byte argument", hex: "190017", rule: .nonMinimalHead, offset: 0, upstream: .integer(23)),
        Case(id: "strict_nonminimal_uint32", description: "255 in a 4-byte argument", hex: "1a000000ff", rule: .nonMinimalHead, offset: 0, upstream: .integer(255)),
        Case(id: "strict_nonminimal_uint64", description: "1 in an 8-byte argument", hex: "1b0000000000000001", rule: .nonMinimalHead, offset: 0, upstream: .integer(1)),
        Case(id: "strict_nonminimal_nint", description: "-1 with a 1-byte argument", hex: "3800", rule: .nonMinimalHead, offset: 0, upstream: .integer(-1)),
        Case(id: "strict_nonminimal_text_length", description: "text length 1 in a 1-byte argument", hex: "780161", rule: .nonMinimalHead, offset: 0, upstream: .text("a")),
        Case(id: "strict_nonminimal_nested", description: "non-minimal integer inside an array: offset of the inner item", hex: "8119000a", rule: .nonMinimalHead, offset: 1, upstream: .list([.integer(10)])),
        Case(id: "strict_nonminimal_tag42", description: "tag 42 written with a 2-byte argument", hex: "d9002a5825" + "00" + cid, rule: .nonMinimalHead, offset: 0, upstream: .link(Hex.decode(cid) ?? [])),
        Case(id: "strict_unsorted_keys", description: "\"b\" before \"a\"", hex: "a2616201616102", rule: .unsortedMapKeys, offset: 4, upstream: .map(["a": .integer(2), "b": .integer(1)])),
        Case(id: "strict_unsorted_keys_length_first", description: "\"aa\" before \"b\": shorter keys come first", hex: "a262616101616202", rule: .unsortedMapKeys, offset: 5, upstream: .map(["b": .integer(2), "aa": .integer(1)])),
        Case(id: "strict_unsorted_keys_utf16", description: "\"ab\" before \"é\": one UTF-16 unit sorts before two, whatever the UTF-8 length", hex: "a262616200" + "62c3a901", rule: .unsortedMapKeys, offset: 5, upstream: .map(["é": .integer(1), "ab": .integer(0)])),
        Case(id: "strict_duplicate_key", description: "\"a\" twice", hex: "a2616101616102", rule: .duplicateMapKey, offset: 4, upstream: nil),
        Case(id: "strict_non_text_key", description: "integer map key", hex: "a10102", rule: .nonTextMapKey, offset: 1, upstream: nil),
        Case(id: "strict_indefinite_map", description: "indefinite-length map (upstream reads an empty map)", hex: "bf616101ff", rule: .indefiniteLength, offset: 0, upstream: .map(CborMap())),
        Case(id: "strict_indefinite_array", description: "indefinite-length array", hex: "9f01ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(id: "strict_indefinite_bytes", description: "indefinite-length byte string", hex: "5f4101ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(id: "strict_indefinite_text", description: "indefinite-length text string", hex: "7f6161ff", rule: .indefiniteLength, offset: 0, upstream: nil),
        Case(id: "strict_trailing_byte", description: "a byte after the item", hex: "01ff", rule: .trailingBytes, offset: 1, upstream: .integer(1)),
        Case(id: "strict_trailing_zero_padding", description: "zero padding after a map (padded ciphertexts; upstream ignores it)", hex: "a161610100000000", rule: .trailingBytes, offset: 4, upstream: .map(["a": .integer(1)])),
        Case(id: "strict_tag0", description: "tag 0 (date string)", hex: "c00a", rule: .unknownTag, offset: 0, upstream: nil),
        Case(id: "strict_tag42_no_prefix", description: "tag 42 bytes without the 0x00 multibase prefix", hex: "d82a5824" + cid, rule: .invalidLink, offset: 2, upstream: nil),
        Case(id: "strict_tag42_over_int", description: "tag 42 around an integer", hex: "d82a01", rule: .invalidLink, offset: 2, upstream: nil),
        Case(id: "strict_tag42_empty_cid", description: "tag 42 around h'00'", hex: "d82a4100", rule: .invalidLink, offset: 2, upstream: nil),
        Case(id: "strict_tag42_short_digest", description: "tag 42 CID whose digest is shorter than its declared length", hex: "d82a4600017112201f", rule: .invalidLink, offset: 2, upstream: nil),
        Case(id: "strict_half_float", description: "half-precision 1.0", hex: "f93c00", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(id: "strict_double", description: "double 1.0", hex: "fb3ff0000000000000", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(id: "strict_undefined", description: "undefined", hex: "f7", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(id: "strict_lone_break", description: "a break byte outside an indefinite item", hex: "ff", rule: .unsupportedSimpleValue, offset: 0, upstream: nil),
        Case(id: "strict_uint_2_63", description: "2^63 does not fit a signed 64-bit integer", hex: "1b8000000000000000", rule: .integerOutOfRange, offset: 0, upstream: nil),
        Case(id: "strict_nint_below_min", description: "-2^63-1", hex: "3b8000000000000000", rule: .integerOutOfRange, offset: 0, upstream: nil),
        Case(id: "strict_truncated_uint8", description: "0x18 then end of input (upstream reads 0xff)", hex: "18", rule: .truncated, offset: 0, upstream: .integer(255)),
        Case(id: "strict_truncated_uint16", description: "0x19 with one byte", hex: "1901", rule: .truncated, offset: 0, upstream: nil),
        Case(id: "strict_truncated_array", description: "array of 2 whose second item is cut short: offset where the second starts", hex: "82011901", rule: .truncated, offset: 2, upstream: nil),
        Case(id: "strict_truncated_bytes", description: "byte string of 4 with 3 bytes", hex: "44010203", rule: .truncated, offset: 0, upstream: nil),
        Case(id: "strict_bytes_length_exceeds_input", description: "declared byte length larger than the whole input", hex: "5a7fffffff00", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(id: "strict_map_count_exceeds_input", description: "declared map size larger than the whole input", hex: "baffffff00", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(id: "strict_array_count_exceeds_input", description: "declared array size larger than the whole input", hex: "9a00010000", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(id: "strict_array_count_exceeds_remaining", description: "array of 2 with 1 byte left: each item takes a byte, so refused at the head", hex: "8201", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(id: "strict_nested_count_exceeds_remaining", description: "inner array of 5 with 4 bytes left (the whole input is 6): counted against the bytes remaining", hex: "828501010101", rule: .lengthExceedsInput, offset: 1, upstream: nil),
        Case(id: "strict_map_count_exceeds_remaining", description: "map of 2 pairs with 3 bytes left: each pair takes two bytes", hex: "a2616101", rule: .lengthExceedsInput, offset: 0, upstream: nil),
        Case(id: "strict_invalid_utf8", description: "invalid UTF-8 (upstream substitutes U+FFFD)", hex: "62c328", rule: .invalidUTF8, offset: 0, upstream: .text("\u{FFFD}(")),
        Case(id: "strict_reserved_info", description: "additional information 28 is reserved", hex: "1c", rule: .reservedAdditionalInfo, offset: 0, upstream: nil),
        Case(id: "strict_deep_nesting", description: "300 nested arrays: refused at depth 64 instead of exhausting the stack", hex: String(repeating: "81", count: 300) + "00", rule: .nestingTooDeep, offset: 64, upstream: nil),
    ]

    /// The vector objects for the published file.
    static func vectors() throws -> [[String: Any]] {
        try cases.map { c in
            guard let bytes = Hex.decode(c.hex) else { throw VectorMismatch("\(c.id): bad hex") }
            // Refuse to publish a vector our decoder disagrees with.
            do {
                _ = try CborObject.decode(bytes, options: .strict)
                throw VectorMismatch("\(c.id): strict decoder accepts it")
            } catch let e as CborError {
                guard e.rule == c.rule, e.offset == c.offset else { throw VectorMismatch("\(c.id): strict decoder says \(e)") }
            }
            var v: [String: Any] = [
                "id": c.id, "kind": "decode_strict", "description": c.description, "cbor": c.hex,
                "error": true, "code": CborError(c.rule, at: c.offset).code, "offset": c.offset,
            ]
            if let value = c.upstream {
                v["upstream"] = ["error": false, "decoded": TypedCborTree.render(value), "reencoded": Hex.encode(value.serialize())]
            } else {
                v["upstream"] = ["error": true, "code": try StrictCBORUpstreamRefusals.checkedCode(c, bytes)]
            }
            return v
        }
    }
}
