import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

/// A secret link as created: the link itself and the server origin it was made on.
public struct CreatedSecretLink: Sendable {
    public let link: SecretLink
    public let origin: String
    /// Upstream's form with the origin in front: `<origin>/secret/z<owner>/<label>#<password>`.
    /// It contains the link password by design.
    public var url: String { origin + "/" + link.link }
}

extension PeergosSession {
    /// Creates a secret link to the file or folder at `path`, as upstream's `createSecretLink`:
    /// the capability (read-only, or writable) encrypted under a key derived from the link
    /// password (plus `userPassword` when given), stored with its optional expiry and retrieval
    /// limit in a `SecretLinkTarget` block under the link's label in the identity's `links` CHAMP
    /// (whose root carries the mirror BAT).
    ///
    /// A writable link needs the item under a writer of its own: as upstream, the item is moved to
    /// one first (``giveOwnWriter(_:)``); a home folder cannot be linked writably.
    public func createSecretLink(_ path: String, writable: Bool = false, expiry: Date? = nil, maxRetrievals: Int? = nil,
                                 userPassword: String = "") async throws -> CreatedSecretLink {
        if let maxRetrievals, maxRetrievals < 1 { throw PeergosClientError.unsupported("a retrieval limit below 1") }
        let node = try await resolve(path)
        var cap = node.capability.readOnly
        if writable {
            // As upstream: the item first moves to a writer of its own (a link's holders sign with
            // that key), then the link carries its writable capability.
            guard node.capability.isWritable else { throw PeergosClientError.notWritable(path) }
            let p = try PeergosPath(path)
            guard p.owner == username, p.parent != nil else {
                throw PeergosClientError.unsupported("To generate a writable secret link, the target must already be in a different writing space!")
            }
            cap = try await giveOwnWriter(p)
        }
        let link = SecretLink.create(owner: id, random: random)
        let encrypted = try EncryptedCapability.create(cap, label: String(link.label), password: link.linkPassword + userPassword,
                                                       hasUserPassword: !userPassword.isEmpty, random: random)
        let target = SecretLinkTarget(capability: encrypted, expiry: expiry.map { Int64($0.timeIntervalSince1970) }, maxRetrievals: maxRetrievals.map(Int64.init))
        try await retryingCompareAndSwap {
            try await updateLinks { champ, root, store in
                let value = try store.put(target.serialize(), codec: .dagCbor)
                return try champ.put(root: root, key: link.champKey, value: value, expected: nil, mirrorBat: self.mirrorBat?.id)
            }
        }
        return CreatedSecretLink(link: link, origin: client.origin)
    }

    /// Deletes a secret link of ours (given as created, with or without the origin).
    public func deleteSecretLink(_ text: String) async throws {
        let link = try SecretLink(link: PeergosClient.linkPath(text))
        guard link.owner == id else { throw PeergosClientError.notWritable("a secret link of another user") }
        try await retryingCompareAndSwap {
            try await updateLinks { champ, root, _ in
                guard let current = try champ.get(root: root, key: link.champKey) else { throw PeergosClientError.notFound("secret link \(link.label)") }
                return try champ.remove(root: root, key: link.champKey, expected: current, mirrorBat: self.mirrorBat?.id)
            }
        }
    }

    /// Runs `change` on the identity's links CHAMP (created, with the mirror BAT, if absent) and
    /// commits the identity WriterData naming the new root.
    func updateLinks(_ change: @escaping (Champ, Cid, StagedBlocks) throws -> Cid) async throws {
        let snapshot = try await WriterSnapshot.read(owner: id, writer: id, blocks: blocks)
        guard let data = snapshot.data else { throw PeergosClientError.unknownUser(username) }
        let staged = StagedBlocks(base: blocks)
        let root: Cid
        do {
            root = try await blocks.resolving(owner: id, overlay: staged) { store in
                let champ = Champ(hasher: .identity, store: store)
                return try change(champ, try data.secretLinks ?? champ.createEmpty(mirrorBat: self.mirrorBat?.id), staged)
            }
        } catch ChampError.casMismatch {
            throw PeergosClientError.casFailure("the links CHAMP changed since it was read")
        }
        try await client.committer.commit(owner: id, [WriterChange(signer: identity, before: snapshot, after: data.with(secretLinks: root), staged: staged)])
    }
}

/// What a secret link opens: the node its capability names, readable without an account.
public struct OpenedSecretLink: Sendable {
    public let client: PeergosClient
    public let node: TreeNode
    public var isDirectory: Bool { node.isDirectory }
    public var name: String { node.name }
    public var isWritable: Bool { node.capability.isWritable }

