import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCryptree
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats

/// One change to a writer's file tree: node blocks to put under map keys and map keys to remove,
/// each with the value it expects there now (compare-and-swap inside the CHAMP, as upstream's
/// `MutableTree.put/remove` carry the expected value).
struct TreeEdit {
    enum Operation {
        case put(mapKey: [UInt8], node: CryptreeNode, expected: Cid?)
        case remove(mapKey: [UInt8], expected: Cid?)
    }

    var operations: [Operation] = []
    /// Raw blocks (fragments) the new nodes refer to, not yet sent.
    var rawBlocks: [[UInt8]] = []

    mutating func put(_ mapKey: [UInt8], _ made: (node: CryptreeNode, blocks: [[UInt8]]), expected: Cid?) {
        operations.append(.put(mapKey: mapKey, node: made.node, expected: expected))
        rawBlocks += made.blocks
    }

    mutating func put(_ mapKey: [UInt8], node: CryptreeNode, expected: Cid?) {
        operations.append(.put(mapKey: mapKey, node: node, expected: expected))
    }

    mutating func remove(_ mapKey: [UInt8], expected: Cid?) {
        operations.append(.remove(mapKey: mapKey, expected: expected))
    }
}

extension WriterData {
    /// The same WriterData with its file tree root replaced.
    func with(tree: Cid?) -> WriterData {
        WriterData(controller: controller, algorithm: algorithm, publicRoot: publicRoot, followRequestReceiver: followRequestReceiver,
                   ownedKeys: ownedKeys, namedOwnedKeys: namedOwnedKeys, staticData: staticData, tree: tree, secretLinks: secretLinks)
    }

    /// The same WriterData with its secret-link CHAMP root replaced.
    func with(secretLinks: Cid?) -> WriterData {
        WriterData(controller: controller, algorithm: algorithm, publicRoot: publicRoot, followRequestReceiver: followRequestReceiver,
                   ownedKeys: ownedKeys, namedOwnedKeys: namedOwnedKeys, staticData: staticData, tree: tree, secretLinks: secretLinks)
    }

    func with(ownedKeys: Cid?) -> WriterData {
        WriterData(controller: controller, algorithm: algorithm, publicRoot: publicRoot, followRequestReceiver: followRequestReceiver,
                   ownedKeys: ownedKeys, namedOwnedKeys: namedOwnedKeys, staticData: staticData, tree: tree, secretLinks: secretLinks)
    }

    func with(algorithm: SecretGenerationAlgorithm) -> WriterData {
        WriterData(controller: controller, algorithm: algorithm, publicRoot: publicRoot, followRequestReceiver: followRequestReceiver,
                   ownedKeys: ownedKeys, namedOwnedKeys: namedOwnedKeys, staticData: staticData, tree: tree, secretLinks: secretLinks)
    }
}

extension NetworkBlocks {
    /// Applies `edit` to the writer's tree as of `snapshot`, in `staged` (nothing is sent), and
    /// answers the new WriterData. CHAMP nodes on the changed paths are fetched (and verified)
    /// as the walk needs them.
    func apply(_ edit: TreeEdit, to snapshot: WriterSnapshot, staged: StagedBlocks) async throws -> WriterData {
        guard let data = snapshot.data else { throw PeergosClientError.notWritable("writer \(snapshot.writer) has no published data") }
        for raw in edit.rawBlocks { _ = try staged.put(raw, codec: .raw) }
        let keys = edit.operations.map { op -> (mapKey: [UInt8], bat: PeergosCapabilities.Bat?) in
            switch op {
            case .put(let k, _, _), .remove(let k, _): return (k, nil)
            }
        }
        if let tree = data.tree { try await prefetch(owner: snapshot.owner, root: tree, keys: keys) }
        let root = try await resolving(owner: snapshot.owner, overlay: staged) { store in
            let champ = Champ(hasher: .identity, store: store)
            var root = try data.tree ?? champ.createEmpty()
            for op in edit.operations {
                switch op {
                case .put(let mapKey, let node, let expected):
                    let cid = try store.put(node.serialize(), codec: .dagCbor)
                    root = try champ.put(root: root, key: mapKey, value: cid, expected: expected)
                case .remove(let mapKey, let expected):
                    root = try champ.remove(root: root, key: mapKey, expected: expected)
                }
            }
            return root
        }
        return data.with(tree: root)
    }
}
