import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosLogin

extension PeergosSession {
    func commit(_ edit: TreeEdit, signer: SigningKeyPair, owner: PublicKeyHash, transaction: String? = nil) async throws {
        try await client.commit(edit, signer: signer, owner: owner, transaction: transaction)
    }

    /// The mirror BAT id to name in nodes written under `parent`.
    func mirror(for parent: TreeNode) -> Cid? { parent.mirrorBat ?? mirrorBat?.id }

    /// Adds to `edit` the folder `dir` holding exactly `children` (see the client's `setChildren`).
    func setChildren(_ dir: TreeNode, _ children: [NamedRelativeCapability], in edit: inout TreeEdit) async throws {
        try await client.setChildren(dir, children, mirror: mirror(for: dir), in: &edit)
    }

    func writableFolder(_ path: PeergosPath) async throws -> (TreeNode, SigningKeyPair) {
        let dir = try await resolve(path)
        guard dir.isDirectory else { throw PeergosClientError.notADirectory(path.description) }
        guard let signer = dir.signer else { throw PeergosClientError.notWritable(path.description) }
        return (dir, signer)
    }

    /// Creates the folder `path` (its parent must exist).
    public func mkdir(_ path: String) async throws {
        let p = try PeergosPath(path)
        guard let parentPath = p.parent else { throw PeergosClientError.alreadyExists(path) }
        try await client.mkdir(p.name, at: p, fallbackMirror: mirrorBat?.id) { try await self.writableFolder(parentPath) }
    }

    func subtree(_ node: TreeNode) async throws -> [(mapKey: [UInt8], cid: Cid)] { try await client.subtree(node) }

    func laterChunks(_ file: TreeNode) async throws -> [(mapKey: [UInt8], bat: Bat?, cid: Cid)] { try await client.laterChunks(file) }

    /// Removes a file or folder (and everything in it).
    public func remove(_ path: String) async throws {
        let p = try PeergosPath(path)
        guard let parentPath = p.parent else { throw PeergosClientError.invalidPath("\(path) (a home folder cannot be removed)") }
        try await retryingCompareAndSwap {
            let (parent, signer) = try await writableFolder(parentPath)
            var kids = try await client.children(parent)
            guard let index = kids.firstIndex(where: { $0.name == p.name }) else { throw PeergosClientError.notFound(p.description) }
            let cap = try kids[index].capability.absolute(from: parent.capability)
            kids.remove(at: index)
            var edit = TreeEdit()
            try await setChildren(parent, kids, in: &edit)
            if cap.writer == parent.capability.writer, let child = try await client.node(cap, inherited: parent.signer) {
                for (mapKey, cid) in try await subtree(child) { edit.remove(mapKey, expected: cid) }
            }
            try await commit(edit, signer: signer, owner: parent.capability.owner)
        }
    }

