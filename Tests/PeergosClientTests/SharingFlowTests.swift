import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosClient
import Testing

/// Read sharing and its revocation through the client library against the embedded server.
@Suite("Client: read sharing and revocation against the embedded server")
struct SharingFlowTests {
    /// `follower` follows `owner` (who lets them, without following back).
    static func befriend(owner: PeergosSession, follower: PeergosSession) async throws {
        try await follower.follow(owner.username)
        try await owner.accept(follower.username, reciprocate: false)
        _ = try await follower.followRequests()
    }

    /// Alice, followed by Bob and Carol.
    static func aliceWithTwoFollowers(_ server: EmbeddedServer) async throws -> (PeergosSession, PeergosSession, PeergosSession) {
        let alice = try await server.client().signup(username: "alice", password: "pw-a")
        let bob = try await server.client().signup(username: "bob", password: "pw-b")
        let carol = try await server.client().signup(username: "carol", password: "pw-c")
        try await befriend(owner: alice, follower: bob)
        try await befriend(owner: alice, follower: carol)
        return (alice, bob, carol)
    }

    /// The capabilities listed in a `sharing.r` file of ours.
    static func listed(_ s: PeergosSession, _ them: String) async throws -> [AbsoluteCapability] {
        let bytes = try await s.read("/\(s.username)/shared/\(them)/sharing.r")
        var out: [AbsoluteCapability] = []
        var offset = 0
        while offset < bytes.count {
            let (item, used) = try CborObject.decodePrefix(Array(bytes[offset...]))
            out.append(try AbsoluteCapability(cbor: item))
            offset += used
        }
        return out
    }

