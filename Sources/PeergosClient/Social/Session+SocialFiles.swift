import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosSocial

/// The files and folders upstream keeps its social state in, all inside the user's own tree
/// (`UserContext.SOCIAL_STATE_FILENAME`, `BLOCKED_USERNAMES_FILE`, `SHARED_DIR_NAME`).
extension PeergosSession {
    /// The folder holding one sub-folder per follower (`/<me>/shared/<them>`).
    static let sharedFolderName = "shared"
    /// Upstream's `PendingSocialState`: CBOR `{pendingOutgoing: [usernames]}`.
    static let socialStateFile = ".social-state.cbor"
    /// Usernames we stopped following, one per line (`name\n`).
    static let blockedUsernamesFile = ".blocked-usernames.txt"
    /// The append-only stream of read capabilities shared with one follower (`CapabilityStore`).
    static let readSharingFile = "sharing.r"

    var sharedFolderPath: PeergosPath { PeergosPath(owner: username, names: [Self.sharedFolderName]) }
    func sharingFolderPath(for them: String) -> PeergosPath { PeergosPath(owner: username, names: [Self.sharedFolderName, them]) }

    /// A username usable as a folder name and a PKI name (no path separators, no dot names).
    static func checkUsername(_ name: String) throws {
        guard !name.isEmpty, !name.contains("/"), !name.hasPrefix("."), name.count <= 64 else {
            throw PeergosClientError.invalidPath("\(name) (not a username)")
        }
    }

    /// The bytes of a file, or nil when the path does not exist (any other failure is thrown).
    func readIfPresent(_ path: PeergosPath) async throws -> [UInt8]? {
        do { return try await read(path.description) } catch PeergosClientError.notFound { return nil }
    }

    /// The node at `path`, or nil when the path does not exist.
    func resolveIfPresent(_ path: PeergosPath) async throws -> TreeNode? {
        do { return try await resolve(path) } catch PeergosClientError.notFound { return nil }
    }

    /// Replaces (or creates) a small file with `bytes`, in one commit of its folder.
    ///
    /// With `hidden` (upstream writes `.social-state.cbor`, `.from-friends.cborstream` and
    /// `.blocked-usernames.txt` with `isHidden = true`), a file of at most one chunk is written
    /// here as upstream's `uploadFileSection` lays out a one-chunk file, with `h: true` in its
    /// properties; anything else goes through ``upload(_:from:mimeType:progress:)`` (not hidden).
    /// A replacement gets fresh keys and a fresh location, which readers that find the file by
    /// name (as upstream's do) do not notice; the old nodes leave the CHAMP in the same commit.
    func writeSmallFile(_ path: PeergosPath, _ bytes: [UInt8], mimeType: String = "application/octet-stream", hidden: Bool = false) async throws {
        guard hidden, bytes.count <= ChunkChain.chunkSize else {
            try await upload(path.description, from: BytesSource(bytes), mimeType: mimeType)
            return
        }
        guard let parentPath = path.parent else { throw PeergosClientError.invalidPath(path.description) }
        try await retryingCompareAndSwap {
            let (parent, signer) = try await writableFolder(parentPath)
            var kids = try await client.children(parent)
            let now = Date()
            let seconds = Int64(now.timeIntervalSince1970)
            let nanos = Int64((now.timeIntervalSince1970 - Double(seconds)) * 1e9)
            let cap = try AbsoluteCapability(owner: parent.capability.owner, writer: parent.capability.writer, mapKey: random.bytes(32),
                                             bat: Bat.random(using: random), readBaseKey: SymmetricKey.random(using: random),
                                             writeBaseKey: SymmetricKey.random(using: random))
            let secret = random.secretBytes(32)
            let props = try FolderFactory.properties(name: path.name, directory: false, size: Int64(bytes.count), mimeType: mimeType, hidden: true,
                                                     seconds: seconds, nanos: nanos, streamSecret: secret)
            let next = ChunkChain.next(streamSecret: secret, mapKey: cap.mapKey, bat: cap.bat)
            let made = try CryptreeNode.fileChunk(parentKey: cap.readBaseKey, dataKey: SymmetricKey.random(using: random), properties: props,
                                                  parent: try parent.backLink(),
                                                  nextChunk: try RelativeCapability(writer: nil, mapKey: next.mapKey, bat: next.bat, readBaseKey: cap.readBaseKey),
                                                  chunk: bytes, inlineBat: cap.bat, mirrorBat: mirror(for: parent), random: random)
            var edit = TreeEdit()
            edit.put(cap.mapKey, made, expected: nil)
            let link = try NamedRelativeCapability(name: path.name, capability: FolderFactory.relativeLink(to: cap, from: parent.capability.writeBaseKey, random: random),
                                                   isDirectory: false, mimeType: mimeType, created: seconds)
            if let index = kids.firstIndex(where: { $0.name == path.name }) {
                let old = try kids[index].capability.absolute(from: parent.capability)
                if old.writer == parent.capability.writer, let oldNode = try await client.node(old, inherited: parent.signer) {
                    guard !oldNode.isDirectory else { throw PeergosClientError.isADirectory(path.description) }
                    for (mapKey, cid) in try await subtree(oldNode) { edit.remove(mapKey, expected: cid) }
                }
                kids[index] = link
            } else {
                kids.append(link)
            }
            try await setChildren(parent, kids, in: &edit)
            try await commit(edit, signer: signer, owner: parent.capability.owner)
        }
    }

