import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage
import Testing

/// The CHAMP's root depends only on the set of mappings, whatever the order of puts and removes.
@Suite("CHAMP canonical form")
struct ChampPropertyTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return state >> 11
        }
    }

    static func value(_ key: [UInt8]) -> Cid { try! Cid.sha256(codec: .raw, digest: Hash.sha256(key)) }

    /// Keys that share long hash prefixes, so buckets fill, push down and collapse.
    static func key(_ i: UInt64, clustered: Bool) -> [UInt8] {
        var k = Hash.sha256(Array("key-\(i)".utf8))
        if clustered { k[0] = UInt8(i % 3); k[1] = 0 }
        return k
    }

    @Test("random put/remove sequences reach the root of the same set built in sorted order", arguments: [false, true])
    func randomSequences(clustered: Bool) throws {
        var rng = Generator(state: clustered ? 11 : 7)
        for round in 0..<12 {
            let store = InMemoryBlockStore()
            let champ = Champ(hasher: round % 3 == 0 ? .blake2b : .identity, store: store)
            var root = try champ.createEmpty()
            var model: [[UInt8]: Cid] = [:]
            for _ in 0..<150 {
                let key = Self.key(rng.next() % 60, clustered: clustered)
                if rng.next() % 3 == 0, let current = model[key] {
                    root = try champ.remove(root: root, key: key, expected: current)
                    model[key] = nil
                } else {
                    let value = Self.value(key + [UInt8(rng.next() % 4)])
                    root = try champ.put(root: root, key: key, value: value, expected: model[key])
                    model[key] = value
                }
            }
            var sortedRoot = try champ.createEmpty()
            for key in model.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
                sortedRoot = try champ.put(root: sortedRoot, key: key, value: model[key], expected: nil)
            }
            #expect(root == sortedRoot, "round \(round)")
            #expect(try champ.size(root: root) == model.count)
            for (key, value) in model { #expect(try champ.get(root: root, key: key) == value) }
        }
    }

    @Test("compare-and-swap refuses a stale expected value and leaves the tree as it was")
    func cas() throws {
        let champ = Champ(hasher: .identity, store: InMemoryBlockStore())
        let key = Self.key(1, clustered: false)
        let root = try champ.put(root: try champ.createEmpty(), key: key, value: Self.value([1]), expected: nil)
        #expect(throws: ChampError.casMismatch(key: key)) { try champ.put(root: root, key: key, value: Self.value([2]), expected: Self.value([9])) }
        #expect(throws: ChampError.casMismatch(key: key)) { try champ.remove(root: root, key: key, expected: nil) }
        #expect(try champ.get(root: root, key: key) == Self.value([1]))
    }

    @Test("a missing or malformed node is a typed error, not a crash")
    func badNodes() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        let missing = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([1]))
        #expect(throws: ChampError.missingNode(missing)) { try champ.get(root: missing, key: [1]) }
        let bogus = try store.put([0x83, 0x41, 0x01, 0x40, 0x80], codec: .dagCbor)  // dataMap bit 0 but no bucket
        #expect(throws: ChampError.self) { try champ.get(root: bogus, key: [0]) }
    }
}

/// The direct node codec agrees with the general CBOR path.
@Suite("CHAMP node codec")
struct ChampNodeCodecTests {
    @Test("direct encoding equals the CBOR encoding, and both read back the same node")
    func agrees() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var root = try champ.createEmpty()
        for i in 0..<300 {
            let key = Hash.sha256([UInt8(i & 0xff), UInt8(i >> 8)])
            root = try champ.put(root: root, key: key, value: i % 7 == 0 ? nil : ChampPropertyTests.value(key), expected: nil)
        }
        #expect(store.count > 50)
        for (_, block) in store.blocks {
            let node = try ChampNode(bytes: block)
            #expect(node.serialize() == block)
            #expect(node.toCbor().serialize() == block)
            #expect(try ChampNode(cbor: CborObject.decode(block, options: .strict)) == node)
        }
    }
}
