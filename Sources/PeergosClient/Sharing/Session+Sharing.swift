import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats

/// Something a friend shared with us to read.
public struct SharedItem: Sendable, Hashable, CustomStringConvertible {
    /// The friend who owns it.
    public let owner: String
    /// Its path in the owner's tree (`/<owner>/…/<name>`), found by walking its parent links.
    public let path: PeergosPath
    public var name: String { path.name }
    /// The read-only capability the owner shared.
    public let capability: AbsoluteCapability
    public let isDirectory: Bool

    public var description: String { "SharedItem(\(path), directory: \(isDirectory))" }
}

extension PeergosClient {
    /// The metadata (`FromParent`: name, properties, parent link) of the node at `cap`, where
    /// `cap.readBaseKey` is the node's *parent key*, as a child's parent link carries it. Nil when
    /// the writer's tree has nothing at the map key.
    func metadata(_ cap: AbsoluteCapability) async throws -> CryptreeNode.FromParent? {
        let snapshot = try await WriterSnapshot.read(owner: cap.owner, writer: cap.writer, blocks: blocks)
        guard let tree = snapshot.data?.tree else { return nil }
        guard let cid = try await blocks.lookup(owner: cap.owner, root: tree, keys: [(cap.mapKey, cap.bat)])[0] else { return nil }
        let bytes = try await blocks.require(owner: cap.owner, cid, bat: try cap.bat.map(NetworkBlocks.batWithCalculatedId))
        do {
            return try CryptreeNode(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks)).readFromParent(cap.readBaseKey)
        } catch {
            throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "parent node \(cid) does not open with its parent key: \(error)")
        }
    }
}

extension PeergosSession {
    /// Parent links followed at most this many times (upstream's paths are at most 4096 bytes).
    static let maxPathDepth = 2048

    /// Shares the file or folder at `path` (in our own tree) with the follower `them` to read
    /// (upstream `shareReadAccessWith`): appends the CBOR of its read-only capability
    /// (`{o, w, m, a, k}`, no write key) to `/<me>/shared/<them>/sharing.r`. Sharing the same
    /// capability twice appends nothing.
    ///
    /// Invariant: `sharing.r` stays an append-only concatenation of CBOR capabilities.
    /// - Throws: ``PeergosClientError/notFound(_:)`` naming `/<me>/shared/<them>` when `them` does
    ///   not follow us (upstream: "Unknown recipient for sharing"), or naming `path` when it does
    ///   not exist; ``PeergosClientError/unsupported(_:)`` for a path outside our tree.
    public func share(_ path: String, with them: String) async throws {
        let p = try await sharablePath(path, with: them)
        let item = try await resolve(p)
        try await appendCapabilities([item.capability.readOnly], to: them)
    }

    /// `path` as an item of our own tree that can be shared with `them`, who must follow us.
    func sharablePath(_ path: String, with them: String) async throws -> PeergosPath {
        let p = try PeergosPath(path)
        try Self.checkUsername(them)
        guard p.owner == username else { throw PeergosClientError.unsupported("sharing \(path): only items in our own tree can be shared") }
        let folderPath = sharingFolderPath(for: them)
        guard let folder = try await resolveIfPresent(folderPath), folder.isDirectory else { throw PeergosClientError.notFound(folderPath.description) }
        return p
    }

    /// The followers whose `sharing.r` or `sharing.w` lists the current capability of the item at `path` in our
    /// tree (upstream keeps this in `.capabilitycache/outbound`; here it is read from the sharing
    /// files themselves). Sorted.
    /// - Throws: ``PeergosClientError/notFound(_:)`` for a missing path.
    public func sharedWith(_ path: String) async throws -> [String] {
        let cap = try await resolve(path).capability
        var out: [String] = []
        for name in try await sharingFolderNames() where try await allCapabilitiesShared(with: name).contains(where: {
            $0.mapKey == cap.mapKey && $0.writer == cap.writer && $0.owner == cap.owner
        }) {
            out.append(name)
        }
        return out.sorted()
    }

