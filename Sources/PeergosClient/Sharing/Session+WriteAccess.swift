import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

extension PeergosSession {
    /// Upstream's file of writable capabilities shared with a follower, beside `sharing.r`.
    static let writeSharingFile = "sharing.w"

    /// Shares the file or folder at `path` with the follower `them` for writing (upstream
    /// `shareWriteAccessWith`): the item first moves to a signing key of its own (see
    /// ``giveOwnWriter(_:)``), then its writable capability is appended to
    /// `/<me>/shared/<them>/sharing.w`. The follower can then change the item (and, for a folder,
    /// everything in it) by signing with that key, which the capability opens.
    ///
    /// - Throws: ``PeergosClientError/notFound(_:)`` naming `/<me>/shared/<them>` when `them` does
    ///   not follow us, or naming `path`; ``PeergosClientError/unsupported(_:)`` for a home folder
    ///   or a path outside our tree.
    public func shareWriteAccess(_ path: String, with them: String) async throws {
        let p = try await sharablePath(path, with: them)
        let cap = try await giveOwnWriter(p)
        let file = PeergosPath(owner: username, names: [Self.sharedFolderName, them, Self.writeSharingFile])
        let existing = try await readIfPresent(file) ?? []
        guard !(try Self.parseCapabilities(existing)).contains(cap) else { return }
        try await writeSmallFile(file, existing + cap.serialize())
    }

    /// Moves the item at `p` to a signing key of its own, as upstream does before sharing it for
    /// writing (`rotateAllKeys` with new signers), and answers its new writable capability. An
    /// item that already has its own writer is left as it is. Three commits, each leaving the
    /// tree whole: (1) the folder's writer proves it owns the new key (an `OwnerProof` in its
    /// owned-keys CHAMP, so the server accepts the key's writes); (2) the new writer publishes the
    /// item's subtree re-created with fresh keys, map keys and BATs, its first node carrying the
    /// new key in its `w` link; (3) the folder's link names the new writer and location, and the
    /// old nodes leave the folder writer's tree.
    ///
    /// Upstream also puts a "link node" in the folder's writer between the folder and the item;
    /// we link the item directly (upstream's reader follows either).
    public func giveOwnWriter(_ p: PeergosPath) async throws -> AbsoluteCapability {
        guard let parentPath = p.parent else { throw PeergosClientError.unsupported("giving a home folder a writer of its own") }
        let (parent, _) = try await writableFolder(parentPath)
        guard let link = try await client.children(parent).first(where: { $0.name == p.name }) else { throw PeergosClientError.notFound(p.description) }
        let oldCap = try link.capability.absolute(from: parent.capability)
        if oldCap.writer != parent.capability.writer {
            guard oldCap.isWritable else { throw PeergosClientError.notWritable(p.description) }
            return oldCap
        }
        let (newCap, moved) = try await moveToNewWriter(p)
        // Followers who could read the item (or something in it) get its new capabilities.
        try await reshare(moved: moved, except: nil)
        return newCap
    }

