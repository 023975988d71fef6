import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosStorage

/// The writer keys a WriterData proves its writer owns, as upstream's
/// `DeletableContentAddressedStorage.getDirectOwnedKeys` reads them: every `OwnerProof` in the
/// `owned` CHAMP (values link to proof blocks) and in the `named` map whose signature, by the
/// owned key, names the writer. A proof that is missing, malformed or signed for another writer
/// proves nothing and is skipped, as upstream skips it; nothing here traps on hostile blocks.
///
/// The server registers these keys as the writer's user's when the pointer update publishing the
/// WriterData is accepted (upstream `SpaceCheckingKeyFilter.prepareMutablePointerChange`), which
/// is why upstream's client first commits the parent's WriterData naming a new key, then writes
/// blocks signed by that key.
enum OwnedWriters {
    /// At most this many CHAMP nodes are read per WriterData (a bound on one request's work).
    static let maxNodes = 100_000

    /// The keys `data` (published by `writer`) proves owned, each once, in first-seen order
    /// (`named` by name, then the `owned` CHAMP). Registering them again is harmless, so every
    /// accepted update is read in full (a WriterData without `owned` or `named` costs nothing).
    static func direct(writer: PublicKeyHash, data: WriterData, store: BlockStore) -> [PublicKeyHash] {
        var proofs: [OwnerProof] = data.namedOwnedKeys.keys.sorted().compactMap { data.namedOwnedKeys[$0] }
        if let root = data.ownedKeys { proofs += proofLinks(root: root, store: store).compactMap { proof($0, store: store) } }
        var seen: Set<PublicKeyHash> = []
        return proofs.compactMap { p in
            guard let key = try? StorageRoutes.signingKey(p.owned), (try? p.owner(verifiedWith: key)) == writer,
                  seen.insert(p.owned).inserted else { return nil }
            return p.owned
        }
    }

    /// Every value link of the CHAMP at `root`, reading at most ``maxNodes`` nodes; unreadable
    /// nodes are skipped.
    static func proofLinks(root: Cid, store: BlockStore) -> [Cid] {
        var links: [Cid] = []
        var stack = [root]
        var seen: Set<Cid> = []
        while let cid = stack.popLast(), seen.count < maxNodes {
            guard seen.insert(cid).inserted, let bytes = try? store.get(cid), let node = try? ChampNode(bytes: bytes) else { continue }
            for payload in node.contents {
                switch payload {
                case .bucket(let mappings): links += mappings.compactMap(\.value)
                case .child(let child): stack.append(child)
                }
            }
        }
        return links
    }

    static func proof(_ cid: Cid, store: BlockStore) -> OwnerProof? {
        guard let bytes = try? store.get(cid) else { return nil }
        return try? OwnerProof(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks))
    }
}