    /// The folder at `path`, created as upstream's `sharing.mkdir` does when absent: a hidden
    /// ("system") folder, with `readKey` as its read base key when given. An existing folder is
    /// returned unchanged (its keys are never rotated here).
    ///
    /// Invariant: on return, `path` names a folder in our tree; its parent was not otherwise changed.
    @discardableResult
    func ensureFolder(_ path: PeergosPath, hidden: Bool, readKey: SymmetricKey? = nil) async throws -> TreeNode {
        guard let parentPath = path.parent else { throw PeergosClientError.invalidPath(path.description) }
        if let existing = try await resolveIfPresent(path) {
            guard existing.isDirectory else { throw PeergosClientError.notADirectory(path.description) }
            return existing
        }
        try await retryingCompareAndSwap {
            let (parent, signer) = try await writableFolder(parentPath)
            var kids = try await client.children(parent)
            if kids.contains(where: { $0.name == path.name }) { return }
            let made = try FolderFactory.newFolder(name: path.name, in: parent.capability, parentKey: parent.parentKey, hidden: hidden,
                                                   mirror: mirror(for: parent), now: Date(), random: random, readKey: readKey)
            kids.append(made.link)
            var edit = TreeEdit()
            edit.put(made.capability.mapKey, made.node, expected: nil)
            try await setChildren(parent, kids, in: &edit)
            try await commit(edit, signer: signer, owner: parent.capability.owner)
        }
        return try await resolve(path)
    }

    // MARK: pending outgoing requests

    /// The usernames we sent a follow request to and have had no reply from (upstream's
    /// `PendingSocialState.pendingOutgoingFollowRequests`). Empty when the file is absent.
    func pendingOutgoing() async throws -> Set<String> {
        let path = PeergosPath(owner: username, names: [Self.socialStateFile])
        guard let bytes = try await readIfPresent(path) else { return [] }
        do {
            let m = try CborObject.decode(bytes, options: .upstreamCompatible).asMap("PendingSocialState")
            return Set(try m.required("pendingOutgoing").asList("pendingOutgoing").map { try $0.asText("username") })
        } catch {
            throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "\(path) is not a PendingSocialState: \(error)")
        }
    }

    /// Rewrites `.social-state.cbor` with `names` (sorted, so the bytes are deterministic).
    func setPendingOutgoing(_ names: Set<String>) async throws {
        let cbor = CborObject.map(["pendingOutgoing": .list(names.sorted().map { .text($0) })])
        try await writeSmallFile(PeergosPath(owner: username, names: [Self.socialStateFile]), cbor.serialize(), hidden: true)
    }

    func removePending(_ name: String) async throws {
        var pending = try await pendingOutgoing()
        guard pending.remove(name) != nil else { return }
        try await setPendingOutgoing(pending)
    }

    // MARK: blocked usernames

    /// The users we unfollowed (upstream's `getBlocked`: the file split on newlines).
    public func blocked() async throws -> Set<String> {
        guard let bytes = try await readIfPresent(PeergosPath(owner: username, names: [Self.blockedUsernamesFile])) else { return [] }
        return Set(String(decoding: bytes, as: UTF8.self).split(separator: "\n").map(String.init).filter { !$0.isEmpty })
    }

    // MARK: peers

    /// A user's identity key hash (from the PKI) and follow-request boxing key (the block named by
    /// their identity WriterData's `inbound`, or the key itself when inline).
    func peerKeys(_ name: String) async throws -> (id: PublicKeyHash, boxer: PublicBoxingKey) {
        let (id, snapshot) = try await client.identity(of: name)
        guard let data = snapshot.data else { throw PeergosClientError.unknownUser(name) }
        guard let receiver = data.followRequestReceiver else {
            throw PeergosClientError.unsupported("\(name) publishes no follow-request key")
        }
        let bytes: [UInt8]
        if let inline = receiver.inlineKeyCbor { bytes = inline } else { bytes = try await blocks.require(owner: id, receiver.cid) }
        do { return (id, try PublicBoxingKey(cbor: CborObject.decode(bytes, options: .upstreamCompatible))) } catch {
            throw PeergosClientError.malformedAnswer(route: "api/v0/block/get", reason: "\(name)'s follow-request key: \(error)")
        }
    }

    /// Whether `entry` really is in the space of the user it names (upstream `EntryPoint.isValid`):
    /// its owner is that user's identity on the PKI, and its writer is the identity itself or a
    /// key the identity's owned-keys CHAMP lists directly (upstream also follows nested owners).
    func isValid(_ entry: EntryPoint) async throws -> Bool {
        let (id, snapshot) = try await client.identity(of: entry.ownerName)
        guard entry.capability.owner == id else { return false }
        if entry.capability.writer == id { return true }
        guard let owned = snapshot.data?.ownedKeys else { return false }
        let key = Array(entry.capability.writer.serialize().reversed())
        return try await blocks.lookup(owner: id, root: owned, keys: [(key, nil)])[0] != nil
    }

    /// Boxes `request` for the user (`id`, `boxer`) and posts it.
    /// - Throws: ``PeergosClientError/refused(status:message:)`` when the server keeps it not
    ///   (upstream answers false beyond 100 pending requests).
    func sendBlind(_ request: FollowRequest, to id: PublicKeyHash, boxer: PublicBoxingKey) async throws {
        let blind = try BlindFollowRequest.build(target: boxer, request: request, random: random)
        guard try await api.sendFollowRequest(target: id, blind) else {
            throw PeergosClientError.refused(status: 200, message: "the server did not keep the follow request")
        }
    }
}