    @Test("share a file and a folder, read them as followers, revoke one follower, the other keeps access")
    func shareAndRevoke() async throws {
        try await EmbeddedServer.with { server in
            let (alice, bob, carol) = try await Self.aliceWithTwoFollowers(server)
            #expect(try await alice.followers() == ["bob", "carol"])

            let a1 = Array("first version of a".utf8), b1 = Array("bee".utf8)
            let big = FileSystemFlowTests.content(5 * 1024 * 1024 + 4321, seed: 3)  // two chunks
            try await alice.mkdir("/alice/docs")
            try await alice.mkdir("/alice/docs/sub")
            try await alice.upload("/alice/docs/a.txt", from: BytesSource(a1), mimeType: "text/plain")
            try await alice.upload("/alice/docs/sub/b.txt", from: BytesSource(b1), mimeType: "text/plain")
            try await alice.upload("/alice/photo.bin", from: BytesSource(big))

            // Only followers can be shared with; only existing paths.
            await #expect(throws: PeergosClientError.notFound("/alice/shared/dave")) { try await alice.share("/alice/docs", with: "dave") }
            await #expect(throws: PeergosClientError.notFound("/alice/nope")) { try await alice.share("/alice/nope", with: "bob") }
            #expect(try await bob.sharedWithMe().isEmpty)

            for who in ["bob", "carol"] {
                try await alice.share("/alice/docs", with: who)
                try await alice.share("/alice/photo.bin", with: who)
            }
            try await alice.share("/alice/docs", with: "bob")  // again: nothing appended
            #expect(try await alice.sharedWith("/alice/docs") == ["bob", "carol"])
            #expect(try await alice.sharedWith("/alice/docs/a.txt") == [])
            #expect(try await Self.listed(alice, "bob").count == 2)
            #expect(try await Self.listed(alice, "bob").allSatisfy { !$0.isWritable })
            #expect(try await alice.resolve("/alice/shared/bob/sharing.r").properties.isHidden == false)  // as upstream

            // Bob sees both items at their paths in Alice's tree and reads them.
            let seen = try await bob.sharedWithMe()
            #expect(seen.map(\.path.description) == ["/alice/docs", "/alice/photo.bin"])
            #expect(seen.map(\.isDirectory) == [true, false])
            #expect(seen.allSatisfy { $0.owner == "alice" && !$0.capability.isWritable })
            #expect(try await bob.listShared("/alice/docs") == ["a.txt", "sub"])
            #expect(try await bob.readShared("/alice/docs/a.txt") == a1)
            #expect(try await bob.readShared("/alice/docs/sub/b.txt") == b1)
            #expect(try await bob.readShared("/alice/photo.bin") == big)
            await #expect(throws: PeergosClientError.notFound("/alice/other")) { try await bob.readShared("/alice/other") }
            await #expect(throws: PeergosClientError.notFound("/alice/docs/zz")) { try await bob.readShared("/alice/docs/zz") }
            await #expect(throws: PeergosClientError.isADirectory("/alice/docs/sub")) { try await bob.readShared("/alice/docs/sub") }
            // What Bob holds before the revocation.
            let bobDocs = try #require(seen.first).capability
            let bobPhoto = try #require(seen.last).capability
            let bobA = try await bob.openShared("/alice/docs/a.txt").capability
            #expect(try await carol.readShared("/alice/docs/a.txt") == a1)

            // Revoke Bob from both items.
            await #expect(throws: PeergosClientError.notFound("/alice/shared/dave")) { try await alice.unshare("/alice/docs", from: "dave") }
            await #expect(throws: PeergosClientError.notFound("/alice/nope")) { try await alice.unshare("/alice/nope", from: "bob") }
            try await alice.unshare("/alice/docs", from: "bob")
            try await alice.unshare("/alice/photo.bin", from: "bob")

            #expect(try await alice.sharedWith("/alice/docs") == ["carol"])
            #expect(try await alice.sharedWith("/alice/photo.bin") == ["carol"])
            // Alice's own tree reads as before.
            #expect(try await alice.read("/alice/docs/sub/b.txt") == b1)
            #expect(try await alice.read("/alice/photo.bin") == big)
            #expect(try await alice.list("/alice/docs").map(\.name) == ["a.txt", "sub"])
            // Sharing files are append-only (as upstream's): Bob's keeps the two dead capabilities
            // and gets nothing new; Carol's has the new capabilities appended after the old ones.
            #expect(try await Self.listed(alice, "bob") == [bobDocs, bobPhoto])
            let carolCaps = try await Self.listed(alice, "carol")
            #expect(carolCaps.count == 4)
            #expect(!carolCaps.suffix(2).contains(bobDocs) && !carolCaps.suffix(2).contains(bobPhoto))

            // Bob: nothing he can open is listed, and the capabilities he kept open nothing.
            #expect(try await bob.sharedWithMe().isEmpty)
            await #expect(throws: PeergosClientError.notFound("/alice/docs/a.txt")) { try await bob.readShared("/alice/docs/a.txt") }
            for cap in [bobDocs, bobPhoto, bobA] {
                await #expect(throws: PeergosClientError.notFound("the shared item at \(cap)")) { try await bob.openShared(capability: cap) }
            }

            // Carol keeps access through the new capabilities.
            let carolSeen = try await carol.sharedWithMe()
            #expect(carolSeen.map(\.path.description) == ["/alice/docs", "/alice/photo.bin"])
            #expect(!carolSeen.contains { $0.capability == bobDocs || $0.capability == bobPhoto })
            #expect(try await carol.readShared("/alice/photo.bin") == big)
            #expect(try await carol.readShared("/alice/docs/sub/b.txt") == b1)

            // Alice replaces a file inside the folder: Carol reads the new version, Bob cannot.
            let a2 = Array("second version".utf8)
            try await alice.upload("/alice/docs/a.txt", from: BytesSource(a2), mimeType: "text/plain")
            #expect(try await carol.readShared("/alice/docs/a.txt") == a2)
            await #expect(throws: PeergosClientError.notFound("/alice/docs/a.txt")) { try await bob.readShared("/alice/docs/a.txt") }
            await #expect(throws: PeergosClientError.notFound("the shared item at \(bobDocs)")) { try await bob.openShared(capability: bobDocs) }
        }
    }