    /// The items our friends shared with us to read (upstream `buildFileTree`): for each entry
    /// point in `.from-friends.cborstream` (skipping users we unfollowed), the capabilities in
    /// `sharing.r` of the friend's folder for us. Capabilities that no longer open (revoked or
    /// deleted) are left out; each item appears once. Sorted by path.
    public func sharedWithMe() async throws -> [SharedItem] {
        let blocked = try await blocked()
        var seen = Set<[UInt8]>()
        var out: [SharedItem] = []
        for entry in try await receivedEntries() where entry.ownerName != username && !blocked.contains(entry.ownerName) {
            guard entry.capability.owner == (try await api.publicKey(username: entry.ownerName)) else { continue }
            // Writable capabilities (`sharing.w`) first, so an item shared both ways opens writable.
            let writable = try await readCapabilities(in: entry.capability, file: Self.writeSharingFile).filter(\.isWritable)
            for cap in try await writable + readCapabilities(in: entry.capability) {
                guard cap.owner == entry.capability.owner, !seen.contains(cap.mapKey), let node = try await client.node(cap) else { continue }
                seen.insert(cap.mapKey)
                out.append(SharedItem(owner: entry.ownerName, path: try await sharedPath(of: node, owner: entry.ownerName),
                                      capability: cap, isDirectory: node.isDirectory))
            }
        }
        return out.sorted { $0.path.description < $1.path.description }
    }

