import PeergosCBOR
import Testing

/// The decoder reads items into node buffers that start on the stack (64 finished nodes, 32 of
/// containers being read) and compares ASCII keys in place; the encoder writes straight into one
/// array. These check the edges of those paths: errors inside lists at any depth, lists past the
/// stack buffers, key order decided on bytes or on strings,
/// links on and off the fast path, and appending to bytes already present.
@Suite("In-place decoding and encoding")
struct InPlaceCodingTests {
    @Test("an error inside a list is reported at the failing item, at any depth")
    func errorsInsideLists() throws {
        // [1, 0x18 0x01 (non-minimal 1), 2]: the second item, at offset 2.
        #expect(throws: CborError(.nonMinimalHead, at: 2)) { try CborObject.decode([0x83, 0x01, 0x18, 0x01, 0x02]) }
        // [[1, 0x1c (reserved)]]: the inner list's second item, at offset 3.
        #expect(throws: CborError(.reservedAdditionalInfo, at: 3)) { try CborObject.decode([0x81, 0x82, 0x01, 0x1c]) }
        // [[], [0x61 0xff]]: invalid UTF-8 in a text string at offset 3.
        #expect(throws: CborError(.invalidUTF8, at: 3)) { try CborObject.decode([0x82, 0x80, 0x81, 0x61, 0xff]) }
        // The same text is read as U+FFFD upstream-compatibly, and the list goes on.
        #expect(try CborObject.decode([0x82, 0x80, 0x81, 0x61, 0xff], options: .upstreamCompatible)
            == .list([.list([]), .list([.text("\u{FFFD}")])]))
        // A truncated list: 3 items declared, 3 bytes left, the last item missing its argument.
        #expect(throws: CborError(.truncated, at: 3)) { try CborObject.decode([0x83, 0x01, 0x02, 0x19, 0x01]) }
    }

    @Test("lists within and past the decoder's stack buffers read every item", arguments: [1, 31, 32, 33, 63, 64, 65, 300])
    func listLengths(count: Int) throws {
        // Items 0, 1, ... (below 256: one- or two-byte integers) or 5 repeated, written by hand.
        var bytes: [UInt8]
        if count < 256 {
            bytes = count < 24 ? [0x80 | UInt8(count)] : [0x98, UInt8(count)]
            for i in 0..<count { bytes += i < 24 ? [UInt8(i)] : [0x18, UInt8(i)] }
        } else {
            bytes = [0x99, UInt8(count >> 8), UInt8(count & 0xff)] + [UInt8](repeating: 0x05, count: count)
        }
        let value = try CborObject.decode(bytes)
        let items = try value.asList()
        #expect(items.count == count)
        if count < 256 {
            #expect(items.array == (0..<count).map { .integer(Int64($0)) })
        } else {
            #expect(items.allSatisfy { $0 == .integer(5) })
        }
        #expect(value.serialize() == bytes)
        #expect(value.encodedSize == bytes.count)
    }

    @Test("key order: ASCII keys by length then bytes, other keys as Java strings")
    func keyOrder() throws {
        // "b" then "a": out of order (strict error at the second key), re-sorted upstream-compatibly.
        #expect(throws: CborError(.unsortedMapKeys, at: 4)) { try CborObject.decode([0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02]) }
        #expect(try CborObject.decode([0xa2, 0x61, 0x62, 0x01, 0x61, 0x61, 0x02], options: .upstreamCompatible)
            == .map(["a": .integer(2), "b": .integer(1)]))
        // "ab" then "b": longer first is out of order although "ab" < "b" bytewise.
        #expect(throws: CborError(.unsortedMapKeys, at: 5)) { try CborObject.decode([0xa2, 0x62, 0x61, 0x62, 0x01, 0x61, 0x62, 0x02]) }
        // "é" (c3 a9, one UTF-16 unit) then "ab" (two units): in order, although longer in UTF-8.
        #expect(try CborObject.decode([0xa2, 0x62, 0xc3, 0xa9, 0x01, 0x62, 0x61, 0x62, 0x02])
            == .map(["\u{E9}": .integer(1), "ab": .integer(2)]))
        // "ab" then "é": out of order by UTF-16 length.
        #expect(throws: CborError(.unsortedMapKeys, at: 5)) { try CborObject.decode([0xa2, 0x62, 0x61, 0x62, 0x01, 0x62, 0xc3, 0xa9, 0x02]) }
        // A repeated ASCII key, and a repeated non-ASCII key: duplicates at the second occurrence.
        #expect(throws: CborError(.duplicateMapKey, at: 4)) { try CborObject.decode([0xa2, 0x61, 0x61, 0x01, 0x61, 0x61, 0x02]) }
        #expect(throws: CborError(.duplicateMapKey, at: 5)) { try CborObject.decode([0xa2, 0x62, 0xc3, 0xa9, 0x01, 0x62, 0xc3, 0xa9, 0x02]) }
        // A non-text key after a text key.
        #expect(throws: CborError(.nonTextMapKey, at: 4)) { try CborObject.decode([0xa2, 0x61, 0x61, 0x01, 0x01, 0x02]) }
    }

    @Test("the \"bats\" fast path makes that text only, as key or value, and keys still sort by their bytes")
    func batsKey() throws {
        // {"abcd": 1, "bats": 2}: in order; "bats" as a key and as a text value.
        let inOrder: [UInt8] = [0xa2, 0x64, 0x61, 0x62, 0x63, 0x64, 0x01, 0x64, 0x62, 0x61, 0x74, 0x73, 0x64, 0x62, 0x61, 0x74, 0x73]
        let value = try CborObject.decode(inOrder)
        #expect(value == .map(["abcd": .integer(1), "bats": .text("bats")]))
        guard case .map(let map) = value else { Issue.record("not a map"); return }
        #expect(map.keys == ["abcd", "bats"])
        #expect(map["bats"] == .text("bats"))
        // Four-byte texts a bit or a byte from "bats", "bats" backwards, and a non-ASCII one
        // (62 c3 a9 73) decode as themselves.
        for text in ["batt", "cats", "bat\u{7f}", "Bats", "stab", "b\u{E9}s"] {
            let bytes = [0x60 | UInt8(text.utf8.count)] + Array(text.utf8)
            #expect(bytes.count == 5)
            #expect(try CborObject.decode(bytes) == .text(text), "\(text)")
        }
        // {"bats": 1, "abcd": 2}: out of order at the second key, which the fast path does not hide.
        let outOfOrder: [UInt8] = [0xa2, 0x64, 0x62, 0x61, 0x74, 0x73, 0x01, 0x64, 0x61, 0x62, 0x63, 0x64, 0x02]
        #expect(throws: CborError(.unsortedMapKeys, at: 7)) { try CborObject.decode(outOfOrder) }
        // {"bats": 1, "bats": 2}: a duplicate.
        let duplicate: [UInt8] = [0xa2, 0x64, 0x62, 0x61, 0x74, 0x73, 0x01, 0x64, 0x62, 0x61, 0x74, 0x73, 0x02]
        #expect(throws: CborError(.duplicateMapKey, at: 7)) { try CborObject.decode(duplicate) }
    }

    @Test("links: the one-byte-length fast path and the other forms agree with the rules")
    func links() throws {
        let cid: [UInt8] = [0x01, 0x71, 0x12, 0x20] + [UInt8](repeating: 0xab, count: 32)
        let canonical: [UInt8] = [0xd8, 0x2a, 0x58, 0x25, 0x00] + cid
        #expect(try CborObject.decode(canonical) == .link(cid))
        // Digest length byte says 31 with 32 bytes present: not a well-formed CID.
        var badLength = canonical
        badLength[8] = 0x1f
        #expect(throws: CborError(.invalidLink, at: 2)) { try CborObject.decode(badLength) }
        // Missing 0x00 multibase prefix.
        var noPrefix = canonical
        noPrefix[4] = 0x01
        #expect(throws: CborError(.invalidLink, at: 2)) { try CborObject.decode(noPrefix) }
        // A CIDv0 (12 20 + 32 bytes) in a link: a well-formed shape.
        let v0: [UInt8] = [0x12, 0x20] + [UInt8](repeating: 0x01, count: 32)
        #expect(try CborObject.decode([0xd8, 0x2a, 0x58, 0x23, 0x00] + v0) == .link(v0))
        // The byte string cut short: truncated at the link's content.
        #expect(throws: CborError(.truncated, at: 2)) { try CborObject.decode(Array(canonical.dropLast())) }
        // A non-minimal one-byte length (0x58 0x05) is the strict rule's, read upstream-compatibly.
        let short: [UInt8] = [0x01, 0x55, 0x00, 0x00]
        #expect(throws: CborError(.nonMinimalHead, at: 2)) { try CborObject.decode([0xd8, 0x2a, 0x58, 0x05, 0x00] + short) }
        #expect(try CborObject.decode([0xd8, 0x2a, 0x58, 0x05, 0x00] + short, options: .upstreamCompatible) == .link(short))
        #expect(CborObject.link(cid).serialize() == canonical)
    }

    @Test("serialize(into:) appends after the bytes already there")
    func appendInto() {
        let value = CborObject.map(["a": .list([.bytes([1, 2, 3]), .text("long enough to be a heap string"), .null]), "b": .integer(-500)])
        let alone = value.serialize()
        var out: [UInt8] = [0xde, 0xad]
        value.serialize(into: &out)
        #expect(out == [0xde, 0xad] + alone)
        #expect(alone.count == value.encodedSize)
        var list: [UInt8] = [0x01]
        CborObject.writeListHead(70_000, into: &list)
        #expect(list == [0x01, 0x9a, 0x00, 0x01, 0x11, 0x70])
    }
}
