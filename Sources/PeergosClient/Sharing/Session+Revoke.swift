import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats

extension PeergosSession {
    /// A folder with more child links than this is not rotated (upstream splits such folders over
    /// several nodes, `MAX_CHILD_LINKS_PER_BLOB`).
    static let maxRotatedChildren = 500

    /// Revokes `them`'s read access to the item at `path` in our tree (upstream
    /// `unShareReadAccessWith`).
    ///
    /// 1. Key rotation, in one commit of our tree: the item and everything under it in the same
    ///    writer get fresh read and write base keys, parent keys, map keys and BATs (files a fresh
    ///    stream secret, so new chunk locations); the parent's link is replaced; the old nodes
    ///    are removed from the CHAMP (each removal expects the node's current CID). As upstream,
    ///    a file's data key and data (ciphertext and fragments) are kept: only each chunk's base
    ///    and metadata blocks are encrypted again, so `them` can still decrypt the bytes they
    ///    could already read, but cannot find the item any more, nor read anything written
    ///    after.
    /// 2. Sharing files, append-only as upstream's: every other follower whose `sharing.r` lists
    ///    an old capability of the subtree gets the new one appended; `them` gets nothing (the
    ///    old capability left in their list opens nothing any more).
    ///
    /// Invariant: after success no node reachable with a capability held before the call is
    /// in our tree any more; every other follower can read the item with the new capability.
    /// If step 2 fails, the rotation stands and the remaining followers lose access until the
    /// call is repeated (a repeat rotates again and re-shares).
    /// - Throws: ``PeergosClientError/notFound(_:)`` for a missing path or when `them` does not
    ///   follow us (naming `/<me>/shared/<them>`); ``PeergosClientError/unsupported(_:)`` for a
    ///   home folder, an item (or a descendant) under another writer, a legacy file without a
    ///   stream secret, or a folder with more than 500 children.
    public func unshare(_ path: String, from them: String) async throws {
        let p = try PeergosPath(path)
        try Self.checkUsername(them)
        guard p.owner == username else { throw PeergosClientError.unsupported("revoking \(path): only items in our own tree") }
        guard let parentPath = p.parent else { throw PeergosClientError.unsupported("revoking access to a home folder") }
        let folderPath = sharingFolderPath(for: them)
        guard try await resolveIfPresent(folderPath) != nil else { throw PeergosClientError.notFound(folderPath.description) }

        // An item with a writer of its own (shared for writing): it moves to a new writer, so the
        // revoked user's signing key stops working too (upstream `unShareWriteAccessWith`).
        let (parentNow, _) = try await writableFolder(parentPath)
        if let link = try await client.children(parentNow).first(where: { $0.name == p.name }),
           try link.capability.absolute(from: parentNow.capability).writer != parentNow.capability.writer {
            let (_, moved) = try await moveToNewWriter(p)
            try await reshare(moved: moved, except: them)
            return
        }

        let moved = try await retryingCompareAndSwap { () -> [[UInt8]: AbsoluteCapability] in
            let (parent, signer) = try await writableFolder(parentPath)
            var kids = try await client.children(parent)
            guard let index = kids.firstIndex(where: { $0.name == p.name }) else { throw PeergosClientError.notFound(p.description) }
            let link = kids[index]
            let oldCap = try link.capability.absolute(from: parent.capability)
            guard oldCap.writer == parent.capability.writer else {
                throw PeergosClientError.unsupported("revoking \(path): it is under another writer (write-shared)")
            }
            guard let item = try await client.node(oldCap, inherited: parent.signer) else { throw PeergosClientError.notFound(p.description) }
            var edit = TreeEdit()
            var moved: [[UInt8]: AbsoluteCapability] = [:]
            let newCap = try freshCapability(like: oldCap)
            try await rotate(item, to: newCap, back: try parent.backLink(), mirror: mirror(for: parent), edit: &edit, moved: &moved)
            for (mapKey, cid) in try await subtree(item) { edit.remove(mapKey, expected: cid) }
            kids[index] = NamedRelativeCapability(name: link.name, capability: try FolderFactory.relativeLink(to: newCap, from: parent.capability.writeBaseKey, random: random),
                                                  isDirectory: link.isDirectory ?? item.isDirectory, mimeType: link.mimeType ?? item.properties.mimeType,
                                                  created: link.created ?? item.properties.createdSeconds)
            try await setChildren(parent, kids, in: &edit)
            try await commit(edit, signer: signer, owner: parent.capability.owner)
            return moved
        }

        // Re-share: the others get the new capabilities.
        try await reshare(moved: moved, except: them)
    }

