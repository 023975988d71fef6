import PeergosMultiformats
import PeergosStorage

/// A merkle CHAMP (compressed hash-array mapped prefix trie) over a block store: bit width 3
/// (8 slots a node), at most 4 mappings a bucket, at most 32 levels (so 96 hash bits are used).
///
/// Every operation returns the new root CID; nodes it changes are written to the store as new
/// dag-cbor blocks and unchanged subtrees keep their CIDs. The structure, and so the root, depends
/// only on the set of mappings, not on the order of operations (checked against upstream's
/// vectors and by a property test); the operations follow upstream's algorithm step for step,
/// including the blocks it writes, so roots and block counts agree with upstream's.
public struct Champ {
    public static let bitWidth = 3
    public static let maxCollisions = 4
    public static let maxDepth = 32

    public let hasher: ChampKeyHasher
    public let store: BlockStore

    public init(hasher: ChampKeyHasher, store: BlockStore) {
        self.hasher = hasher
        self.store = store
    }

    /// Writes the empty node, carrying `mirrorBat` if given (upstream
    /// `Champ.empty(...).withBat(mirrorBat)`, as `SecretLinkChamp.createEmpty` builds the links
    /// CHAMP), and returns its CID. Without a BAT the block is the plain empty list, as before.
    public func createEmpty(mirrorBat: Cid? = nil) throws -> Cid { try write(.empty(mirrorBat: mirrorBat)) }

    /// The value under `key`, or nil.
    public func get(root: Cid, key: [UInt8]) throws -> Cid? {
        try walk(root: root, key: key) { _ in }
    }

    /// The value under `key` and the CIDs of the nodes visited to find it, root first (what a
    /// server returns so a client can verify a lookup without further round trips).
    public func lookupPath(root: Cid, key: [UInt8]) throws -> (value: Cid?, path: [Cid]) {
        var path: [Cid] = []
        let value = try walk(root: root, key: key) { path.append($0) }
        return (value, path)
    }

    /// The lookup walk from `root`, calling `visit` with each node's CID before reading it.
    /// Fast path: only the slot needed is read from each node's canonical bytes; a node the fast
    /// reader does not accept is decoded in full and the walk goes on from it.
    func walk(root: Cid, key: [UInt8], visit: (Cid) -> Void) throws -> Cid? {
        let hash = hasher.hash(key)
        var cid = root
        for depth in 0...Champ.maxDepth {
            guard let bytes = try store.get(cid) else { throw ChampError.missingNode(cid) }
            visit(cid)
            switch ChampNodeCodec.lookup(bytes, slot: Champ.slot(hash, depth), key: key) {
            case .value(let v)?: return v
            case .absent?: return nil
            case .child(let next)?: cid = next
            case nil:
                let node = try ChampNode(bytes: bytes)
                let bit = Champ.slot(hash, depth)
                if ChampNode.has(node.dataMap, bit) {
                    guard case .bucket(let mappings) = try payload(node, ChampNode.rank(node.dataMap, bit)) else {
                        throw ChampError.malformedNode("dataMap bit \(bit) points at a link")
                    }
                    return mappings.first { $0.key == key }?.value
                }
                guard ChampNode.has(node.nodeMap, bit) else { return nil }
                guard case .child(let next) = try payload(node, node.childIndex(bit)) else {
                    throw ChampError.malformedNode("nodeMap bit \(bit) points at a bucket")
                }
                cid = next
            }
        }
        throw ChampError.tooDeep
    }

    /// Sets `key` to `value`. If the key is present its value must equal `expected`
    /// (compare-and-swap); a new key is added whatever `expected` says, as upstream does.
    ///
    /// `mirrorBat` is upstream's `ChampWrapper.put(..., mirrorBat)`: when given, the root gets it
    /// if the root node itself changes (its bucket or a new bucket; not when the change is only a
    /// new link to a changed child, which keeps the root's own BAT or none). Nodes below the root
    /// never get it (upstream `withMirrorBat(bat, depth)` is a no-op for depth > 0, and a bucket
    /// pushed down a level starts from an empty node without one). When nil, every node keeps
    /// the BAT it has. Plain CHAMPs pass nil and are unchanged.
    public func put(root: Cid, key: [UInt8], value: Cid?, expected: Cid?, mirrorBat: Cid? = nil) throws -> Cid {
        guard let bytes = try store.get(root) else { throw ChampError.missingNode(root) }
        return try put(bytes: bytes, root, key, hasher.hash(key), 0, expected, value, mirrorBat).cid
    }

