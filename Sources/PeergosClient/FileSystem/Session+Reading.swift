import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage

extension PeergosClient {
    /// The node a capability names, opened; nil when the writer's tree has nothing at its map key.
    func node(_ cap: AbsoluteCapability, inherited: SigningKeyPair? = nil) async throws -> TreeNode? {
        let snapshot = try await WriterSnapshot.read(owner: cap.owner, writer: cap.writer, blocks: blocks)
        return try await node(cap, in: snapshot, inherited: inherited)
    }

    func node(_ cap: AbsoluteCapability, in snapshot: WriterSnapshot, inherited: SigningKeyPair?) async throws -> TreeNode? {
        guard let tree = snapshot.data?.tree else { return nil }
        guard let cid = try await blocks.lookup(owner: cap.owner, root: tree, keys: [(cap.mapKey, cap.bat)])[0] else { return nil }
        let bytes = try await blocks.require(owner: cap.owner, cid, bat: try cap.bat.map(NetworkBlocks.batWithCalculatedId))
        do {
            let node = try CryptreeNode(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks))
            return try TreeNode(capability: cap, cid: cid, node: node, inheritedSigner: inherited)
        } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "node \(cid) does not open with its capability: \(error)")
        }
    }

    /// Decrypts a node's data (children or a chunk) with `key`, fetching its fragments verified.
    func openData(_ node: CryptreeNode, key: SymmetricKey, owner: PublicKeyHash) async throws -> CborObject {
        // Fragments fetched for this one decryption, up to `fragmentsInFlight` at once, each
        // verified against its CID by `blocks` (NetworkBlocks hashes every block it answers).
        let data = node.data, blocks = blocks
        let fetched = try await withThrowingTaskGroup(of: (Cid, [UInt8]).self) { fetching in
            var fetched: [Cid: [UInt8]] = [:]
            for (i, cid) in data.fragments.enumerated() {
                if i >= Self.fragmentsInFlight, let (done, bytes) = try await fetching.next() { fetched[done] = bytes }
                let bat = i < data.bats.count ? data.bats[i] : nil
                fetching.addTask { (cid, try await blocks.require(owner: owner, cid, bat: bat)) }
            }
            while let (done, bytes) = try await fetching.next() { fetched[done] = bytes }
            return fetched
        }
        return try data.decrypt(key: key, store: VerifiedFragments(fetched))
    }

    /// Fragment requests one decryption keeps in flight (a 5 MiB file chunk has five 1 MiB
    /// fragments). Measured (peergos-bench download, 64 MiB, embedded server, 2-core EPYC, same
    /// session): 1, 2, 4 and 6 at once downloaded at 255, 319, 363 and 354 MB/s.
    static let fragmentsInFlight = 4

    /// A folder's child links, from its first node and then its later nodes (upstream keeps at
    /// most 500 links a node, `MAX_CHILD_LINKS_PER_BLOB`, and chains more through `FromBase.n`).
    func children(_ dir: TreeNode) async throws -> [NamedRelativeCapability] {
        guard dir.isDirectory else { throw PeergosClientError.notADirectory(dir.name) }
        var all = try await links(of: dir.node, key: dir.capability.readBaseKey, owner: dir.capability.owner)
        for later in try await laterFolderNodes(dir) { all += later.links }
        return all
    }

    func links(of node: CryptreeNode, key: SymmetricKey, owner: PublicKeyHash) async throws -> [NamedRelativeCapability] {
        try await openData(node, key: key, owner: owner).asList("children").map(NamedRelativeCapability.init(cbor:))
    }

    /// One of a folder's later nodes: where it is, what is there, and the links it holds.
    struct FolderNode {
        let capability: AbsoluteCapability
        let cid: Cid
        let node: TreeNode
        let links: [NamedRelativeCapability]
    }

    /// The folder's nodes after the first, in chain order (each at the previous one's next-chunk
    /// location, read with the folder's read key), up to the first location holding nothing.
    func laterFolderNodes(_ dir: TreeNode) async throws -> [FolderNode] {
        var out: [FolderNode] = []
        var next = try dir.fromBase.nextChunk.absolute(from: dir.capability)
        for _ in 0..<100_000 {
            guard let more = try await node(next) else { break }
            out.append(FolderNode(capability: next, cid: more.cid, node: more, links: try await links(of: more.node, key: next.readBaseKey, owner: next.owner)))
            next = try more.fromBase.nextChunk.absolute(from: next)
        }
        return out
    }
}

extension PeergosSession {
    /// The folder a path's owner component names: our home, or a root someone shared with us.
    func root(of owner: String) async throws -> TreeNode {
        if owner == username {
            guard let home = try await client.node(home) else { throw PeergosClientError.notFound("/\(owner)") }
            return home
        }
        for entry in try await receivedEntries() where entry.ownerName == owner {
            // A shared entry names a folder or file inside the owner's tree; its own path is the key.
            if let node = try await client.node(entry.capability) { return node }
        }
        throw PeergosClientError.notFound("/\(owner)")
    }

    /// Resolves a path to its node, walking down from the owner's root through child links.
    public func resolve(_ path: PeergosPath) async throws -> TreeNode {
        // Another user's path: through what they shared with us (the shared item whose own path
        // is the longest prefix, then down from it).
        if path.owner != username { return try await openShared(path.description) }
        var current = try await root(of: path.owner)
        var walked = PeergosPath(owner: path.owner, names: [])
        for name in path.names {
            walked = PeergosPath(owner: path.owner, names: walked.names + [name])
            guard current.isDirectory else { throw PeergosClientError.notADirectory(walked.parent?.description ?? "/") }
            guard let link = try await client.children(current).first(where: { $0.name == name }) else {
                throw PeergosClientError.notFound(walked.description)
            }
            let cap = try link.capability.absolute(from: current.capability)
            guard let next = try await client.node(cap, inherited: current.signer) else { throw PeergosClientError.notFound(walked.description) }
            current = next
        }
        return current
    }

    public func resolve(_ path: String) async throws -> TreeNode { try await resolve(try PeergosPath(path)) }

    /// The entries of a folder: name, kind, size, modified time (read from each child's metadata).
    public func list(_ path: String) async throws -> [DirectoryEntry] {
        let dir = try await resolve(path)
        guard dir.isDirectory else {
            return [DirectoryEntry(name: dir.name, isDirectory: false, size: dir.properties.size, modified: dir.properties.modifiedSeconds,
                                   mimeType: dir.properties.mimeType)]
        }
        var out: [DirectoryEntry] = []
        for link in try await client.children(dir) {
            let cap = try link.capability.absolute(from: dir.capability)
            guard let child = try await client.node(cap) else { continue }
            let p = child.properties
            out.append(DirectoryEntry(name: p.name, isDirectory: child.isDirectory, size: p.size, modified: p.modifiedSeconds, mimeType: p.mimeType))
        }
        return out.sorted { $0.name < $1.name }
    }
}