    /// Moves the item at `p` (in its folder's writer, or in a writer of its own) to a new signing
    /// key with fresh keys, map keys and BATs throughout, in three commits each leaving the tree
    /// whole (see ``giveOwnWriter(_:)``). When the item had a writer of its own, that writer is
    /// retired afterwards: its pointer is emptied and the folder's writer no longer owns it
    /// (upstream `removeSigningKey`), so whoever held its capability can neither read the new
    /// version nor write anything. Answers the new capability and every old map key's new one.
    func moveToNewWriter(_ p: PeergosPath) async throws -> (AbsoluteCapability, [[UInt8]: AbsoluteCapability]) {
        guard let parentPath = p.parent else { throw PeergosClientError.unsupported("moving a home folder to a new writer") }
        let (parent, parentSigner) = try await writableFolder(parentPath)
        guard let link = try await client.children(parent).first(where: { $0.name == p.name }) else { throw PeergosClientError.notFound(p.description) }
        let oldCap = try link.capability.absolute(from: parent.capability)
        guard let item = try await client.node(oldCap, inherited: parent.signer) else { throw PeergosClientError.notFound(p.description) }
        let oldOwnWriter = oldCap.writer != parent.capability.writer ? item.signer : nil
        if oldCap.writer != parent.capability.writer && oldOwnWriter == nil { throw PeergosClientError.notWritable(p.description) }
        let owner = parent.capability.owner
        let signer = try SigningKeyPair.random(using: random)
        let writer = signer.publicKey.publicKeyHash

        // (1) The folder's writer owns the new key.
        try await retryingCompareAndSwap { try await addOwnedKey(signer, by: parentSigner, owner: owner) }

        // (2) The new writer's tree: the subtree under fresh keys, the first node naming the signer.
        let newCap = try AbsoluteCapability(owner: owner, writer: writer, mapKey: random.bytes(32), bat: Bat.random(using: random),
                                            readBaseKey: SymmetricKey.random(using: random), writeBaseKey: SymmetricKey.random(using: random))
        let back = try RelativeCapability(writer: parent.capability.writer, mapKey: parent.capability.mapKey, bat: parent.capability.bat,
                                          readBaseKey: parent.parentKey)
        var edit = TreeEdit()
        var moved: [[UInt8]: AbsoluteCapability] = [:]
        try await rotate(item, to: newCap, back: back, mirror: mirror(for: parent), rootSigner: signer, purpose: "moving to a new writer",
                         edit: &edit, moved: &moved)
        let staged = StagedBlocks(base: blocks)
        let empty = try Champ(hasher: .identity, store: staged).createEmpty()
        let start = WriterSnapshot(owner: owner, writer: writer, pointer: nil, dataCid: nil, data: WriterData(controller: writer, ownedKeys: empty))
        let after = try await blocks.apply(edit, to: start, staged: staged)
        try await client.committer.commit(owner: owner, [WriterChange(signer: signer, before: start, after: after, staged: staged)])

        // (3) The folder links the item in its new writer; the old nodes leave the folder's writer.
        try await retryingCompareAndSwap {
            let (parent, parentSigner) = try await writableFolder(parentPath)
            var kids = try await client.children(parent)
            guard let index = kids.firstIndex(where: { $0.name == p.name }) else { throw PeergosClientError.notFound(p.description) }
            let current = try kids[index].capability.absolute(from: parent.capability)
            var edit = TreeEdit()
            if current.mapKey == oldCap.mapKey, current.writer == parent.capability.writer, let old = try await client.node(current, inherited: parent.signer) {
                for (mapKey, cid) in try await subtree(old) { edit.remove(mapKey, expected: cid) }
            }
            guard let parentWrite = parent.capability.writeBaseKey, let itemWrite = newCap.writeBaseKey else { throw PeergosClientError.notWritable(p.description) }
            let relative = try RelativeCapability(writer: writer, mapKey: newCap.mapKey, bat: newCap.bat, readBaseKey: newCap.readBaseKey,
                                                  writeLink: CipherText.build(key: parentWrite, plaintext: itemWrite.toCbor(), random: random))
            kids[index] = NamedRelativeCapability(name: p.name, capability: relative, isDirectory: item.isDirectory, mimeType: kids[index].mimeType,
                                                  created: kids[index].created)
            try await setChildren(parent, kids, in: &edit)
            try await commit(edit, signer: parentSigner, owner: owner)
        }

        // A writer of its own that the item leaves: emptied, and no longer owned by the folder's writer.
        if let old = oldOwnWriter {
            try await emptyPointer(old)
            try await retryingCompareAndSwap { try await removeOwnedKey(old.publicKey.publicKeyHash, by: parentSigner, owner: owner) }
        }
        return (newCap, moved)
    }

    /// Adds `owned` to the owned-keys CHAMP of `ownerSigner`'s writer (an `OwnerProof`: the owned
    /// key's signature over the owner's key hash, under the reversed key hash of the owned key).
    func addOwnedKey(_ owned: SigningKeyPair, by ownerSigner: SigningKeyPair, owner: PublicKeyHash) async throws {
        let writer = ownerSigner.publicKey.publicKeyHash
        let snapshot = try await WriterSnapshot.read(owner: owner, writer: writer, blocks: blocks)
        guard let data = snapshot.data else { throw PeergosClientError.notWritable("writer \(writer) has no published data") }
        let staged = StagedBlocks(base: blocks)
        let proof = OwnerProof.build(owned: owned, owner: writer).serialize()
        let root = try await blocks.resolving(owner: owner, overlay: staged) { store in
            let champ = Champ(hasher: .identity, store: store)
            let value = try store.put(proof, codec: .dagCbor)
            return try champ.put(root: try data.ownedKeys ?? champ.createEmpty(), key: Array(owned.publicKey.publicKeyHash.serialize().reversed()),
                                 value: value, expected: nil)
        }
        try await client.committer.commit(owner: owner, [WriterChange(signer: ownerSigner, before: snapshot, after: data.with(ownedKeys: root), staged: staged)])
    }

    /// Removes `owned` from the owned-keys CHAMP of `ownerSigner`'s writer.
    func removeOwnedKey(_ owned: PublicKeyHash, by ownerSigner: SigningKeyPair, owner: PublicKeyHash) async throws {
        let writer = ownerSigner.publicKey.publicKeyHash
        let snapshot = try await WriterSnapshot.read(owner: owner, writer: writer, blocks: blocks)
        guard let data = snapshot.data, let root = data.ownedKeys else { return }
        let staged = StagedBlocks(base: blocks)
        let key = Array(owned.serialize().reversed())
        let newRoot = try await blocks.resolving(owner: owner, overlay: staged) { store -> Cid? in
            let champ = Champ(hasher: .identity, store: store)
            guard let current = try champ.get(root: root, key: key) else { return nil }
            return try champ.remove(root: root, key: key, expected: current)
        }
        guard let newRoot else { return }
        try await client.committer.commit(owner: owner, [WriterChange(signer: ownerSigner, before: snapshot, after: data.with(ownedKeys: newRoot), staged: staged)])
    }
}