    /// Upstream `Champ.withMirrorBat(mirrorBat, depth)`: a node at depth 0 takes `mirrorBat` when
    /// one is given; otherwise (deeper, or none given) it keeps its own.
    static func withMirrorBat(_ node: ChampNode, _ mirrorBat: Cid?, _ depth: Int) -> ChampNode {
        guard depth == 0, let mirrorBat else { return node }
        var next = node
        next.mirrorBat = mirrorBat
        return next
    }

    /// The put walk over encoded nodes, returning the new node's CID and bytes. One scan of each
    /// node (which validates it) decides the step (``ChampNodeCodec/putStep(_:slot:key:value:expected:)``):
    /// a node that only passes the change down gets the child's new CID written over the old one
    /// in its bytes; a node whose own bucket or empty slot changes gets the change spliced into
    /// its bytes; a full bucket is pushed down a level and replaced by a link in the bytes. Each
    /// result equals re-encoding the node the general path builds, which runs for anything else
    /// (a node not in the fast form, or a root taking a mirror BAT).
    func put(bytes: [UInt8], _ cid: Cid, _ key: [UInt8], _ hash: [UInt8], _ depth: Int, _ expected: Cid?, _ value: Cid?, _ mirrorBat: Cid?) throws -> (cid: Cid, bytes: [UInt8]) {
        guard depth <= Champ.maxDepth else { throw ChampError.tooDeep }
        let slot = Champ.slot(hash, depth)
        // The general path gives the root the mirror BAT when the root's own buckets change.
        let takesBat = depth == 0 && mirrorBat != nil
        switch ChampNodeCodec.putStep(bytes, slot: slot, key: key, value: value, expected: expected) {
        case .descend(let childCid, let range)?:
            guard let childBytes = try store.get(childCid) else { throw ChampError.missingNode(childCid) }
            // The parent keeps its own BAT (or none): upstream's overwriteChildLink does not apply
            // the mirrorBat argument. Patching the link's bytes keeps either form as it is.
            let newChild = try put(bytes: childBytes, childCid, key, hash, depth + 1, expected, value, mirrorBat).cid
            if newChild == childCid { return (cid, bytes) }
            if newChild.bytes.count == range.count {
                let patched = ChampNodeCodec.Splice.build(count: bytes.count) { w in
                    bytes.withUnsafeBufferPointer { old in
                        w.copy(old.baseAddress!, 0..<range.lowerBound)
                        w.raw(newChild.bytes)
                        w.copy(old.baseAddress!, range.upperBound..<old.count)
                    }
                }
                return (try store.put(patched, codec: .dagCbor), patched)
            }
            var node = try ChampNode(bytes: bytes)
            node.contents[node.childIndex(slot)] = .child(newChild)
            let encoded = node.serialize()
            return (try store.put(encoded, codec: .dagCbor), encoded)
        case .write(let encoded)? where !takesBat:
            return (try store.put(encoded, codec: .dagCbor), encoded)
        case .casMismatch?:
            throw ChampError.casMismatch(key: key)
        case .pushDown(let mappings, let layout)? where !takesBat:
            let child = try pushDown(mappings: mappings, key, hash, value, depth + 1, mirrorBat)
            let encoded = ChampNodeCodec.bucketToChild(bytes, layout, slot: slot, child: child)
            return (try store.put(encoded, codec: .dagCbor), encoded)
        default:
            let result = try put(try ChampNode(bytes: bytes), cid, key, hash, depth, expected, value, mirrorBat)
            return (result.cid, result.cid == cid ? bytes : result.node.serialize())
        }
    }