    @Test("share for writing: the folder moves to its own writer, the follower writes into it, a reader cannot")
    func writeAccess() async throws {
        try await EmbeddedServer.with { server in
            let (alice, bob, carol) = try await Self.aliceWithTwoFollowers(server)
            try await alice.mkdir("/alice/team")
            try await alice.upload("/alice/team/plan.txt", from: BytesSource(Array("plan".utf8)))
            let before = try await alice.resolve("/alice/team").capability.writer

            await #expect(throws: PeergosClientError.notFound("/alice/shared/dave")) { try await alice.shareWriteAccess("/alice/team", with: "dave") }
            // Carol could read it before it moved to its own writer: she is re-shared its new capability.
            try await alice.share("/alice/team", with: "carol")
            try await alice.shareWriteAccess("/alice/team", with: "bob")
            let after = try await alice.resolve("/alice/team").capability.writer
            #expect(after != before)  // a writer of its own
            #expect(try await alice.read("/alice/team/plan.txt") == Array("plan".utf8))

            // Bob writes through the writable capability: a folder and a file, which Alice reads.
            #expect(try await bob.sharedWithMe().first?.capability.isWritable == true)
            try await bob.mkdir("/alice/team/from-bob")
            try await bob.upload("/alice/team/from-bob/notes.txt", from: BytesSource(Array("bob's notes".utf8)))
            #expect(try await alice.read("/alice/team/from-bob/notes.txt") == Array("bob's notes".utf8))
            #expect(try await alice.list("/alice/team").map(\.name) == ["from-bob", "plan.txt"])
            // Alice keeps writing there too, and Bob sees it.
            try await alice.upload("/alice/team/plan.txt", from: BytesSource(Array("plan v2".utf8)))
            #expect(try await bob.readShared("/alice/team/plan.txt") == Array("plan v2".utf8))

            // Carol can read but not write.
            #expect(try await carol.readShared("/alice/team/from-bob/notes.txt") == Array("bob's notes".utf8))
            await #expect(throws: PeergosClientError.notWritable("/alice/team")) { try await carol.mkdir("/alice/team/from-carol") }
            // Sharing it for writing again changes nothing.
            try await alice.shareWriteAccess("/alice/team", with: "bob")
            #expect(try await alice.resolve("/alice/team").capability.writer == after)

            // Revoking Bob: the folder moves to yet another writer, the old one is emptied; Bob can
            // neither write nor read on, while Carol reads the new version.
            let bobsCap = try #require(try await bob.sharedWithMe().first).capability
            #expect(try await alice.sharedWith("/alice/team") == ["bob", "carol"])
            try await alice.unshare("/alice/team", from: "bob")
            let third = try await alice.resolve("/alice/team").capability.writer
            #expect(third != after && third != before)
            #expect(try await alice.sharedWith("/alice/team") == ["carol"])
            try await alice.upload("/alice/team/plan.txt", from: BytesSource(Array("plan v3".utf8)))
            #expect(try await carol.readShared("/alice/team/plan.txt") == Array("plan v3".utf8))
            #expect(try await carol.readShared("/alice/team/from-bob/notes.txt") == Array("bob's notes".utf8))
            await #expect(throws: PeergosClientError.notFound("/alice/team")) { try await bob.mkdir("/alice/team/again") }
            await #expect(throws: PeergosClientError.notFound("the shared item at \(bobsCap)")) { try await bob.openShared(capability: bobsCap) }
            #expect(try await alice.list("/alice/team").map(\.name) == ["from-bob", "plan.txt"])
        }
    }

    @Test("remove a follower: everything shared with them is revoked, their folder goes, others keep access")
    func removeFollower() async throws {
        try await EmbeddedServer.with { server in
            let (alice, bob, carol) = try await Self.aliceWithTwoFollowers(server)
            try await alice.mkdir("/alice/docs")
            try await alice.upload("/alice/docs/a.txt", from: BytesSource(Array("a".utf8)))
            try await alice.share("/alice/docs", with: "bob")
            try await alice.share("/alice/docs", with: "carol")
            let bobDocs = try #require(try await bob.sharedWithMe().first).capability

            await #expect(throws: PeergosClientError.notFound("/alice/shared/dave")) { try await alice.removeFollower("dave") }
            try await alice.removeFollower("bob")
            #expect(try await alice.followers() == ["carol"])
            #expect(try await bob.sharedWithMe().isEmpty)
            await #expect(throws: PeergosClientError.notFound("the shared item at \(bobDocs)")) { try await bob.openShared(capability: bobDocs) }
            #expect(try await carol.readShared("/alice/docs/a.txt") == Array("a".utf8))
        }
    }
}
