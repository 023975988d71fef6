import PeergosTestSupport
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage
import Testing

/// CHAMP nodes whose bitmaps disagree with their contents (a hostile co-writer's blocks) are
/// refused with a typed error when read, on the fast path and the general path alike, and get,
/// put and remove over them throw instead of trapping.
@Suite("Hostile CHAMP nodes")
struct HostileChampNodeTests {
    static func value(_ n: UInt8) -> Cid { try! Cid.sha256(codec: .raw, digest: Hash.sha256([n])) }
    static func childLink() -> Cid { try! Cid.sha256(codec: .dagCbor, digest: Hash.sha256([0xcc])) }

    /// Runs get, put and remove with `key` over the node `bytes` stored as the root, and decodes
    /// the node both ways; each must throw `expected`.
    static func expectRefused(_ bytes: [UInt8], key: [UInt8], _ expected: ChampError, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        let root = try store.put(bytes, codec: .dagCbor)
        #expect(throws: expected, "get", sourceLocation: sourceLocation) { try champ.get(root: root, key: key) }
        #expect(throws: expected, "lookupPath", sourceLocation: sourceLocation) { try champ.lookupPath(root: root, key: key) }
        #expect(throws: expected, "put", sourceLocation: sourceLocation) { try champ.put(root: root, key: key, value: value(1), expected: nil) }
        #expect(throws: expected, "remove", sourceLocation: sourceLocation) { try champ.remove(root: root, key: key, expected: nil) }
        #expect(throws: expected, "size", sourceLocation: sourceLocation) { try champ.size(root: root) }
        #expect(throws: expected, "ChampNode(bytes:)", sourceLocation: sourceLocation) { try ChampNode(bytes: bytes) }
        #expect(throws: expected, "ChampNode(cbor:)", sourceLocation: sourceLocation) { try ChampNode(cbor: CborObject.decode(bytes)) }
        #expect(expected.code.hasPrefix("champ."), sourceLocation: sourceLocation)
    }

    /// Keys for the identity hasher whose depth-0 slot is `slot` (the low 3 bits of the first byte).
    static func key(slot: UInt8, _ n: UInt8 = 0) -> [UInt8] { [slot | (n << 3)] + [UInt8](repeating: n, count: 31) }

    @Test("83 41 7f 40 80 (dataMap 0x7f, no contents) is refused for get, put and remove, for every slot")
    func issueCrashCase() throws {
        let bytes: [UInt8] = [0x83, 0x41, 0x7f, 0x40, 0x80]
        // Slot 7 is the crash the issue names (put inserted at index 7 of an empty list); slot 0
        // pointed the fast path at a missing bucket.
        for slot: UInt8 in [7, 0, 3] { try Self.expectRefused(bytes, key: Self.key(slot: slot), .badBitmap) }
        #expect(ChampError.badBitmap.code == "champ.bad_bitmap")
    }

    @Test("a slot set in both bitmaps is refused")
    func overlappingBitmaps() throws {
        let node = ChampNode(dataMap: 0x01, nodeMap: 0x01, contents: [.bucket([ChampMapping(key: Self.key(slot: 0), value: Self.value(1))]), .child(Self.childLink())])
        try Self.expectRefused(node.serialize(), key: Self.key(slot: 5), .badBitmap)
    }

    @Test("a bitmap with bits beyond slot 7 is refused")
    func bitsBeyondSlot7() throws {
        // [h'0100', h'', [[key, null]]]: bit 8 set in a second bitmap byte.
        let bucket = CborObject.list([.bytes(Self.key(slot: 0)), .null])
        let bytes = CborObject.list([.bytes([0x01, 0x01]), .bytes([]), .list([bucket])]).serialize()
        try Self.expectRefused(bytes, key: Self.key(slot: 0), .badBitmap)
    }