    /// Appends, for every follower but `except` whose sharing files list a capability of an item
    /// that moved, the item's new capability: read-only to `sharing.r`, writable to `sharing.w`.
    /// Upstream's sharing files are append-only (a reader remembers how far it has read), so a
    /// revoked user's lists keep the old, now dead, capabilities and get nothing new.
    func reshare(moved: [[UInt8]: AbsoluteCapability], except: String?) async throws {
        func renewed(_ cap: AbsoluteCapability) -> AbsoluteCapability? {
            guard cap.owner == id, let new = moved[cap.mapKey] else { return nil }
            return cap.isWritable ? new : new.readOnly
        }
        for name in try await sharingFolderNames() where name != except {
            for file in [Self.readSharingFile, Self.writeSharingFile] {
                let listed = try await capabilitiesShared(with: name, file: file)
                let renewedCaps = listed.compactMap(renewed)
                guard !renewedCaps.isEmpty else { continue }
                try await appendCapabilities(renewedCaps, to: name, file: file)
            }
        }
    }

    /// A fresh writable capability at a random location in the same writer, with fresh keys.
    func freshCapability(like cap: AbsoluteCapability) throws -> AbsoluteCapability {
        try AbsoluteCapability(owner: cap.owner, writer: cap.writer, mapKey: random.bytes(32), bat: Bat.random(using: random),
                               readBaseKey: SymmetricKey.random(using: random), writeBaseKey: SymmetricKey.random(using: random))
    }

