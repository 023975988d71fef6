import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats
import PeergosSocial

/// A follow request read from the server and opened with our boxing key.
///
/// Initial requests (someone asks to follow us) are answered with
/// ``PeergosSession/accept(_:reciprocate:)`` or ``PeergosSession/reject(_:)``. Replies to our own
/// requests are handled by ``PeergosSession/followRequests()`` itself and reported for information.
public struct IncomingFollowRequest: Sendable, Hashable, CustomStringConvertible {
    /// The username the request names as its sender (checked against the PKI before any entry
    /// point it carries is kept).
    public let from: String
    /// Whether it answers a request we sent (already processed when reported).
    public let isReply: Bool
    /// Whether it shares the sender's folder for us (an initial request always does; a reply does
    /// when the sender let us follow them).
    public let accepted: Bool
    /// Whether it carries a key: an initial request always does (the key it asks us to use); a
    /// reply does when the sender follows us back.
    public let reciprocated: Bool
    let request: FollowRequest
    /// The stored bytes, signed to remove the request from the server.
    let raw: [UInt8]

    public var description: String { "IncomingFollowRequest(from: \(from), reply: \(isReply), accepted: \(accepted), reciprocated: \(reciprocated))" }
}

extension FollowRequest {
    /// An entry point to something other than the null capability (upstream compares the read key
    /// with the null key).
    var sharesEntry: Bool {
        guard let entry else { return false }
        return entry.capability.readBaseKey != AbsoluteCapability.null.readBaseKey
    }
}

extension PeergosSession {
    /// Asks `them` to let us follow them (upstream `sendInitialFollowRequest`).
    ///
    /// Creates the hidden folder `/<me>/shared/<them>` (kept if it exists), sends a blinded
    /// request carrying a read-only entry point to it and a fresh key that `them` is asked to use
    /// for their folder for us, then records `them` in `.social-state.cbor` as pending.
    ///
    /// Invariant: after success, `them` is pending and `/<me>/shared/<them>` exists; a retry after a
    /// failure re-sends with the same folder.
    /// - Throws: ``PeergosClientError/unsupported(_:)`` for ourselves;
    ///   ``PeergosClientError/alreadyExists(_:)`` (`"<them> is already followed"`) when we follow
    ///   them already; ``PeergosClientError/unknownUser(_:)`` for a name the PKI does not know.
    public func follow(_ them: String) async throws {
        try Self.checkUsername(them)
        guard them != username else { throw PeergosClientError.unsupported("following yourself") }
        guard !(try await following().contains(them)) else { throw PeergosClientError.alreadyExists("\(them) is already followed") }
        let (id, boxer) = try await peerKeys(them)
        let folder = try await ensureFolder(sharingFolderPath(for: them), hidden: true)
        let entry = EntryPoint(capability: folder.capability.readOnly, ownerName: username)
        let pending = try await pendingOutgoing()
        try await sendBlind(FollowRequest(entry: entry, key: SymmetricKey.random(using: random)), to: id, boxer: boxer)
        if !pending.contains(them) { try await setPendingOutgoing(pending.union([them])) }
    }

    /// The follow requests waiting on the server for us (upstream `processFollowRequests`).
    ///
    /// Each is opened with our boxing key; undecryptable ones and ones without an entry point are
    /// skipped (and left on the server). Replies to our pending requests are processed here:
    /// - not followed back (no key): `/<me>/shared/<them>` is deleted;
    /// - their entry point (when they let us follow them) is checked against the PKI and appended
    ///   to `.from-friends.cborstream`;
    /// - `them` leaves the pending set and the reply is removed from the server.
    ///
    /// Answers the initial requests (from users we have no folder for), then the processed replies
    /// (`isReply == true`).
    public func followRequests() async throws -> [IncomingFollowRequest] {
        let all = try await openFollowRequests()
        let pending = try await pendingOutgoing()
        let folders = try await sharingFolderNames()
        var initial: [IncomingFollowRequest] = []
        var replies: [IncomingFollowRequest] = []
        for request in all {
            if pending.contains(request.from) {
                try await processReply(request)
                replies.append(IncomingFollowRequest(from: request.from, isReply: true, accepted: request.accepted,
                                                     reciprocated: request.reciprocated, request: request.request, raw: request.raw))
            } else if !folders.contains(request.from) {
                initial.append(request)
            }
        }
        return initial + replies
    }

    /// Accepts `them`'s request to follow us (upstream `sendReplyFollowRequest(accept: true, …)`).
    ///
    /// Creates the hidden folder `/<me>/shared/<them>` with the read key they asked for (an
    /// existing folder is kept, as upstream does), replies with a read-only entry point to it and,
    /// when `reciprocate`, with the read key of their folder for us (telling them we follow back)
    /// and appends their entry point to our `.from-friends.cborstream`. Finally removes their
    /// request from the server.
    /// - Throws: ``PeergosClientError/notFound(_:)`` (`"follow request from <them>"`) when no
    ///   initial request from them is waiting; ``PeergosClientError/malformedAnswer(route:reason:)``
    ///   when their entry point is not in their own space.
    public func accept(_ them: String, reciprocate: Bool = true) async throws {
        let request = try await initialRequest(from: them)
        guard let theirEntry = request.request.entry else { throw PeergosClientError.notFound("follow request from \(them)") }
        let (id, boxer) = try await peerKeys(them)
        if reciprocate {
            guard try await isValid(theirEntry) else {
                throw PeergosClientError.malformedAnswer(route: "social/getFollowRequests", reason: "\(them)'s entry point is not in \(them)'s space")
            }
        }
        let folder = try await ensureFolder(sharingFolderPath(for: them), hidden: true, readKey: request.request.key)
        let entry = EntryPoint(capability: folder.capability.readOnly, ownerName: username)
        let reply = FollowRequest(entry: entry, key: reciprocate ? theirEntry.capability.readBaseKey : nil)
        try await sendBlind(reply, to: id, boxer: boxer)
        if reciprocate { try await appendReceivedEntry(theirEntry) }
        _ = try await api.removeFollowRequest(identity: identity, raw: request.raw)
    }

