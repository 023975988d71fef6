import PeergosCBOR
import Testing

/// A decode holds its whole tree in one tape, and its lists and maps are views of it; values
/// built by hand hold arrays. These check that the two are indistinguishable to a user: equal,
/// hashed alike, encoded alike, read alike, and that a decoded value changed by a user is copied
/// rather than changed in place.
@Suite("Decoded trees held in one tape")
struct CborTapeTests {
    /// A small deterministic generator (SplitMix64), so every run checks the same trees.
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

        static let texts = ["", "a", "b", "bats", "stab", "key", "\u{E9}", "\u{1F600}x", "a longer text, past the small-string length"]

        mutating func text() -> String { Generator.texts[below(Generator.texts.count)] + (below(3) == 0 ? String(below(1000)) : "") }

        /// A tree of at most `depth` levels; containers hold up to 70 items, past the decoder's
        /// stack buffers (64 finished nodes, 32 pending).
        mutating func value(depth: Int) -> CborObject {
            switch below(depth > 0 ? 10 : 7) {
            case 0: return .integer(Int64(bitPattern: next()) >> Int64(below(64)))
            case 1: return .text(text())
            case 2: return .bytes((0..<below(40)).map { _ in UInt8(truncatingIfNeeded: next()) })
            case 3: return .bool(below(2) == 0)
            case 4: return .null
            case 5: return .link([0x01, 0x55, 0x12, 0x20] + (0..<32).map { _ in UInt8(truncatingIfNeeded: next()) })
            case 6: return .integer(Int64(below(30)) - 10)
            case 7, 8:
                let n = below(4) == 0 ? below(70) : below(5)
                return .list((0..<n).map { _ in value(depth: depth - 1) })
            default:
                let n = below(4) == 0 ? below(40) : below(5)
                var m = CborMap()
                for _ in 0..<n { m[text()] = value(depth: depth - 1) }
                return .map(m)
            }
        }
    }

    @Test("a decoded tree equals, hashes and encodes as the tree it was encoded from", arguments: 0..<40)
    func randomTrees(seed: UInt64) throws {
        var generator = Generator(state: seed)
        let built = CborObject.list((0..<(1 + generator.below(6))).map { _ in generator.value(depth: 4) })
        let bytes = built.serialize()
        for options in [CborDecodingOptions.strict, .upstreamCompatible] {
            let decoded = try CborObject.decode(bytes, options: options)
            #expect(decoded == built)
            #expect(built == decoded)
            #expect(decoded.hashValue == built.hashValue)
            #expect(Set([decoded]).contains(built))
            #expect(decoded.serialize() == bytes)
            #expect(decoded.encodedSize == bytes.count)
            #expect(String(describing: decoded) == String(describing: built))
            try Self.expectSameReading(decoded, built)
        }
    }

    /// Walks both trees through the public accessors, item by item and key by key.
    static func expectSameReading(_ a: CborObject, _ b: CborObject) throws {
        switch (a, b) {
        case (.list(let x), .list(let y)):
            #expect(x.count == y.count)
            #expect(x.array == y.array)
            for i in 0..<Swift.min(x.count, y.count) { try expectSameReading(x[i], y[i]) }
        case (.map(let x), .map(let y)):
            #expect(x.keys == y.keys)
            for key in y.keys {
                let (u, v) = (try x.required(key), try y.required(key))
                try expectSameReading(u, v)
            }
            #expect(x["not a key of any generated map"] == nil)
            for (e, f) in zip(x.entries, y.entries) { #expect(e.key == f.key && e.value == f.value) }
        default:
            #expect(a == b)
            #expect(a.serialize() == b.serialize())
        }
    }

    @Test("changing a decoded map changes a copy: the decoded tree and its other copies keep their values")
    func copyOnWrite() throws {
        // {"a": 1, "b": [1, 2]}
        let bytes: [UInt8] = [0xa2, 0x61, 0x61, 0x01, 0x61, 0x62, 0x82, 0x01, 0x02]
        let decoded = try CborObject.decode(bytes)
        var map = try decoded.asMap()
        let other = map
        map["c"] = .null
        map["a"] = nil
        map["b"] = .list([.text("x")])
        // {"b": ["x"], "c": null}
        #expect(CborObject.map(map).serialize() == [0xa2, 0x61, 0x62, 0x81, 0x61, 0x78, 0x61, 0x63, 0xf6])
        #expect(CborObject.map(other).serialize() == bytes)
        #expect(decoded.serialize() == bytes)
        #expect(try other.required("b").asList() == [.integer(1), .integer(2)])
    }

    @Test("an item read from a decode outlives the decoded root")
    func viewsOutliveTheRoot() throws {
        var inner: CborList?
        do {
            // [[1, h'0203'], "t"]
            let root = try CborObject.decode([0x82, 0x82, 0x01, 0x42, 0x02, 0x03, 0x61, 0x74])
            inner = try root.asList()[0].asList()
        }
        #expect(inner == [.integer(1), .bytes([2, 3])])
        #expect(CborObject.list(inner ?? []).serialize() == [0x82, 0x01, 0x42, 0x02, 0x03])
    }

    @Test("an error after the decoder's buffers have moved to the heap is still the error at its offset")
    func errorAfterGrowth() throws {
        // [[100 texts "t0".."t99", 100 byte strings], reserved 0x1c]: past the stack buffers for
        // nodes, pending items and strings before the failing item.
        var inner: [UInt8] = [0x98, 200]
        for i in 0..<100 { inner += [0x60 | UInt8(String(i).utf8.count + 1), 0x74] + Array(String(i).utf8) }
        for i in 0..<100 { inner += [0x41, UInt8(i)] }
        let input: [UInt8] = [0x82] + inner + [0x1c]
        #expect(throws: CborError(.reservedAdditionalInfo, at: 1 + inner.count)) { try CborObject.decode(input) }
        // Without the failing item the same list decodes, every text in place.
        let list = try CborObject.decode([0x81] + inner).asList()[0].asList()
        #expect(list.count == 200)
        #expect(try (0..<100).allSatisfy { try list[$0].asText() == "t\($0)" })
        #expect(try (0..<100).allSatisfy { try list[100 + $0].asBytes() == [UInt8($0)] })
    }

    @Test("text read upstream's way from invalid UTF-8 encodes as the text read, not as the input")
    func repairedTextInsideContainers() throws {
        // ["\xff", {"\xff": 1}]: each invalid byte is read as U+FFFD (ef bf bd).
        let input: [UInt8] = [0x82, 0x61, 0xff, 0xa1, 0x61, 0xff, 0x01]
        let decoded = try CborObject.decode(input, options: .upstreamCompatible)
        #expect(decoded == .list([.text("\u{FFFD}"), .map(["\u{FFFD}": .integer(1)])]))
        let expected: [UInt8] = [0x82, 0x63, 0xef, 0xbf, 0xbd, 0xa1, 0x63, 0xef, 0xbf, 0xbd, 0x01]
        #expect(decoded.serialize() == expected)
        #expect(decoded.encodedSize == expected.count)
    }

    @Test("a link read from a CID string encodes as the CID's bytes, inside a list or a map")
    func linksFromText() throws {
        let cid: [UInt8] = [0x01, 0x55, 0x12, 0x20] + [UInt8](repeating: 0xab, count: 32)
        let options = CborDecodingOptions(mode: .upstreamCompatible, textLinkDecoder: { text in
            guard text == "cid" else { throw CborSchemaError.invalidValue(text) }
            return cid
        })
        // [42("cid"), {"l": 42("cid")}]
        let input: [UInt8] = [0x82, 0xd8, 0x2a, 0x63, 0x63, 0x69, 0x64, 0xa1, 0x61, 0x6c, 0xd8, 0x2a, 0x63, 0x63, 0x69, 0x64]
        let decoded = try CborObject.decode(input, options: options)
        #expect(decoded == .list([.link(cid), .map(["l": .link(cid)])]))
        let link: [UInt8] = [0xd8, 0x2a, 0x58, 0x25, 0x00] + cid
        let expected: [UInt8] = [0x82] + link + [0xa1, 0x61, 0x6c] + link
        #expect(decoded.serialize() == expected)
        #expect(decoded.encodedSize == expected.count)
    }
}
