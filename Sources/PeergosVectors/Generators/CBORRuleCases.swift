import PeergosCBOR

/// The project's vectors for the finer CBOR decoding rules of Spec/cbor.md (Vectors/peergos/cbor-rules.json,
/// area "cbor", kind "decode_strict"): which offset an error names, what the nesting limit
/// counts, which rule wins when several apply, additional information 31, how declared sizes are
/// checked, and the upstream-compatible quirks (cut-off one-byte arguments, indefinite maps, U+FFFD).
///
/// Every outcome, strict and upstream-compatible, is written here by hand from the rules in the
/// Spec; the generator publishes the file only if every vector passes the checker (see
/// ``VectorGenerator/selfChecked(_:)``), so a table the decoder disagrees with is never written.
enum CBORRuleCases {
    /// What a decoder does with the bytes: the value it reads, or the rule it refuses them with
    /// (and, for the strict decoder, the offset it names).
    enum Outcome {
        case value(CborObject)
        case error(CborError.Rule, offset: Int?)
    }

    struct Case {
        let id: String
        /// Prose, ending with the Spec anchor the case illustrates.
        let description: String
        let hex: String
        let strict: Outcome
        /// Our upstream-compatible decoder (tag 42 over text allowed).
        let upstream: Outcome
    }

    static let cid = "017112202cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824"
    static let link = "d82a582500" + cid
    static func lists(_ n: Int) -> String { String(repeating: "81", count: n) }
    static func nested(_ n: Int, _ inner: CborObject) -> CborObject {
        (0..<n).reduce(inner) { value, _ in .list([value]) }
    }
    static func err(_ rule: CborError.Rule, _ offset: Int) -> Outcome { .error(rule, offset: offset) }
    static func up(_ rule: CborError.Rule) -> Outcome { .error(rule, offset: nil) }
    static let fffd = "\u{FFFD}"

    static let offsets: [Case] = [
        Case(id: "offset_head_of_nested_item", description: "a non-minimal integer as a map value: the offset of that item's initial byte (Spec/cbor.md#error-offsets)",
             hex: "a1616119000a", strict: err(.nonMinimalHead, 3), upstream: .value(.map(["a": .integer(10)]))),
        Case(id: "offset_non_text_key_nested", description: "an integer key in a map inside a list: the offset of the key (Spec/cbor.md#error-offsets)",
             hex: "81a10102", strict: err(.nonTextMapKey, 2), upstream: up(.nonTextMapKey)),
        Case(id: "offset_invalid_link_is_tag_content", description: "tag 42 over h'00' as the second list item: the offset of the tag's content, not of the tag (Spec/cbor.md#error-offsets)",
             hex: "8200d82a4100", strict: err(.invalidLink, 4), upstream: up(.invalidLink)),
        Case(id: "offset_link_byte_string_head", description: "tag 42 over a byte string with a non-minimal length: the offset of the byte string's head (Spec/cbor.md#error-offsets)",
             hex: "d82a59002500" + cid, strict: err(.nonMinimalHead, 2), upstream: .value(.link(Hex.decode(cid) ?? []))),
        Case(id: "offset_truncated_missing_item", description: "a list of 2 whose second item is missing: the offset where it would start, the input length (Spec/cbor.md#error-offsets)",
             hex: "828101", strict: err(.truncated, 3), upstream: up(.truncated)),
        Case(id: "offset_truncated_string_head", description: "a byte string of 5 at offset 2 with 2 bytes left: reported at the string's head (Spec/cbor.md#error-offsets)",
             hex: "8200450102", strict: err(.truncated, 2), upstream: up(.truncated)),
        Case(id: "offset_invalid_utf8_head", description: "invalid UTF-8 in the second item: the offset of the text string's head, not of the bad byte (Spec/cbor.md#error-offsets)",
             hex: "820062c328", strict: err(.invalidUTF8, 2), upstream: .value(.list([.integer(0), .text(fffd + "(")]))),
        Case(id: "offset_length_exceeds_nested", description: "a byte string declaring 2^31-1 bytes at offset 2: reported at its head (Spec/cbor.md#error-offsets)",
             hex: "82005a7fffffff", strict: err(.lengthExceedsInput, 2), upstream: up(.lengthExceedsInput)),
        Case(id: "offset_trailing_first_extra_byte", description: "two items: the offset of the first byte after the first (Spec/cbor.md#error-offsets)",
             hex: "80a0", strict: err(.trailingBytes, 1), upstream: .value(.list([]))),
    ]