    /// Adds to `edit` the nodes of `node`'s subtree re-created under `newCap` (upstream
    /// `CryptreeNode.rotateAllKeys` with the same signer), and records each old map key's new
    /// capability in `moved`. `back` is the parent link the new first node carries.
    /// `rootSigner`, when given, becomes the new first node's own signer (its `w` link, under the
    /// new write base key), as when an item moves to a writer of its own.
    /// `purpose` starts the text of a refusal ("revoking access to", "moving to its own writer").
    func rotate(_ node: TreeNode, to newCap: AbsoluteCapability, back: RelativeCapability, mirror: Cid?, rootSigner: SigningKeyPair? = nil,
                purpose: String = "revoking access to", edit: inout TreeEdit, moved: inout [[UInt8]: AbsoluteCapability]) async throws {
        let signerLink = try rootSigner.map { signer -> CipherText in
            guard let w = newCap.writeBaseKey else { throw PeergosClientError.notWritable(node.name) }
            return SignerLink.make(writeKey: w, signer: signer, random: random)
        }
        guard node.fromBase.signerLink == nil || rootSigner != nil else {
            throw PeergosClientError.unsupported("\(purpose) \(node.name): it has its own signing key")
        }
        moved[node.capability.mapKey] = newCap
        if node.isDirectory {
            let newParentKey = SymmetricKey.random(using: random)
            let childBack = try RelativeCapability(writer: nil, mapKey: newCap.mapKey, bat: newCap.bat, readBaseKey: newParentKey)
            let links = try await client.children(node)
            guard links.count <= Self.maxRotatedChildren else {
                throw PeergosClientError.unsupported("\(purpose) \(node.name): more than \(Self.maxRotatedChildren) children")
            }
            var newLinks: [NamedRelativeCapability] = []
            for link in links {
                let cap = try link.capability.absolute(from: node.capability)
                guard cap.writer == node.capability.writer else {
                    throw PeergosClientError.unsupported("\(purpose) \(node.name): \(link.name) is under another writer")
                }
                // A link to nothing is dropped (its write link could not be re-encrypted anyway).
                guard let child = try await client.node(cap, inherited: node.signer) else { continue }
                let childCap = try freshCapability(like: cap)
                try await rotate(child, to: childCap, back: childBack, mirror: child.mirrorBat ?? mirror, purpose: purpose, edit: &edit, moved: &moved)
                newLinks.append(NamedRelativeCapability(name: link.name, capability: try FolderFactory.relativeLink(to: childCap, from: newCap.writeBaseKey, random: random),
                                                        isDirectory: link.isDirectory, mimeType: link.mimeType, created: link.created))
            }
            let next = try RelativeCapability(writer: nil, mapKey: random.bytes(32), bat: Bat.random(using: random), readBaseKey: newCap.readBaseKey)
            let made = try CryptreeNode.directory(readBaseKey: newCap.readBaseKey, parentKey: newParentKey, signerLink: signerLink, properties: node.properties,
                                                  parent: back, nextChunk: next, children: newLinks.map { $0.toCbor() },
                                                  inlineBat: newCap.bat, mirrorBat: node.mirrorBat ?? mirror, random: random)
            edit.put(newCap.mapKey, made, expected: nil)
        } else {
            guard let oldSecret = node.properties.streamSecret else {
                throw PeergosClientError.unsupported("\(purpose) \(node.name): a legacy file without a stream secret")
            }
            let p = node.properties
            let newSecret = random.secretBytes(32)
            let props = try FileProperties(name: p.name, isDirectory: false, isLink: p.isLink, mimeType: p.mimeType, size: p.size,
                                           modifiedSeconds: p.modifiedSeconds, modifiedNanos: p.modifiedNanos, createdSeconds: p.createdSeconds,
                                           createdNanos: p.createdNanos, isHidden: p.isHidden, thumbnail: p.thumbnail, streamSecret: newSecret,
                                           treeHash: p.treeHash)
            let meta = CryptreeNode.FromParent(parent: back, properties: props)
            let count = max(1, Int((p.size + Int64(ChunkChain.chunkSize) - 1) / Int64(ChunkChain.chunkSize)))
            let old = node.capability
            var location = (mapKey: newCap.mapKey, bat: newCap.bat)
            for index in 0..<count {
                let chunk: TreeNode
                if index == 0 {
                    chunk = node
                } else {
                    let loc = try ChunkChain.location(index: index, streamSecret: oldSecret, mapKey: old.mapKey, bat: old.bat)
                    let chunkCap = try AbsoluteCapability(owner: old.owner, writer: old.writer, mapKey: loc.mapKey, bat: loc.bat, readBaseKey: old.readBaseKey)
                    guard let found = try await client.node(chunkCap) else { throw PeergosClientError.notFound("chunk \(index) of \(p.name)") }
                    chunk = found
                }
                let next = ChunkChain.next(streamSecret: newSecret, mapKey: location.mapKey, bat: location.bat)
                let nextCap = try RelativeCapability(writer: nil, mapKey: next.mapKey, bat: next.bat, readBaseKey: newCap.readBaseKey)
                let base = CryptreeNode.FromBase(key: chunk.fromBase.key, signerLink: index == 0 ? signerLink : nil, nextChunk: nextCap)
                let mirrorId = chunk.mirrorBat ?? mirror
                let rebuilt = CryptreeNode(
                    bats: (location.bat.map { [$0.inlineId] } ?? []) + (mirrorId.map { [$0] } ?? []),
                    fromBase: CipherText.build(key: newCap.readBaseKey, plaintext: base.toCbor(), paddingBlockSize: CryptreeNode.baseBlockPadding, random: random),
                    fromParent: CipherText.build(key: newCap.readBaseKey, plaintext: meta.toCbor(), paddingBlockSize: CryptreeNode.metadataPadding, random: random),
                    data: chunk.node.data)
                edit.put(location.mapKey, node: rebuilt, expected: nil)
                location = next
            }
        }
    }
}