    /// Moves or renames `source` to `destination`. If `destination` is an existing folder, the
    /// item moves into it under its own name. Both must be in the same writer's tree.
    public func move(_ source: String, to destination: String) async throws {
        let src = try PeergosPath(source)
        guard let srcParentPath = src.parent else { throw PeergosClientError.invalidPath("\(source) (a home folder cannot be moved)") }
        try await retryingCompareAndSwap {
            var dst = try PeergosPath(destination)
            if let existing = try? await resolve(dst), existing.isDirectory { dst = PeergosPath(owner: dst.owner, names: dst.names + [src.name]) }
            // Upstream: "You cannot move a folder to a descendant folder" (nor onto itself).
            guard !(dst.owner == src.owner && dst.names.starts(with: src.names)) else {
                throw PeergosClientError.invalidPath("\(destination): cannot move \(source) into itself or a folder inside it")
            }
            guard let dstParentPath = dst.parent else { throw PeergosClientError.invalidPath(destination) }
            let (srcParent, signer) = try await writableFolder(srcParentPath)
            var srcKids = try await client.children(srcParent)
            guard let index = srcKids.firstIndex(where: { $0.name == src.name }) else { throw PeergosClientError.notFound(src.description) }
            let link = srcKids[index]
            let cap = try link.capability.absolute(from: srcParent.capability)
            guard let child = try await client.node(cap, inherited: srcParent.signer) else { throw PeergosClientError.notFound(src.description) }
            let sameParent = dstParentPath == srcParentPath
            let (dstParent, dstSigner) = sameParent ? (srcParent, signer) : try await writableFolder(dstParentPath)
            guard dstSigner.publicKey == signer.publicKey, dstParent.capability.owner == srcParent.capability.owner, cap.writer == srcParent.capability.writer else {
                throw PeergosClientError.unsupported("moving between different writers' trees")
            }
            var dstKids = sameParent ? srcKids : try await client.children(dstParent)
            guard !dstKids.contains(where: { $0.name == dst.name }) else { throw PeergosClientError.alreadyExists(dst.description) }

            // The item's metadata: new name and the back-link to its new folder (every chunk of a file).
            let back = try dstParent.backLink()
            let p = child.properties
            let renamed = try FileProperties(name: dst.name, isDirectory: p.isDirectory, isLink: p.isLink, mimeType: p.mimeType, size: p.size,
                                             modifiedSeconds: p.modifiedSeconds, modifiedNanos: p.modifiedNanos, createdSeconds: p.createdSeconds,
                                             createdNanos: p.createdNanos, isHidden: p.isHidden, thumbnail: p.thumbnail, streamSecret: p.streamSecret,
                                             treeHash: p.treeHash)
            let meta = CryptreeNode.FromParent(parent: back, properties: renamed)
            var edit = TreeEdit()
            edit.put(cap.mapKey, node: child.node.replacingParentBlock(meta, parentKey: child.parentKey, random: random), expected: child.cid)
            if !child.isDirectory {
                for chunk in try await laterChunks(child) {
                    let chunkCap = try AbsoluteCapability(owner: cap.owner, writer: cap.writer, mapKey: chunk.mapKey, bat: chunk.bat, readBaseKey: cap.readBaseKey)
                    guard let node = try await client.node(chunkCap) else { continue }
                    edit.put(chunk.mapKey, node: node.node.replacingParentBlock(meta, parentKey: child.parentKey, random: random), expected: chunk.cid)
                }
            }
            let newLink = try NamedRelativeCapability(name: dst.name, capability: FolderFactory.relativeLink(to: cap, from: dstParent.capability.writeBaseKey, random: random),
                                                      isDirectory: child.isDirectory, mimeType: link.mimeType ?? p.mimeType, created: link.created ?? p.createdSeconds)
            if sameParent {
                srcKids[index] = newLink
                try await setChildren(srcParent, srcKids, in: &edit)
            } else {
                srcKids.remove(at: index)
                dstKids.append(newLink)
                try await setChildren(srcParent, srcKids, in: &edit)
                try await setChildren(dstParent, dstKids, in: &edit)
            }
            try await commit(edit, signer: signer, owner: srcParent.capability.owner)
        }
    }
}

/// Loads (again, on every attempt) a folder to write in, with the key that signs its writer's changes.
typealias FolderLoader = () async throws -> (TreeNode, SigningKeyPair)

extension PeergosClient {
    /// Applies a tree edit for `signer`'s writer in `owner`'s space and commits it. A lost race
    /// inside the CHAMP (a node changed since it was read) is reported as a compare-and-swap
    /// failure, so ``retryingCompareAndSwap(attempts:_:)`` re-reads and tries again.
    func commit(_ edit: TreeEdit, signer: SigningKeyPair, owner: PublicKeyHash, transaction: String? = nil) async throws {
        let snapshot = try await WriterSnapshot.read(owner: owner, writer: signer.publicKey.publicKeyHash, blocks: blocks)
        let staged = StagedBlocks(base: blocks)
        let after: PeergosLogin.WriterData
        do { after = try await blocks.apply(edit, to: snapshot, staged: staged) } catch ChampError.casMismatch {
            throw PeergosClientError.casFailure("a node changed since it was read")
        }
        try await committer.commit(owner: owner, [WriterChange(signer: signer, before: snapshot, after: after, staged: staged)],
                                          transaction: transaction)
    }

    /// Upstream's `CryptreeNode.MAX_CHILD_LINKS_PER_BLOB`.
    static let maxLinksPerNode = 500
    /// `LocalDateTime.MIN` in UTC epoch seconds: the times of upstream's `FileProperties.EMPTY`.
    static let localDateTimeMin: Int64 = -31_557_014_135_596_800

    /// `dir` with its children replaced (base and metadata blocks unchanged, data re-encrypted).
    func rewritten(_ dir: TreeNode, children: [NamedRelativeCapability], mirror: Cid?) throws -> (node: CryptreeNode, blocks: [[UInt8]]) {
        let (data, blocks) = try FragmentedPaddedCipherText.build(key: dir.capability.readBaseKey, plaintext: .list(children.map { $0.toCbor() }),
                                                                  random: random, mirrorBat: mirror)
        return (dir.node.replacingData(data), blocks)
    }