    @Test("more payloads than bitmap bits, and payloads of the wrong kind, are refused")
    func payloadKinds() throws {
        let bucket = ChampNode.Payload.bucket([ChampMapping(key: Self.key(slot: 1), value: Self.value(1))])
        // One bit, two buckets.
        try Self.expectRefused(ChampNode(dataMap: 0x02, nodeMap: 0, contents: [bucket, bucket]).serialize(), key: Self.key(slot: 1), .badBitmap)
        // A link where the dataMap says a bucket is, and a bucket where the nodeMap says a link is.
        try Self.expectRefused(ChampNode(dataMap: 0x02, nodeMap: 0x04, contents: [.child(Self.childLink()), bucket]).serialize(), key: Self.key(slot: 1), .badBitmap)
        // A node bit with no link at all.
        try Self.expectRefused(ChampNode(dataMap: 0x02, nodeMap: 0x04, contents: [bucket]).serialize(), key: Self.key(slot: 2), .badBitmap)
    }

    @Test("a bucket of more than 4 mappings is refused")
    func bucketOverFour() throws {
        let mappings = (0..<5).map { ChampMapping(key: Self.key(slot: 3, UInt8($0)), value: Self.value(UInt8($0))) }
        try Self.expectRefused(ChampNode(dataMap: 0x08, nodeMap: 0, contents: [.bucket(mappings)]).serialize(), key: Self.key(slot: 3, 9), .bucketTooLarge(5))
    }

    @Test("an unsorted bucket, or one with a repeated key, is refused")
    func unsortedBucket() throws {
        let a = ChampMapping(key: Self.key(slot: 3, 1), value: Self.value(1))
        let b = ChampMapping(key: Self.key(slot: 3, 2), value: nil)
        try Self.expectRefused(ChampNode(dataMap: 0x08, nodeMap: 0, contents: [.bucket([b, a])]).serialize(), key: Self.key(slot: 3, 1), .unsortedBucket)
        try Self.expectRefused(ChampNode(dataMap: 0x08, nodeMap: 0, contents: [.bucket([a, a])]).serialize(), key: Self.key(slot: 3, 1), .unsortedBucket)
        // Shorter keys sort first whatever their bytes: [ff] before [00 00] is sorted, the reverse is not.
        let short = ChampMapping(key: [0xfb], value: nil), long = ChampMapping(key: [0x03, 0x00], value: nil)
        #expect(throws: ChampError.unsortedBucket) { try ChampNode(bytes: ChampNode(dataMap: 0x08, nodeMap: 0, contents: [.bucket([long, short])]).serialize()) }
        #expect(try ChampNode(bytes: ChampNode(dataMap: 0x08, nodeMap: 0, contents: [.bucket([short, long])]).serialize()).dataMap == 0x08)
    }

    @Test("an empty bucket is refused")
    func emptyBucket() throws {
        try Self.expectRefused(ChampNode(dataMap: 0x10, nodeMap: 0, contents: [.bucket([])]).serialize(), key: Self.key(slot: 4), .emptyBucket)
    }

    @Test("a child link that is not dag-cbor is refused")
    func childLinkCodec() throws {
        let raw = try Cid.sha256(codec: .raw, digest: Hash.sha256([7]))
        try Self.expectRefused(ChampNode(dataMap: 0, nodeMap: 0x20, contents: [.child(raw)]).serialize(), key: Self.key(slot: 5), .badChildLink(raw))
        // A CIDv0 (dag-pb) child too, through the general path (the fast path reads only CIDv1).
        let v0 = try Cid.v0(Multihash.sha256(digest: Hash.sha256([8])))
        try Self.expectRefused(ChampNode(dataMap: 0, nodeMap: 0x20, contents: [.child(v0)]).serialize(), key: Self.key(slot: 1), .badChildLink(v0))
    }

