import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage
import Testing

/// The put path splices each change into a node's bytes; the result must be the canonical
/// encoding of the node (what re-encoding gives), whatever the change.
@Suite("CHAMP put splicing")
struct ChampSpliceTests {
    static func value(_ seed: [UInt8]) -> Cid { try! Cid.sha256(codec: .raw, digest: Hash.sha256(seed)) }

    /// Every block is its node's canonical encoding, on both codecs.
    static func expectCanonical(_ store: InMemoryBlockStore, sourceLocation: SourceLocation = #_sourceLocation) throws {
        for (_, block) in store.blocks {
            let node = try ChampNode(bytes: block)
            #expect(node.serialize() == block, sourceLocation: sourceLocation)
            #expect(try ChampNode(cbor: CborObject.decode(block, options: .strict)).toCbor().serialize() == block, sourceLocation: sourceLocation)
        }
    }

    @Test("keys of many lengths, null values, replaced values and pushed-down buckets give canonical blocks and the order-independent root")
    func mixedPuts() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .blake2b, store: store)
        var root = try champ.createEmpty()
        var model: [[UInt8]: Cid?] = [:]
        // Keys of 0 to 40 bytes (bucket order puts shorter keys first), some values null.
        for i in 0..<400 {
            let key = [UInt8](Hash.sha256([UInt8(i & 0xff), UInt8(i >> 8)]).prefix(i % 41))
            let value: Cid? = i % 5 == 0 ? nil : Self.value([UInt8(i & 0xff), 1])
            let expected = model[key] ?? nil
            root = try champ.put(root: root, key: key, value: value, expected: expected)
            model[key] = .some(value)
        }
        // Replace some values (null to link, link to null, link to link) under compare-and-swap.
        for (n, key) in model.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }).enumerated() where n % 3 == 0 {
            let next: Cid? = n % 2 == 0 ? nil : Self.value(key + [9])
            root = try champ.put(root: root, key: key, value: next, expected: model[key]!)
            model[key] = .some(next)
        }
        try Self.expectCanonical(store)
        for (key, value) in model { #expect(try champ.get(root: root, key: key) == value) }
        #expect(try champ.size(root: root) == model.count)

        let fresh = Champ(hasher: .blake2b, store: InMemoryBlockStore())
        var sorted = try fresh.createEmpty()
        for key in model.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            sorted = try fresh.put(root: sorted, key: key, value: model[key]!, expected: nil)
        }
        #expect(sorted == root)
    }

    @Test("keys sharing long prefixes push buckets down several levels at once; blocks stay canonical")
    func nestedPushDown() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var root = try champ.createEmpty()
        var keys: [[UInt8]] = []
        for i in 0..<40 {
            // The first 4 bytes (10 levels of slots) are shared by groups of 8 keys.
            var key = Hash.sha256([UInt8(i)])
            key.replaceSubrange(0..<4, with: [0, 0, 0, UInt8(i / 8)])
            keys.append(key)
            root = try champ.put(root: root, key: key, value: Self.value(key), expected: nil)
        }
        try Self.expectCanonical(store)
        for key in keys { #expect(try champ.get(root: root, key: key) == Self.value(key)) }
        #expect(try champ.size(root: root) == keys.count)
    }

    @Test("a compare-and-swap failure in a bucket writes nothing")
    func casWritesNothing() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        let key = Hash.sha256([1])
        let root = try champ.put(root: try champ.createEmpty(), key: key, value: Self.value([1]), expected: nil)
        let before = store.putCount
        #expect(throws: ChampError.casMismatch(key: key)) { try champ.put(root: root, key: key, value: Self.value([2]), expected: nil) }
        #expect(throws: ChampError.casMismatch(key: key)) { try champ.put(root: root, key: key, value: Self.value([2]), expected: Self.value([3])) }
        #expect(store.putCount == before)
    }

    @Test("a bitmap written 41 00 (never canonical from upstream) is re-encoded as 40 by a put, as decoding and re-encoding does")
    func zeroBitmapByte() throws {
        let key = [UInt8](repeating: 0, count: 32)  // slot 0 at depth 0
        let other = [UInt8](repeating: 1, count: 32)  // slot 1
        let bucket: [UInt8] = [0x82, 0x58, 0x20] + other + [0xf6]
        let zeroByte: [UInt8] = [0x83, 0x41, 0x02, 0x41, 0x00, 0x81] + bucket
        let canonical: [UInt8] = [0x83, 0x41, 0x02, 0x40, 0x81] + bucket
        #expect(try ChampNode(bytes: zeroByte) == ChampNode(bytes: canonical))
        var results: [Cid] = []
        for bytes in [zeroByte, canonical] {
            let store = InMemoryBlockStore()
            let champ = Champ(hasher: .identity, store: store)
            let root = try store.put(bytes, codec: .dagCbor)
            let next = try champ.put(root: root, key: key, value: Self.value([7]), expected: nil)
            #expect(try store.get(next).map { try ChampNode(bytes: $0).serialize() } == store.get(next))
            results.append(next)
        }
        #expect(results[0] == results[1])
    }
}