    static let depth: [Case] = [
        Case(id: "depth_64_lists_accepted", description: "64 nested lists around an integer: the deepest accepted (Spec/cbor.md#nesting-depth)",
             hex: lists(64) + "00", strict: .value(nested(64, .integer(0))), upstream: .value(nested(64, .integer(0)))),
        Case(id: "depth_65_lists_refused", description: "65 nested lists: the 65th is refused at its head (Spec/cbor.md#nesting-depth)",
             hex: lists(65) + "00", strict: err(.nestingTooDeep, 64), upstream: up(.nestingTooDeep)),
        Case(id: "depth_65th_empty_list_refused", description: "64 nested lists around an empty list: an empty container counts too (Spec/cbor.md#nesting-depth)",
             hex: lists(64) + "80", strict: err(.nestingTooDeep, 64), upstream: up(.nestingTooDeep)),
        Case(id: "depth_64th_empty_list_accepted", description: "63 nested lists around an empty list: 64 containers (Spec/cbor.md#nesting-depth)",
             hex: lists(63) + "80", strict: .value(nested(63, .list([]))), upstream: .value(nested(63, .list([])))),
        Case(id: "depth_65_maps_refused", description: "65 nested one-entry maps {\"a\": ...}: maps count like lists (Spec/cbor.md#nesting-depth)",
             hex: String(repeating: "a16161", count: 65) + "00", strict: err(.nestingTooDeep, 192), upstream: up(.nestingTooDeep)),
        Case(id: "depth_link_is_a_level_refused", description: "a link inside 64 nested lists: tag 42 counts as a level (Spec/cbor.md#nesting-depth)",
             hex: lists(64) + link, strict: err(.nestingTooDeep, 64), upstream: up(.nestingTooDeep)),
        Case(id: "depth_link_at_level_64_accepted", description: "a link inside 63 nested lists: the link is the 64th level; its byte string is not a level (Spec/cbor.md#nesting-depth)",
             hex: lists(63) + link, strict: .value(nested(63, .link(Hex.decode(cid) ?? []))), upstream: .value(nested(63, .link(Hex.decode(cid) ?? [])))),
    ]