    /// Adds to `edit` the folder `dir` holding exactly `children`, 500 links a node as upstream
    /// lays them out: the first node, then later nodes chained by next-chunk locations (each
    /// created, rewritten, or removed as the count needs; unchanged nodes are left alone). A
    /// later node is upstream's overflow node: the folder's read and parent keys and parent link,
    /// `FileProperties.EMPTY` (`.subsequent-dir-chunk`), no writer link.
    func setChildren(_ dir: TreeNode, _ children: [NamedRelativeCapability], mirror: Cid?, in edit: inout TreeEdit) async throws {
        let later = try await laterFolderNodes(dir)
        let groups = stride(from: 0, to: max(children.count, 1), by: Self.maxLinksPerNode).map {
            Array(children[$0..<min($0 + Self.maxLinksPerNode, children.count)])
        }
        edit.put(dir.capability.mapKey, try rewritten(dir, children: groups[0], mirror: mirror), expected: dir.cid)
        var previous = dir
        for (i, group) in groups.enumerated().dropFirst() {
            if i - 1 < later.count {
                let existing = later[i - 1]
                if existing.links != group {
                    edit.put(existing.capability.mapKey, try rewritten(existing.node, children: group, mirror: mirror), expected: existing.cid)
                }
                previous = existing.node
            } else {
                let at = try previous.fromBase.nextChunk.absolute(from: previous.capability)
                let next = try RelativeCapability(writer: nil, mapKey: random.bytes(32), bat: Bat.random(using: random), readBaseKey: dir.capability.readBaseKey)
                let empty = try FileProperties(name: ".subsequent-dir-chunk", isDirectory: true, mimeType: "", size: 0,
                                               modifiedSeconds: Self.localDateTimeMin, createdSeconds: Self.localDateTimeMin)
                let made = try CryptreeNode.directory(readBaseKey: dir.capability.readBaseKey, parentKey: dir.parentKey, properties: empty,
                                                      parent: dir.fromParent.parent, nextChunk: next, children: group.map { $0.toCbor() },
                                                      inlineBat: at.bat, mirrorBat: mirror, random: random)
                edit.put(at.mapKey, made, expected: nil)
                // Later groups chain from this new node's next-chunk location.
                previous = try TreeNode(capability: at, cid: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(made.node.serialize())),
                                        node: made.node, inheritedSigner: nil)
            }
        }
        for extra in later.dropFirst(groups.count - 1) { edit.remove(extra.capability.mapKey, expected: extra.cid) }
    }

    /// Creates the folder `name` in the folder `load` gives (re-read on a lost race); `path` names it in errors.
    func mkdir(_ name: String, at path: PeergosPath, fallbackMirror: Cid?, in load: FolderLoader) async throws {
        try await retryingCompareAndSwap {
            let (parent, signer) = try await load()
            var kids = try await children(parent)
            guard !kids.contains(where: { $0.name == name }) else { throw PeergosClientError.alreadyExists(path.description) }
            let mirror = parent.mirrorBat ?? fallbackMirror
            let made = try FolderFactory.newFolder(name: name, in: parent.capability, parentKey: parent.parentKey, hidden: false,
                                                   mirror: mirror, now: Date(), random: random)
            kids.append(made.link)
            var edit = TreeEdit()
            edit.put(made.capability.mapKey, made.node, expected: nil)
            try await setChildren(parent, kids, mirror: mirror, in: &edit)
            try await commit(edit, signer: signer, owner: parent.capability.owner)
        }
    }

    /// The map keys and CIDs of every node under `node` in its writer's tree: a file's chunks, a
    /// folder's next chunks and, recursively, its children in the same writer.
    func subtree(_ node: TreeNode) async throws -> [(mapKey: [UInt8], cid: Cid)] {
        var out: [(mapKey: [UInt8], cid: Cid)] = [(node.capability.mapKey, node.cid)]
        if node.isDirectory {
            for link in try await children(node) {
                let cap = try link.capability.absolute(from: node.capability)
                guard cap.writer == node.capability.writer, let child = try await self.node(cap, inherited: node.signer) else { continue }
                out += try await subtree(child)
            }
            var next = try node.fromBase.nextChunk.absolute(from: node.capability)
            while let more = try await self.node(next) {
                out.append((next.mapKey, more.cid))
                next = try more.fromBase.nextChunk.absolute(from: next)
            }
        } else {
            out += try await laterChunks(node).map { ($0.mapKey, $0.cid) }
        }
        return out
    }

    /// The second and later chunks of a file (location, CID), found by its stream secret.
    func laterChunks(_ file: TreeNode) async throws -> [(mapKey: [UInt8], bat: Bat?, cid: Cid)] {
        let count = Int((file.properties.size + Int64(ChunkChain.chunkSize) - 1) / Int64(ChunkChain.chunkSize))
        guard count > 1 else { return [] }
        let cap = file.capability
        var locations: [(mapKey: [UInt8], bat: Bat?)] = []
        for i in 1..<count {
            if let secret = file.properties.streamSecret {
                locations.append(try ChunkChain.location(index: i, streamSecret: secret, mapKey: cap.mapKey, bat: cap.bat))
            }
        }
        let snapshot = try await WriterSnapshot.read(owner: cap.owner, writer: cap.writer, blocks: blocks)
        guard let tree = snapshot.data?.tree else { return [] }
        let cids = try await blocks.lookup(owner: cap.owner, root: tree, keys: locations)
        return zip(locations, cids).compactMap { loc, cid in cid.map { (loc.mapKey, loc.bat, $0) } }
    }

}
