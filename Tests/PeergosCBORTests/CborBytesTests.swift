import PeergosCBOR
import Testing

/// Decoded byte strings and links are views of the decoder's input (``CborBytes``): they must
/// behave exactly as the arrays they replaced (0-based, content equality and hashing) and must not
/// change when the caller's input array does.
@Suite("Byte-string views")
struct CborBytesTests {
    /// `[h'0102', h'', 42(h'00' cid)]` with a 36-byte sha2-256 dag-cbor CIDv1.
    static let cid: [UInt8] = [0x01, 0x71, 0x12, 0x20] + (0..<32).map { UInt8($0) }
    static let encoded: [UInt8] = [0x83, 0x42, 0x01, 0x02, 0x40, 0xd8, 0x2a, 0x58, 0x25, 0x00] + cid

    @Test("a decoded byte string is indexed from 0 and equals the array-built value")
    func zeroBasedAndEqual() throws {
        let value = try CborObject.decode(Self.encoded)
        guard case .list(let items) = value, case .bytes(let b) = items[0], case .bytes(let empty) = items[1],
              case .link(let link) = items[2] else {
            Issue.record("unexpected shape \(value)")
            return
        }
        #expect(b.startIndex == 0 && b.count == 2 && b[0] == 1 && b[1] == 2)
        #expect(b.array == [1, 2])
        #expect(empty.isEmpty && empty.array == [])
        #expect(link.array == Self.cid && link[0] == 0x01 && link.count == 36)
        #expect(value == .list([.bytes([1, 2]), .bytes([]), .link(Self.cid)]))
        #expect(value.hashValue == CborObject.list([.bytes([1, 2]), .bytes([]), .link(Self.cid)]).hashValue)
        #expect(try items[2].asLink() == Self.cid)
        #expect(try items[0].asBytes() == [1, 2])
    }

    @Test("changing the input array after decoding leaves the decoded value as it was")
    func inputMutationIsolated() throws {
        var input = Self.encoded
        let value = try CborObject.decode(input)
        for i in input.indices { input[i] = 0xff }
        #expect(value == .list([.bytes([1, 2]), .bytes([]), .link(Self.cid)]))
        #expect(value.serialize() == Self.encoded)
    }

    @Test("a slice input decodes as its array would, whatever its start index")
    func sliceInput() throws {
        let padded: [UInt8] = [0xaa, 0xbb] + Self.encoded + [0xcc]
        let slice = padded[2..<(2 + Self.encoded.count)]
        #expect(try CborObject.decode(slice) == CborObject.decode(Self.encoded))
        // A trailing byte after the item is still refused at its offset within the slice.
        #expect(throws: CborError(.trailingBytes, at: Self.encoded.count)) { try CborObject.decode(padded[2...]) }
    }

    @Test("views compare and hash by content, not by the storage they share")
    func contentEquality() throws {
        let twice: [UInt8] = [0x82, 0x43, 9, 8, 7, 0x43, 9, 8, 7]
        guard case .list(let items) = try CborObject.decode(twice), case .bytes(let a) = items[0],
              case .bytes(let b) = items[1] else {
            Issue.record("unexpected shape")
            return
        }
        #expect(a == b && a.hashValue == b.hashValue)
        #expect(a == CborBytes([9, 8, 7]))
        #expect(a != CborBytes([9, 8]) && a != CborBytes([9, 8, 6]))
        #expect(Set([a, b, CborBytes([9, 8, 7])]).count == 1)
        #expect(a.withUnsafeBufferPointer { Array($0) } == [9, 8, 7])
        #expect(Array(a) == [9, 8, 7])
    }

    @Test("an array-built view gives its array back whole")
    func arrayRoundTrip() {
        let bytes: [UInt8] = [5, 6, 7]
        let view = CborBytes(bytes)
        #expect(view.array == bytes && view.count == 3 && Array(view.reversed()) == [7, 6, 5])
        #expect(CborObject.bytes(bytes).serialize() == [0x43, 5, 6, 7])
        let literal: CborBytes = [1, 2]
        #expect(literal.array == [1, 2])
    }
}