    /// ``pushDown(_:_:_:_:_:_:)`` over encoded nodes: the same blocks, written in the same order
    /// (the empty node, then the node after each mapping is put), each built by splicing.
    func pushDown(mappings: [ChampMapping], _ key: [UInt8], _ hash: [UInt8], _ value: Cid?, _ depth: Int, _ mirrorBat: Cid?) throws -> Cid {
        guard depth < Champ.maxDepth else { throw ChampError.hashCollision }
        var bytes = ChampNode.empty.serialize()
        var cid = try store.put(bytes, codec: .dagCbor)
        (cid, bytes) = try put(bytes: bytes, cid, key, hash, depth, nil, value, mirrorBat)
        for m in mappings {
            (cid, bytes) = try put(bytes: bytes, cid, m.key, hasher.hash(m.key), depth, nil, m.value, mirrorBat)
        }
        return cid
    }

    /// Removes `key`, whose value must equal `expected`. A key whose slot holds no bucket or child
    /// changes nothing; a key absent from its slot's bucket is a compare-and-swap failure (as upstream).
    ///
    /// `mirrorBat` is upstream's `ChampWrapper.remove(..., mirrorBat)`, applied as in
    /// ``put(root:key:value:expected:mirrorBat:)`` (the root takes it when its own buckets change),
    /// plus upstream's two special cases: a node below the root that shrinks to one bucket is
    /// built with `mirrorBat` (so when it is passed up to replace a root left with that one child,
    /// the new root carries the BAT if one was given, and none if not); and a root of exactly 5
    /// keys and no children that loses one is rebuilt with `mirrorBat` as given, so a nil there
    /// drops the root's BAT (upstream passes its argument, not the node's BAT, in that branch).
    public func remove(root: Cid, key: [UInt8], expected: Cid?, mirrorBat: Cid? = nil) throws -> Cid {
        try remove(try load(root), root, key, hasher.hash(key), 0, expected, mirrorBat).cid
    }

    /// The number of mappings.
    ///
    /// Each node is visited once: in a CHAMP every node has one parent (its keys share one hash
    /// prefix), so a node reached twice (a hostile DAG that would make the count exponential) is
    /// refused, as is a path deeper than ``maxDepth``.
    /// - Throws: ``ChampError/malformedNode(_:)`` for a node reachable by two paths, ``ChampError/tooDeep``.
    public func size(root: Cid) throws -> Int {
        var seen: Set<Cid> = []
        var stack = [(cid: root, depth: 0)]
        var count = 0
        while let (cid, depth) = stack.popLast() {
            guard depth <= Champ.maxDepth else { throw ChampError.tooDeep }
            guard seen.insert(cid).inserted else { throw ChampError.malformedNode("node \(cid) is reachable by two paths") }
            let node = try load(cid)
            count += node.keyCount  // at most 32 per distinct node: cannot overflow
            for case .child(let child) in node.contents { stack.append((child, depth + 1)) }
        }
        return count
    }

    /// The number of distinct node blocks reachable from `root`, the root included.
    public func nodeCount(root: Cid) throws -> Int {
        var seen: Set<Cid> = []
        var stack = [root]
        while let cid = stack.popLast() {
            guard seen.insert(cid).inserted else { continue }
            for case .child(let child) in try load(cid).contents { stack.append(child) }
        }
        return seen.count
    }

    // MARK: Slots

    /// The 3-bit slot at `depth`: bits read least-significant first within each byte, from bit
    /// offset 3·depth; bytes past the end of the hash count as zero.
    @inline(__always)
    static func slot(_ hash: [UInt8], _ depth: Int) -> Int {
        let offset = depth * bitWidth
        let index = offset >> 3
        let shift = offset & 7
        let low = min(bitWidth, 8 - shift)
        let high = bitWidth - low
        let b0 = index < hash.count ? Int(hash[index]) : 0
        let b1 = index + 1 < hash.count ? Int(hash[index + 1]) : 0
        return ((b0 >> shift) & ((1 << low) - 1)) | ((b1 & ((1 << high) - 1)) << low)
    }