    @Test("a chain of nodes deeper than 32 levels is refused, not followed")
    func tooDeep() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        // Each node's only child sits in slot 0; a key of zero bytes takes slot 0 at every depth.
        var cid = try champ.createEmpty()
        for _ in 0..<40 { cid = try store.put(ChampNode(dataMap: 0, nodeMap: 0x01, contents: [.child(cid)]).serialize(), codec: .dagCbor) }
        let key = [UInt8](repeating: 0, count: 32)
        #expect(throws: ChampError.tooDeep) { try champ.get(root: cid, key: key) }
        #expect(throws: ChampError.tooDeep) { try champ.put(root: cid, key: key, value: Self.value(1), expected: nil) }
        #expect(throws: ChampError.tooDeep) { try champ.remove(root: cid, key: key, expected: nil) }
        #expect(throws: ChampError.tooDeep) { try champ.size(root: cid) }
    }

    @Test("a node whose slots all link one child is counted once, not 8^depth times: size refuses it")
    func sharedChild() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var cid = try champ.put(root: try champ.createEmpty(), key: Self.key(slot: 0), value: Self.value(1), expected: nil)
        // 30 levels of 8 links to the same node would be 8^30 visits for a naive count.
        let leaf = cid
        for _ in 0..<30 { cid = try store.put(ChampNode(dataMap: 0, nodeMap: 0xff, contents: [ChampNode.Payload](repeating: .child(cid), count: 8)).serialize(), codec: .dagCbor) }
        // The walk goes depth first, so the first node met twice is the leaf.
        #expect(throws: ChampError.malformedNode("node \(leaf) is reachable by two paths")) { try champ.size(root: cid) }
        #expect(try champ.nodeCount(root: cid) == 31)
    }


    @Test("randomly mutated valid nodes never trap get, put or remove; every error is typed; a put that succeeds reads back")
    func randomMutations() throws {
        let seed: UInt64 = 0x5eed_c4a3_0000_0008
        var rng = SeededGenerator(seed: seed)
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        // A tree with full buckets, children and null values; keys clustered so nodes are deep.
        var root = try champ.createEmpty()
        var keys: [[UInt8]] = []
        for i in 0..<80 {
            var key = Hash.sha256([UInt8(i)])
            key[0] = UInt8(i % 4)
            keys.append(key)
            root = try champ.put(root: root, key: key, value: i % 5 == 0 ? nil : Self.value(UInt8(i)), expected: nil)
        }
        let originals = Array(store.blocks.values).sorted { $0.lexicographicallyPrecedes($1) }
        var refused = 0, accepted = 0
        for round in 0..<4_000 {
            let context = "seed \(String(seed, radix: 16)) round \(round)"
            var block = originals[rng.below(originals.count)]
            for _ in 0..<(1 + rng.below(3)) {
                switch rng.below(5) {
                case 0, 1: block[rng.below(block.count)] = UInt8(truncatingIfNeeded: rng.next())
                case 2: block[rng.below(block.count)] ^= UInt8(1) << UInt8(rng.below(8))
                case 3: block.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(block.count + 1))
                default: if block.count > 1 { block.removeSubrange(rng.below(block.count)...) }
                }
                if block.isEmpty { block = [0x80] }
            }
            let mutated = try store.put(block, codec: .dagCbor)
            let key = rng.below(2) == 0 ? keys[rng.below(keys.count)] : Hash.sha256([0xee, UInt8(round & 0xff), UInt8(round >> 8)])
            func typed(_ error: Error, _ op: String) {
                let code = CodedErrors.code(of: error)
                #expect(!code.hasPrefix("unknown."), "\(op) threw untyped \(error) (\(context))")
            }
            do {
                let node = try ChampNode(bytes: block)
                try node.validate()
                accepted += 1
            } catch {
                typed(error, "decode")
                refused += 1
            }
            do { _ = try champ.get(root: mutated, key: key) } catch { typed(error, "get") }
            do {
                let value = Self.value(0xab)
                let current = try? champ.get(root: mutated, key: key)
                let after = try champ.put(root: mutated, key: key, value: value, expected: current ?? nil)
                #expect(try champ.get(root: after, key: key) == value, "put then get (\(context))")
            } catch { typed(error, "put") }
            do {
                if let current = try? champ.get(root: mutated, key: key) {
                    let after = try champ.remove(root: mutated, key: key, expected: current)
                    #expect(try champ.get(root: after, key: key) == nil, "remove then get (\(context))")
                }
            } catch { typed(error, "remove") }
        }
        // Both outcomes occur, so the test exercises refusals and operations on mutated nodes.
        #expect(refused > 100, "seed \(String(seed, radix: 16))")
        #expect(accepted > 10, "seed \(String(seed, radix: 16))")
    }
}