    /// Refuses `them`'s request (upstream's full rejection: an entry point to the null capability
    /// and no key), then removes it from the server. Nothing is created in our tree.
    /// - Throws: ``PeergosClientError/notFound(_:)`` (`"follow request from <them>"`) when no
    ///   initial request from them is waiting.
    public func reject(_ them: String) async throws {
        let request = try await initialRequest(from: them)
        let (id, boxer) = try await peerKeys(them)
        try await sendBlind(FollowRequest.rejection(from: username), to: id, boxer: boxer)
        _ = try await api.removeFollowRequest(identity: identity, raw: request.raw)
    }

    /// The users who may read what we share with them: the folders in `/<me>/shared` that are
    /// not dot-names (upstream's group folders) and not waiting for a reply (upstream
    /// `getFollowerNames`). Sorted.
    public func followers() async throws -> [String] {
        let pending = try await pendingOutgoing()
        return try await sharingFolderNames().filter { !pending.contains($0) }.sorted()
    }

    /// The users we follow: owners of the entry points in `.from-friends.cborstream`, minus the
    /// users we unfollowed (upstream `getFollowing`). Sorted, without duplicates.
    public func following() async throws -> [String] {
        let blocked = try await blocked()
        let names = try await receivedEntries().map(\.ownerName).filter { $0 != username && !blocked.contains($0) }
        return Set(names).sorted()
    }

    /// Stops following `them` (upstream `unfollow`): appends `them\n` to
    /// `.blocked-usernames.txt`. Nothing is sent to them; their entry point stays in
    /// `.from-friends.cborstream` and is filtered out by ``following()`` and ``sharedWithMe()``.
    public func unfollow(_ them: String) async throws {
        try Self.checkUsername(them)
        let path = PeergosPath(owner: username, names: [Self.blockedUsernamesFile])
        let existing = try await readIfPresent(path) ?? []
        if try await blocked().contains(them) { return }
        try await writeSmallFile(path, existing + Array("\(them)\n".utf8), mimeType: "text/plain", hidden: true)
    }

    /// Stops `them` following us (upstream `removeFollower`): every item still shared with them
    /// is revoked (``unshare(_:from:)``, so the others who share it keep access), then
    /// `/<me>/shared/<them>` is deleted.
    /// - Throws: ``PeergosClientError/notFound(_:)`` with the folder's path when they do not follow us.
    public func removeFollower(_ them: String) async throws {
        try Self.checkUsername(them)
        let folderPath = sharingFolderPath(for: them)
        guard try await resolveIfPresent(folderPath) != nil else { throw PeergosClientError.notFound(folderPath.description) }
        for path in try await pathsShared(with: them) {
            do { try await unshare(path.description, from: them) } catch PeergosClientError.notFound {}
        }
        try await remove(folderPath.description)
    }

    // MARK: internals

    /// Every request on the server that opens with our boxing key and carries an entry point.
    func openFollowRequests() async throws -> [IncomingFollowRequest] {
        guard let boxer = entryPoints.boxingKeyPair else { throw PeergosClientError.unsupported("this account has no boxing key") }
        var out: [IncomingFollowRequest] = []
        for raw in try await api.followRequests(identity: identity) {
            guard let blind = try? BlindFollowRequest(cbor: CborObject.decode(raw, options: .upstreamCompatible)),
                  let request = try? blind.decrypt(with: boxer.secretKey), let entry = request.entry else { continue }
            out.append(IncomingFollowRequest(from: entry.ownerName, isReply: false, accepted: request.sharesEntry,
                                             reciprocated: request.key != nil, request: request, raw: raw))
        }
        return out
    }

    /// The waiting initial request from `them` (not a reply to one of ours).
    func initialRequest(from them: String) async throws -> IncomingFollowRequest {
        let pending = try await pendingOutgoing()
        guard !pending.contains(them),
              let request = try await openFollowRequests().first(where: { $0.from == them && $0.request.key != nil }) else {
            throw PeergosClientError.notFound("follow request from \(them)")
        }
        return request
    }

    /// The names of the folders in `/<me>/shared` that are not dot-names.
    func sharingFolderNames() async throws -> [String] {
        let shared = try await resolve(sharedFolderPath)
        var names: [String] = []
        for link in try await client.children(shared) where !link.name.hasPrefix(".") {
            if link.isDirectory == false { continue }
            names.append(link.name)
        }
        return names
    }

    /// Handles a reply from a user we asked to follow (upstream's `mozart` lambda).
    func processReply(_ reply: IncomingFollowRequest) async throws {
        let them = reply.from
        if them != username {
            if !reply.reciprocated {
                // They do not follow us: our folder for them goes.
                let folder = sharingFolderPath(for: them)
                if try await resolveIfPresent(folder) != nil { try await remove(folder.description) }
            }
            // Upstream leaves a user who follows back without accepting in the pending set (so
            // never a follower); here every reply ends the wait.
            try await removePending(them)
            if reply.accepted, let entry = reply.request.entry, try await isValid(entry) {
                try await appendReceivedEntry(entry)
            }
        }
        _ = try await api.removeFollowRequest(identity: identity, raw: reply.raw)
    }
}