    // MARK: Store

    func load(_ cid: Cid) throws -> ChampNode {
        guard let bytes = try store.get(cid) else { throw ChampError.missingNode(cid) }
        return try ChampNode(bytes: bytes)
    }

    func write(_ node: ChampNode) throws -> Cid {
        try store.put(node.serialize(), codec: .dagCbor)
    }

    func payload(_ node: ChampNode, _ index: Int) throws -> ChampNode.Payload {
        guard node.contents.indices.contains(index) else { throw ChampError.malformedNode("no payload at index \(index)") }
        return node.contents[index]
    }

    func written(_ node: ChampNode) throws -> (node: ChampNode, cid: Cid) { (node, try write(node)) }

    // MARK: Put

    func put(_ node: ChampNode, _ cid: Cid, _ key: [UInt8], _ hash: [UInt8], _ depth: Int, _ expected: Cid?, _ value: Cid?, _ mirrorBat: Cid?) throws -> (node: ChampNode, cid: Cid) {
        guard depth <= Champ.maxDepth else { throw ChampError.tooDeep }
        let bit = Champ.slot(hash, depth)
        if ChampNode.has(node.dataMap, bit) {
            let index = ChampNode.rank(node.dataMap, bit)
            guard case .bucket(var mappings) = try payload(node, index) else { throw ChampError.malformedNode("dataMap bit points at a link") }
            var next = node
            if let i = mappings.firstIndex(where: { $0.key == key }) {
                guard mappings[i].value == expected else { throw ChampError.casMismatch(key: key) }
                mappings[i] = ChampMapping(key: key, value: value)
                next.contents[index] = .bucket(mappings)
                return try written(Champ.withMirrorBat(next, mirrorBat, depth))
            }
            if mappings.count < Champ.maxCollisions {
                mappings.append(ChampMapping(key: key, value: value))
                mappings.sort(by: ChampMapping.precedes)
                next.contents[index] = .bucket(mappings)
                return try written(Champ.withMirrorBat(next, mirrorBat, depth))
            }
            let child = try pushDown(mappings, key, hash, value, depth + 1, mirrorBat)
            let newIndex = node.contents.count - 1 - ChampNode.rank(node.nodeMap, bit)
            next.contents.remove(at: index)
            next.contents.insert(.child(child.cid), at: newIndex)
            next.nodeMap |= 1 << UInt8(bit)
            next.dataMap &= ~(1 << UInt8(bit))
            return try written(Champ.withMirrorBat(next, mirrorBat, depth))
        }
        if ChampNode.has(node.nodeMap, bit) {
            let index = node.childIndex(bit)
            guard case .child(let childCid) = try payload(node, index) else { throw ChampError.malformedNode("nodeMap bit points at a bucket") }
            let child = try put(try load(childCid), childCid, key, hash, depth + 1, expected, value, mirrorBat)
            if child.cid == childCid { return (node, cid) }
            var next = node
            next.contents[index] = .child(child.cid)
            return try written(next)
        }
        var next = node
        next.contents.insert(.bucket([ChampMapping(key: key, value: value)]), at: ChampNode.rank(node.dataMap, bit))
        next.dataMap |= 1 << UInt8(bit)
        return try written(Champ.withMirrorBat(next, mirrorBat, depth))
    }

    /// A full bucket plus one new mapping become a child node one level down: the new mapping
    /// first, then the old ones in bucket order, each put into a fresh empty node (without a BAT;
    /// `depth` > 0, so `mirrorBat` is passed on but never applied).
    func pushDown(_ mappings: [ChampMapping], _ key: [UInt8], _ hash: [UInt8], _ value: Cid?, _ depth: Int, _ mirrorBat: Cid?) throws -> (node: ChampNode, cid: Cid) {
        guard depth < Champ.maxDepth else { throw ChampError.hashCollision }
        var current = try written(.empty)
        current = try put(current.node, current.cid, key, hash, depth, nil, value, mirrorBat)
        for m in mappings {
            current = try put(current.node, current.cid, m.key, hasher.hash(m.key), depth, nil, m.value, mirrorBat)
        }
        return current
    }