    /// The folder's entries (a file gives itself).
    public func list() async throws -> [DirectoryEntry] {
        guard node.isDirectory else {
            return [DirectoryEntry(name: node.name, isDirectory: false, size: node.properties.size, modified: node.properties.modifiedSeconds,
                                   mimeType: node.properties.mimeType)]
        }
        var out: [DirectoryEntry] = []
        for link in try await client.children(node) {
            guard let child = try await client.node(try link.capability.absolute(from: node.capability)) else { continue }
            let p = child.properties
            out.append(DirectoryEntry(name: p.name, isDirectory: child.isDirectory, size: p.size, modified: p.modifiedSeconds, mimeType: p.mimeType))
        }
        return out.sorted { $0.name < $1.name }
    }

    /// Streams the file's bytes (or a range of them) to `sink`.
    public func download(range: Range<Int64>? = nil, progress: TransferProgress? = nil, to sink: ([UInt8]) async throws -> Void) async throws {
        guard !node.isDirectory else { throw PeergosClientError.isADirectory(node.name) }
        try await client.read(node, range: range, progress: progress, to: sink)
    }

    public func read(range: Range<Int64>? = nil) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await download(range: range) { out += $0 }
        return out
    }

    /// The linked folder, read again (a writable link's holder writes into it), with its signer.
    func writableFolder() async throws -> (TreeNode, SigningKeyPair) {
        guard let folder = try await client.node(node.capability), folder.isDirectory else { throw PeergosClientError.notADirectory(node.name) }
        guard let signer = folder.signer else { throw PeergosClientError.notWritable(node.name) }
        return (folder, signer)
    }

    var path: PeergosPath { PeergosPath(owner: "link", names: [node.name]) }

    /// Creates a folder `name` inside the linked folder (a writable link).
    public func mkdir(_ name: String) async throws {
        try await client.mkdir(name, at: PeergosPath(owner: path.owner, names: path.names + [name]), fallbackMirror: nil) { try await writableFolder() }
    }

    /// Uploads a file `name` into the linked folder (a writable link), replacing one of that name.
    public func upload(_ name: String, from source: UploadSource, mimeType: String = "application/octet-stream") async throws {
        try await client.upload(name, at: PeergosPath(owner: path.owner, names: path.names + [name]), from: source, mimeType: mimeType,
                                fallbackMirror: nil, progress: nil) { try await writableFolder() }
    }

    /// Reads a file inside the linked folder.
    public func read(child name: String) async throws -> [UInt8] {
        guard let folder = try await client.node(node.capability) else { throw PeergosClientError.notFound(node.name) }
        guard let link = try await client.children(folder).first(where: { $0.name == name }),
              let file = try await client.node(try link.capability.absolute(from: folder.capability)) else { throw PeergosClientError.notFound(name) }
        var out: [UInt8] = []
        try await client.read(file, range: nil, progress: nil) { out += $0 }
        return out
    }
}

extension PeergosClient {
    /// The `secret/…#…` part of a link, whatever origin is in front of it.
    static func linkPath(_ text: String) -> String {
        guard let range = text.range(of: "secret/") else { return text }
        return String(text[range.lowerBound...])
    }

    /// Opens a secret link without an account: `link/get` (where the server enforces expiry and
    /// retrieval limits), then the capability decrypted with the link password (and `userPassword`).
    /// A wrong password is ``PeergosClientError/incorrectPassword``.
    public func openSecretLink(_ text: String, userPassword: String = "") async throws -> OpenedSecretLink {
        let link: SecretLink
        do { link = try SecretLink(link: Self.linkPath(text)) } catch { throw PeergosClientError.invalidPath("not a secret link: \(error)") }
        let bytes = try await api.secretLink(owner: link.owner, label: link.label)
        let encrypted: EncryptedCapability
        do { encrypted = try EncryptedCapability(cborBytes: bytes, options: .upstreamCompatibleWithTextLinks) } catch {
            throw PeergosClientError.malformedAnswer(route: "api/v0/link/get", reason: "\(error)")
        }
        if encrypted.hasUserPassword && userPassword.isEmpty { throw PeergosClientError.incorrectPassword }
        guard let cap = try? encrypted.decrypt(link: link, userPassword: userPassword) else { throw PeergosClientError.incorrectPassword }
        guard cap.owner == link.owner else { throw PeergosClientError.malformedAnswer(route: "api/v0/link/get", reason: "capability of another owner") }
        guard let node = try await node(cap) else { throw PeergosClientError.notFound("the target of the secret link") }
        return OpenedSecretLink(client: self, node: node)
    }
}