    /// The path of `node` in `owner`'s tree: its name, then each ancestor's, found by following
    /// parent links (a parent link carries the parent's location and parent key, which opens the
    /// parent's metadata: its name and its own parent link) up to the root folder, which has no
    /// parent link and whose name is the owner's.
    /// - Throws: ``PeergosClientError/notFound(_:)`` when an ancestor is missing;
    ///   ``PeergosClientError/malformedAnswer(route:reason:)`` for a chain longer than any path.
    public func sharedPath(of node: TreeNode, owner: String) async throws -> PeergosPath {
        guard var link = node.fromParent.parent else { return PeergosPath(owner: owner, names: []) }
        var names = [node.name]
        var at = node.capability
        for _ in 0..<Self.maxPathDepth {
            let parentCap = try link.absolute(from: at)
            guard let meta = try await client.metadata(parentCap) else {
                throw PeergosClientError.notFound("a parent folder of \(node.name) in \(owner)'s tree")
            }
            guard let next = meta.parent else { return PeergosPath(owner: owner, names: names.reversed()) }
            names.append(meta.properties.name)
            link = next
            at = parentCap
        }
        throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "parent links of \(node.name) deeper than \(Self.maxPathDepth)")
    }

    /// The node a capability names, for opening a shared item directly.
    /// - Throws: ``PeergosClientError/notFound(_:)`` when nothing is at its location any more
    ///   (for example after the owner revoked it).
    public func openShared(capability: AbsoluteCapability) async throws -> TreeNode {
        guard let node = try await client.node(capability) else { throw PeergosClientError.notFound("the shared item at \(capability)") }
        return node
    }

    /// Resolves a path inside something a friend shared with us, `/<friend>/<path in their tree>`:
    /// the shared item with the longest path that is a prefix of `path`, then down through
    /// child links.
    /// - Throws: ``PeergosClientError/notFound(_:)`` with `path` when nothing shared with us
    ///   contains it; ``PeergosClientError/notADirectory(_:)`` when a file is walked through.
    public func openShared(_ path: String) async throws -> TreeNode {
        let p = try PeergosPath(path)
        let items = try await sharedWithMe().filter { $0.owner == p.owner && p.names.starts(with: $0.path.names) }
        guard let item = items.max(by: { $0.path.names.count < $1.path.names.count }),
              var current = try await client.node(item.capability) else { throw PeergosClientError.notFound(p.description) }
        var walked = item.path
        for name in p.names.dropFirst(item.path.names.count) {
            guard current.isDirectory else { throw PeergosClientError.notADirectory(walked.description) }
            walked = PeergosPath(owner: p.owner, names: walked.names + [name])
            guard let link = try await client.children(current).first(where: { $0.name == name }),
                  let next = try await client.node(try link.capability.absolute(from: current.capability), inherited: current.signer) else {
                throw PeergosClientError.notFound(walked.description)
            }
            current = next
        }
        return current
    }

    /// The whole of a file a friend shared with us (or one inside a folder they shared).
    /// - Throws: as ``openShared(_:)``; ``PeergosClientError/isADirectory(_:)`` for a folder.
    public func readShared(_ path: String) async throws -> [UInt8] {
        let file = try await openShared(path)
        guard !file.isDirectory else { throw PeergosClientError.isADirectory(path) }
        var out: [UInt8] = []
        try await client.read(file, range: nil, progress: nil) { out += $0 }
        return out
    }

    /// The names in a folder a friend shared with us (or one inside it).
    public func listShared(_ path: String) async throws -> [String] {
        let dir = try await openShared(path)
        guard dir.isDirectory else { throw PeergosClientError.notADirectory(path) }
        return try await client.children(dir).map(\.name).sorted()
    }

    // MARK: capability files

    /// Parses a concatenation of CBOR capabilities (`sharing.r`).
    static func parseCapabilities(_ bytes: [UInt8]) throws -> [AbsoluteCapability] {
        var out: [AbsoluteCapability] = []
        var offset = 0
        while offset < bytes.count {
            do {
                let (item, used) = try CborObject.decodePrefix(Array(bytes[offset...]), options: .upstreamCompatibleWithTextLinks)
                out.append(try AbsoluteCapability(cbor: item))
                offset += used
            } catch {
                throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "\(readSharingFile) at byte \(offset): \(error)")
            }
        }
        return out
    }

    /// The capabilities in `sharing.r` (or `file`) of the folder `folderCap` names (empty when it has none).
    func readCapabilities(in folderCap: AbsoluteCapability, file: String = readSharingFile) async throws -> [AbsoluteCapability] {
        guard let folder = try await client.node(folderCap), folder.isDirectory,
              let link = try await client.children(folder).first(where: { $0.name == file }),
              let file = try await client.node(try link.capability.absolute(from: folderCap)) else { return [] }
        var bytes: [UInt8] = []
        try await client.read(file, range: nil, progress: nil) { bytes += $0 }
        return try Self.parseCapabilities(bytes)
    }

    /// The capabilities in our `/<me>/shared/<them>/sharing.r` (or `file`: `sharing.w`).
    func capabilitiesShared(with them: String, file: String = readSharingFile) async throws -> [AbsoluteCapability] {
        let path = PeergosPath(owner: username, names: [Self.sharedFolderName, them, file])
        return try Self.parseCapabilities(try await readIfPresent(path) ?? [])
    }

    /// Everything we shared with `them`: `sharing.w` (writable), then `sharing.r`.
    func allCapabilitiesShared(with them: String) async throws -> [AbsoluteCapability] {
        try await capabilitiesShared(with: them, file: Self.writeSharingFile) + capabilitiesShared(with: them)
    }

    /// Appends the capabilities not already listed to `/<me>/shared/<them>/sharing.r` (or `file`).
    func appendCapabilities(_ caps: [AbsoluteCapability], to them: String, file: String = readSharingFile) async throws {
        let path = PeergosPath(owner: username, names: [Self.sharedFolderName, them, file])
        let existing = try await readIfPresent(path) ?? []
        let listed = try Self.parseCapabilities(existing)
        var added: [UInt8] = []
        for cap in caps where !listed.contains(cap) { added += cap.serialize() }
        guard !added.isEmpty else { return }
        try await writeSmallFile(path, existing + added)
    }

    /// The paths in our tree of the items still shared with `them` (live capabilities only).
    func pathsShared(with them: String) async throws -> [PeergosPath] {
        var out: [PeergosPath] = []
        for cap in try await allCapabilitiesShared(with: them) {
            guard let node = try await client.node(cap) else { continue }
            let path = try await sharedPath(of: node, owner: username)
            if !out.contains(path) { out.append(path) }
        }
        return out
    }
}