    static let order: [Case] = [
        Case(id: "order_first_error_in_reading_order", description: "a non-minimal integer then undefined: the first error met reading left to right wins (Spec/cbor.md#check-order)",
             hex: "821801f7", strict: err(.nonMinimalHead, 1), upstream: up(.unsupportedSimpleValue)),
        Case(id: "order_item_error_before_trailing", description: "2^63 followed by a byte: the item's error, not trailingBytes (Spec/cbor.md#check-order)",
             hex: "1b800000000000000000", strict: err(.integerOutOfRange, 0), upstream: up(.integerOutOfRange)),
        Case(id: "order_nonminimal_before_length", description: "a byte string of 16 in a 4-byte length, 5 bytes of input: the head's form is checked before its size (Spec/cbor.md#check-order)",
             hex: "5a00000010", strict: err(.nonMinimalHead, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "order_count_before_depth", description: "a list of 2 with 1 byte left as the 65th level: the count is checked before the depth (Spec/cbor.md#check-order)",
             hex: lists(64) + "8200", strict: err(.lengthExceedsInput, 64), upstream: up(.lengthExceedsInput)),
        Case(id: "order_tag_number_before_depth", description: "tag 0 as the 65th level: the tag number is checked before the depth (Spec/cbor.md#check-order)",
             hex: lists(64) + "c000", strict: err(.unknownTag, 64), upstream: up(.unknownTag)),
        Case(id: "order_duplicate_key_before_value", description: "{\"a\": 1, \"a\": undefined}: a key is checked against the previous key before its value is read (Spec/cbor.md#check-order)",
             hex: "a26161016161f7", strict: err(.duplicateMapKey, 4), upstream: up(.duplicateMapKey)),
        Case(id: "order_unsorted_key_before_value", description: "{\"b\": 1, \"a\": undefined}: the order is checked before the value; the upstream-compatible decoder goes on and meets the value (Spec/cbor.md#check-order)",
             hex: "a26162016161f7", strict: err(.unsortedMapKeys, 4), upstream: up(.unsupportedSimpleValue)),
        Case(id: "order_key_read_whole_first", description: "a map whose key is the list [undefined]: the key is decoded as an item before it is checked to be text (Spec/cbor.md#check-order)",
             hex: "a181f700", strict: err(.unsupportedSimpleValue, 2), upstream: up(.unsupportedSimpleValue)),
        Case(id: "order_link_content_read_first", description: "tag 42 over [undefined]: the content is decoded as an item before it is checked to be a link (Spec/cbor.md#check-order)",
             hex: "d82a81f7", strict: err(.unsupportedSimpleValue, 3), upstream: up(.unsupportedSimpleValue)),
        Case(id: "order_link_over_list", description: "tag 42 over [0]: a well-formed item that is not a link's bytes (Spec/cbor.md#check-order)",
             hex: "d82a8100", strict: err(.invalidLink, 2), upstream: up(.invalidLink)),
    ]

    static let info31: [Case] = [
        Case(id: "ai31_unsigned", description: "major type 0 with additional information 31 (Spec/cbor.md#additional-information-31)",
             hex: "1f", strict: err(.indefiniteLength, 0), upstream: up(.indefiniteLength)),
        Case(id: "ai31_negative", description: "major type 1 with additional information 31 (Spec/cbor.md#additional-information-31)",
             hex: "3f", strict: err(.indefiniteLength, 0), upstream: up(.indefiniteLength)),
        Case(id: "ai31_tag", description: "major type 6 with additional information 31 (Spec/cbor.md#additional-information-31)",
             hex: "df00", strict: err(.unknownTag, 0), upstream: up(.unknownTag)),
        Case(id: "ai31_break_in_list", description: "a break as a list item (Spec/cbor.md#additional-information-31)",
             hex: "81ff", strict: err(.unsupportedSimpleValue, 1), upstream: up(.unsupportedSimpleValue)),
        Case(id: "ai31_break_after_indefinite_map", description: "[indefinite map, break]: strict refuses the map; upstream-compatible reads it as {} and then meets a stray break (Spec/cbor.md#additional-information-31)",
             hex: "82bfff", strict: err(.indefiniteLength, 1), upstream: up(.unsupportedSimpleValue)),
        Case(id: "ai31_empty_indefinite_list", description: "an indefinite list holding nothing (Spec/cbor.md#additional-information-31)",
             hex: "9fff", strict: err(.indefiniteLength, 0), upstream: up(.indefiniteLength)),
        Case(id: "ai31_indefinite_link_bytes", description: "tag 42 over an indefinite byte string: refused at the byte string's head (Spec/cbor.md#additional-information-31)",
             hex: "d82a5f4100ff", strict: err(.indefiniteLength, 2), upstream: up(.indefiniteLength)),
    ]

    static let sizes: [Case] = [
        Case(id: "size_string_as_long_as_input", description: "a byte string of 3 in 3 bytes of input: not longer than the whole input, so truncated (Spec/cbor.md#declared-sizes)",
             hex: "430102", strict: err(.truncated, 0), upstream: up(.truncated)),
        Case(id: "size_string_longer_than_input", description: "a byte string of 5 in 4 bytes of input (Spec/cbor.md#declared-sizes)",
             hex: "45010203", strict: err(.lengthExceedsInput, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "size_nested_string_within_input", description: "a byte string of 5 at offset 2 of a 6-byte input: within the whole input, so truncated (Spec/cbor.md#declared-sizes)",
             hex: "820045010203", strict: err(.truncated, 2), upstream: up(.truncated)),
        Case(id: "size_nested_string_beyond_input", description: "a byte string of 6 at offset 2 of a 5-byte input (Spec/cbor.md#declared-sizes)",
             hex: "8200460102", strict: err(.lengthExceedsInput, 2), upstream: up(.lengthExceedsInput)),
        Case(id: "size_list_count_equals_remaining", description: "a list of 3 with exactly 3 bytes left (Spec/cbor.md#declared-sizes)",
             hex: "83010203", strict: .value(.list([.integer(1), .integer(2), .integer(3)])), upstream: .value(.list([.integer(1), .integer(2), .integer(3)]))),
        Case(id: "size_list_count_is_a_lower_bound", description: "a list of 2 with 2 bytes left passes the count check; its first item takes both, so the second is truncated (Spec/cbor.md#declared-sizes)",
             hex: "828100", strict: err(.truncated, 3), upstream: up(.truncated)),
        Case(id: "size_map_one_pair_one_byte", description: "a map of 1 pair with 1 byte left: a pair needs 2 (Spec/cbor.md#declared-sizes)",
             hex: "a161", strict: err(.lengthExceedsInput, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "size_map_pairs_fit_then_truncated", description: "a map of 2 pairs with 4 bytes left passes the pair check, then its second key is cut off (Spec/cbor.md#declared-sizes)",
             hex: "a261610161", strict: err(.truncated, 4), upstream: up(.truncated)),
        Case(id: "size_map_empty_key_and_value", description: "{\"\": 0}: the smallest pair, two bytes (Spec/cbor.md#declared-sizes)",
             hex: "a16000", strict: .value(.map(["": .integer(0)])), upstream: .value(.map(["": .integer(0)]))),
    ]

    static let lenient: [Case] = [
        Case(id: "lenient_cut_text_length", description: "0x78 then end of input: the length reads as 255, longer than the input (Spec/cbor.md#upstream-quirks)",
             hex: "78", strict: err(.truncated, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "lenient_cut_bytes_length", description: "0x58 then end of input (Spec/cbor.md#upstream-quirks)",
             hex: "58", strict: err(.truncated, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "lenient_cut_list_count", description: "0x98 then end of input: a count of 255 with no bytes left (Spec/cbor.md#upstream-quirks)",
             hex: "98", strict: err(.truncated, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "lenient_cut_map_count", description: "0xb8 then end of input (Spec/cbor.md#upstream-quirks)",
             hex: "b8", strict: err(.truncated, 0), upstream: up(.lengthExceedsInput)),
        Case(id: "lenient_cut_negative", description: "0x38 then end of input: -1-255 (Spec/cbor.md#upstream-quirks)",
             hex: "38", strict: err(.truncated, 0), upstream: .value(.integer(-256))),
        Case(id: "lenient_cut_in_list", description: "[0x18 then end of input]: the quirk applies wherever the input ends (Spec/cbor.md#upstream-quirks)",
             hex: "8118", strict: err(.truncated, 1), upstream: .value(.list([.integer(255)]))),
        Case(id: "lenient_cut_tag", description: "0xd8 then end of input: tag 255 (Spec/cbor.md#upstream-quirks)",
             hex: "d8", strict: err(.truncated, 0), upstream: up(.unknownTag)),
        Case(id: "lenient_cut_simple", description: "0xf8 then end of input: simple value 255 (Spec/cbor.md#upstream-quirks)",
             hex: "f8", strict: err(.truncated, 0), upstream: up(.unsupportedSimpleValue)),
        Case(id: "lenient_cut_two_byte_argument", description: "0x19 with one byte: only a one-byte argument has the quirk (Spec/cbor.md#upstream-quirks)",
             hex: "8119ff", strict: err(.truncated, 1), upstream: up(.truncated)),
        Case(id: "lenient_two_byte_simple_20", description: "0xf8 0x14, simple value 20 in two bytes, is not false (Spec/cbor.md#upstream-quirks)",
             hex: "f814", strict: err(.unsupportedSimpleValue, 0), upstream: up(.unsupportedSimpleValue)),
        Case(id: "lenient_simple_0", description: "simple value 0 (Spec/cbor.md#upstream-quirks)",
             hex: "e0", strict: err(.unsupportedSimpleValue, 0), upstream: up(.unsupportedSimpleValue)),
        Case(id: "lenient_indefinite_map_resumes_after_head", description: "[indefinite map, ...]: the map reads as {} and reading resumes at the byte after 0xbf, so \"a\" is the second item and 0x01 0xff are ignored (Spec/cbor.md#upstream-quirks)",
             hex: "82bf616101ff", strict: err(.indefiniteLength, 1), upstream: .value(.list([.map(CborMap()), .text("a")]))),
        Case(id: "lenient_indefinite_map_as_value", description: "{\"a\": indefinite map}: the value is {} and the rest of the input is trailing (Spec/cbor.md#upstream-quirks)",
             hex: "a16161bf616201ff", strict: err(.indefiniteLength, 3), upstream: .value(.map(["a": .map(CborMap())]))),
        Case(id: "lenient_duplicate_after_resort", description: "keys b, a, b: each key is compared with the one before it, so the duplicate shows only after re-sorting (Spec/cbor.md#upstream-quirks)",
             hex: "a3616201616102616203", strict: err(.unsortedMapKeys, 4), upstream: up(.duplicateMapKey)),
        Case(id: "lenient_utf8_truncated_sequence", description: "e2 82 then '(': one maximal subpart, one U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "63e28228", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd + "("))),
        Case(id: "lenient_utf8_overlong", description: "c0 af, an overlong '/': two U+FFFD, c0 can start nothing (Spec/cbor.md#upstream-quirks)",
             hex: "62c0af", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd + fffd))),
        Case(id: "lenient_utf8_cut_at_end", description: "f0 9f 98, a four-byte sequence cut off by the end of the string: one U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "63f09f98", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd))),
        Case(id: "lenient_utf8_cut_then_ascii", description: "f0 9f 98 then 'A': one U+FFFD then A (Spec/cbor.md#upstream-quirks)",
             hex: "64f09f9841", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd + "A"))),
        Case(id: "lenient_utf8_five_byte_form", description: "f8 88 80 80 80: f8 starts nothing, and each continuation byte alone is a subpart: five U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "65f888808080", strict: err(.invalidUTF8, 0), upstream: .value(.text(String(repeating: fffd, count: 5)))),
        Case(id: "lenient_utf8_above_10ffff", description: "f4 90 80 80 (above U+10FFFF): f4 cannot be followed by 90, four U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "64f4908080", strict: err(.invalidUTF8, 0), upstream: .value(.text(String(repeating: fffd, count: 4)))),
        Case(id: "lenient_utf8_lone_continuation", description: "a lone 80 (Spec/cbor.md#upstream-quirks)",
             hex: "6180", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd))),
        Case(id: "lenient_utf8_encoded_surrogate", description: "ed a0 80, U+D800 written as UTF-8: one U+FFFD for the three bytes, as Java reads it (Spec/cbor.md#upstream-quirks)",
             hex: "63eda080", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd))),
        Case(id: "lenient_utf8_encoded_surrogate_pair", description: "ed a0 80 ed b0 80, a surrogate pair written as two three-byte sequences: two U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "66eda080edb080", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd + fffd))),
        Case(id: "lenient_utf8_encoded_surrogate_cut", description: "ed a0 then 'A': the cut-off surrogate is one U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "63eda041", strict: err(.invalidUTF8, 0), upstream: .value(.text(fffd + "A"))),
        Case(id: "lenient_utf8_ed_in_range", description: "ed 9f bf is U+D7FF, valid; ed 80 cut off by the end is one U+FFFD (Spec/cbor.md#upstream-quirks)",
             hex: "65ed9fbfed80", strict: err(.invalidUTF8, 0), upstream: .value(.text("\u{D7FF}" + fffd))),
        Case(id: "lenient_utf8_map_key", description: "an invalid UTF-8 key is replaced before keys are compared (Spec/cbor.md#upstream-quirks)",
             hex: "a161ff01", strict: err(.invalidUTF8, 1), upstream: .value(.map([fffd: .integer(1)]))),
    ]

    static let links: [Case] = [
        Case(id: "link_shape_unknown_codec", description: "tag 42 over a CID with codec 0x99: only the shape is checked here, the codec when the link is read as a CID (upstream refuses the whole object) (Spec/cbor.md#link-shape)",
             hex: "d82a46000199010000", strict: .value(.link([0x01, 0x99, 0x01, 0x00, 0x00])), upstream: .value(.link([0x01, 0x99, 0x01, 0x00, 0x00]))),
        Case(id: "link_shape_nonminimal_varint", description: "tag 42 over a CID whose version is written 81 00: the shape check does not ask for minimal varints (Spec/cbor.md#link-shape)",
             hex: "d82a46008100710000", strict: .value(.link([0x81, 0x00, 0x71, 0x00, 0x00])), upstream: .value(.link([0x81, 0x00, 0x71, 0x00, 0x00]))),
        Case(id: "link_shape_version_2", description: "tag 42 over a CID of version 2 (Spec/cbor.md#link-shape)",
             hex: "d82a450002710000", strict: err(.invalidLink, 2), upstream: up(.invalidLink)),
        Case(id: "link_shape_byte_after_digest", description: "tag 42 over a CID with a byte after its (empty) digest (Spec/cbor.md#link-shape)",
             hex: "d82a460001710000ff", strict: err(.invalidLink, 2), upstream: up(.invalidLink)),
    ]

    static var cases: [Case] { offsets + depth + order + info31 + sizes + lenient + links }

    /// The vector objects for the published file (checked by the generator before publishing).
    static func vectors() throws -> [[String: Any]] {
        var seen = Set<String>()
        return try cases.map { c in
            guard seen.insert(c.id).inserted else { throw VectorMismatch("\(c.id): duplicate id") }
            guard Hex.decode(c.hex) != nil else { throw VectorMismatch("\(c.id): bad hex") }
            var v: [String: Any] = ["id": c.id, "kind": "decode_strict", "description": c.description, "cbor": c.hex]
            v.merge(render(c.strict)) { _, new in new }
            v["upstream"] = render(c.upstream)
            return v
        }
    }

    static func render(_ outcome: Outcome) -> [String: Any] {
        switch outcome {
        case .value(let value):
            return ["decoded": TypedCborTree.render(value), "reencoded": Hex.encode(value.serialize())]
        case .error(let rule, let offset):
            var v: [String: Any] = ["error": true, "code": CborError(rule, at: 0).code]
            if let offset { v["offset"] = offset }
            return v
        }
    }
}
