import FuzzSupport
import PeergosCBOR
import PeergosCHAMP
import PeergosMultiformats
import PeergosStorage

/// CHAMP: node decode, then get / lookupPath / put / remove / size over a tree of hostile nodes.
///
/// Input: `flags, nKeys, (keyLength, key)*, (length16, node)*`. Nodes are stored in an in-memory
/// block store from last to first; each link inside node i is re-pointed at the real CID of a
/// later node (chosen by the link's last byte), so the tree is a genuine content-addressed DAG of
/// fuzzed nodes (no cycles, as with real hashes). Node 0 is the root.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzChamp(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var r = FuzzReader(fuzzBytes(start, count))
    let flags = r.byte()
    let hasher: ChampKeyHasher = flags & 1 == 0 ? .identity : .blake2b
    var keys: [[UInt8]] = []
    for _ in 0..<Int(r.byte() % 6) { keys.append(r.take(Int(r.byte() % 40))) }
    var nodes: [[UInt8]] = []
    while r.remaining > 0 && nodes.count < 8 {
        let n = Int(r.byte()) << 8 | Int(r.byte())
        nodes.append(r.take(n))
    }
    guard !nodes.isEmpty else { return 0 }

    // Every node's own decoder (the fuzzed bytes as they are).
    for node in nodes {
        if let decoded = try? ChampNode(bytes: node) {
            fuzzCheck((try? ChampNode(bytes: decoded.serialize())) == decoded, "ChampNode does not round-trip")
        }
    }

    let store = InMemoryBlockStore()
    var cids: [Cid] = Array(repeating: Cid(codec: .raw, multihash: try! Multihash.identity([])), count: nodes.count)
    for i in stride(from: nodes.count - 1, through: 0, by: -1) {
        var block = nodes[i]
        let later = nodes.count - i - 1
        if later > 0, let cbor = try? CborObject.decode(block, options: .strict) {
            block = relink(cbor, { cids[i + 1 + Int($0.last ?? 0) % later] }).serialize()
        }
        guard let cid = try? store.put(block, codec: .dagCbor) else { return 0 }
        cids[i] = cid
    }
    let root = cids[0]
    let champ = Champ(hasher: hasher, store: store)
    let value = try! Cid.identity(codec: .raw, data: [flags])

    if keys.isEmpty { keys = [[]] }
    for key in keys {
        guard case .success(let found) = Result(catching: { try champ.get(root: root, key: key) }) else {
            _ = try? champ.put(root: root, key: key, value: value, expected: nil)
            _ = try? champ.remove(root: root, key: key, expected: nil)
            continue
        }
        if let path = try? champ.lookupPath(root: root, key: key) {
            fuzzCheck(path.value == found, "lookupPath and get disagree")
        } else {
            fuzzCheck(false, "lookupPath threw where get did not")
        }
        if let newRoot = try? champ.put(root: root, key: key, value: value, expected: found) {
            if case .success(let after) = Result(catching: { try champ.get(root: newRoot, key: key) }) {
                fuzzCheck(after == value, "get after put does not find the value")
            }
            if let removed = try? champ.remove(root: newRoot, key: key, expected: value),
               case .success(let after) = Result(catching: { try champ.get(root: removed, key: key) }) {
                fuzzCheck(after == nil, "get after remove still finds the key")
            }
        }
        if let removed = try? champ.remove(root: root, key: key, expected: found),
           case .success(let after) = Result(catching: { try champ.get(root: removed, key: key) }) {
            fuzzCheck(after == nil, "get after remove still finds the key")
        }
    }
    _ = try? champ.size(root: root)
    _ = try? champ.nodeCount(root: root)
    return 0
}

/// `object` with every link replaced by `target(link bytes)` (as `0x00 ‖ cid`).
func relink(_ object: CborObject, _ target: ([UInt8]) -> Cid) -> CborObject {
    switch object {
    case .link(let bytes): return .link(target(bytes.array).bytes)
    case .list(let items): return .list(items.map { relink($0, target) })
    case .map(let m):
        guard let mapped = try? CborMap(m.entries.map { ($0.key, relink($0.value, target)) }) else { return object }
        return .map(mapped)
    default: return object
    }
}