    // MARK: Remove

    func remove(_ node: ChampNode, _ cid: Cid, _ key: [UInt8], _ hash: [UInt8], _ depth: Int, _ expected: Cid?, _ mirrorBat: Cid?) throws -> (node: ChampNode, cid: Cid) {
        guard depth <= Champ.maxDepth else { throw ChampError.tooDeep }
        let bit = Champ.slot(hash, depth)
        if ChampNode.has(node.dataMap, bit) {
            let index = ChampNode.rank(node.dataMap, bit)
            guard case .bucket(let mappings) = try payload(node, index) else { throw ChampError.malformedNode("dataMap bit points at a link") }
            // A key absent from its slot's bucket is a failed compare-and-swap, as upstream has it.
            guard let i = mappings.firstIndex(where: { $0.key == key }) else { throw ChampError.casMismatch(key: key) }
            guard mappings[i].value == expected else { throw ChampError.casMismatch(key: key) }
            var remaining = mappings
            remaining.remove(at: i)
            if node.keyCount == Champ.maxCollisions + 1 && node.childCount == 0 && depth > 0 {
                // The node falls to maxCollisions mappings, which all share this node's hash prefix:
                // it becomes a single bucket, under the depth-0 slot, that the parent inlines (or
                // passes up, if it is the parent's only content).
                var all: [ChampMapping] = []
                for case .bucket(let m) in node.contents { all += m.filter { $0.key != key } }
                all.sort(by: ChampMapping.precedes)
                // Built with the mirrorBat argument whatever the depth (upstream
                // `withMirrorBat(mirrorBat, 0)`): if it is passed up to become the root, it carries
                // the BAT given (and none when none is given).
                return try written(ChampNode(dataMap: 1 << UInt8(Champ.slot(hash, 0)), nodeMap: 0, contents: [.bucket(all)], mirrorBat: mirrorBat))
            }
            var next = node
            if remaining.isEmpty { next.contents.remove(at: index) } else { next.contents[index] = .bucket(remaining) }
            if remaining.isEmpty { next.dataMap &= ~(1 << UInt8(bit)) }
            if depth == 0 && node.keyCount == Champ.maxCollisions + 1 && node.childCount == 0 {
                // Upstream's root branch of the "5 keys, no children" case builds the node with
                // the mirrorBat argument itself, not withMirrorBat: a nil argument drops the BAT.
                next.mirrorBat = mirrorBat
                return try written(next)
            }
            return try written(Champ.withMirrorBat(next, mirrorBat, depth))
        }
        if ChampNode.has(node.nodeMap, bit) {
            let index = node.childIndex(bit)
            guard case .child(let childCid) = try payload(node, index) else { throw ChampError.malformedNode("nodeMap bit points at a bucket") }
            let child = try remove(try load(childCid), childCid, key, hash, depth + 1, expected, mirrorBat)
            if child.cid == childCid { return (node, cid) }
            guard !child.node.contents.isEmpty else { throw ChampError.malformedNode("a sub-node must hold at least one element") }
            var next = node
            if child.node.childCount == 0 && child.node.keyCount == Champ.maxCollisions {
                if node.keyCount == 0 && node.childCount == 1 {
                    // Pass the shrunken child up in place of this node; it already carries the
                    // mirrorBat argument (see the one-bucket case above), and this node's BAT is dropped.
                    return child
                }
                var merged: [ChampMapping] = []
                for case .bucket(let m) in child.node.contents { merged += m }
                merged.sort(by: ChampMapping.precedes)
                next.contents.remove(at: index)
                next.contents.insert(.bucket(merged), at: ChampNode.rank(node.dataMap, bit))
                next.nodeMap &= ~(1 << UInt8(bit))
                next.dataMap |= 1 << UInt8(bit)
                return try written(next)
            }
            next.contents[index] = .child(child.cid)
            return try written(next)
        }
        return (node, cid)
    }
}
