import Foundation
import PeergosCBOR
import PeergosClient
import Testing

/// Follow requests through the client library against the embedded server: send, receive,
/// accept (with and without following back), reject, unfollow.
@Suite("Client: follow requests against the embedded server")
struct SocialFlowTests {
    /// The usernames in `.social-state.cbor` (upstream's PendingSocialState), read as bytes.
    static func pending(_ s: PeergosSession) async throws -> [String] {
        let bytes: [UInt8]
        do { bytes = try await s.read("/\(s.username)/.social-state.cbor") } catch PeergosClientError.notFound { return [] }
        let m = try CborObject.decode(bytes).asMap("PendingSocialState")
        return try m.required("pendingOutgoing").asList("pendingOutgoing").map { try $0.asText("name") }.sorted()
    }

    static func sharedFolders(_ s: PeergosSession) async throws -> [String] {
        try await s.list("/\(s.username)/shared").map(\.name)
    }

    @Test("follow, the request arrives, accept with reciprocation, followers and following on both sides")
    func followAndAccept() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-a")
            let bob = try await server.client().signup(username: "bob", password: "pw-b")

            await #expect(throws: PeergosClientError.unsupported("following yourself")) { try await alice.follow("alice") }
            await #expect(throws: PeergosClientError.unknownUser("nobody")) { try await alice.follow("nobody") }

            try await alice.follow("bob")
            #expect(try await Self.pending(alice) == ["bob"])
            #expect(try await Self.sharedFolders(alice) == ["bob"])
            // Hidden as upstream writes them: the folder for Bob and the social state.
            #expect(try await alice.resolve("/alice/shared/bob").properties.isHidden)
            #expect(try await alice.resolve("/alice/.social-state.cbor").properties.isHidden)
            #expect(try await alice.followers() == [])  // pending users are not followers
            #expect(try await alice.following() == [])

            let requests = try await bob.followRequests()
            #expect(requests.map(\.from) == ["alice"])
            #expect(requests.first?.isReply == false)
            #expect(requests.first?.accepted == true && requests.first?.reciprocated == true)
            await #expect(throws: PeergosClientError.notFound("follow request from carol")) { try await bob.accept("carol") }

            try await bob.accept("alice")
            #expect(try await bob.followRequests().isEmpty)  // removed from the server
            #expect(try await bob.followers() == ["alice"])
            #expect(try await bob.following() == ["alice"])
            #expect(try await Self.sharedFolders(bob) == ["alice"])
            await #expect(throws: PeergosClientError.notFound("follow request from alice")) { try await bob.accept("alice") }

            // Alice's next look at her requests processes Bob's reply.
            let replies = try await alice.followRequests()
            #expect(replies.map(\.from) == ["bob"])
            #expect(replies.first?.isReply == true && replies.first?.accepted == true && replies.first?.reciprocated == true)
            #expect(try await alice.followRequests().isEmpty)
            #expect(try await Self.pending(alice) == [])
            #expect(try await alice.following() == ["bob"])
            #expect(try await alice.followers() == ["bob"])
            await #expect(throws: PeergosClientError.alreadyExists("bob is already followed")) { try await alice.follow("bob") }

            // Each holds a working entry point into the other's folder for them.
            let aliceEntries = try await alice.receivedEntries()
            #expect(aliceEntries.map(\.ownerName) == ["bob"])
            #expect(try await alice.resolve("/alice/.from-friends.cborstream").properties.isHidden)
            let bobFolder = try await alice.openShared(capability: try #require(aliceEntries.first).capability)
            #expect(bobFolder.isDirectory && bobFolder.name == "alice")
            #expect(try await alice.sharedPath(of: bobFolder, owner: "bob").description == "/bob/shared/alice")
            #expect(try await alice.sharedWithMe().isEmpty)  // nothing shared yet

            // A fresh sign-in sees the same state.
            let again = try await server.client().login(username: "alice", password: "pw-a")
            #expect(try await again.following() == ["bob"])
            #expect(try await again.followers() == ["bob"])

            // Unfollow: Bob is blocked and no longer followed; he still follows Alice.
            try await alice.unfollow("bob")
            #expect(try await alice.following() == [])
            #expect(try await alice.blocked() == ["bob"])
            #expect(try await alice.read("/alice/.blocked-usernames.txt") == Array("bob\n".utf8))
            #expect(try await alice.resolve("/alice/.blocked-usernames.txt").properties.isHidden)
            try await alice.unfollow("bob")  // once only
            #expect(try await alice.read("/alice/.blocked-usernames.txt") == Array("bob\n".utf8))
            #expect(try await alice.followers() == ["bob"])
            #expect(try await bob.following() == ["alice"])
        }
    }

    @Test("reject: the requester gets no entry, its folder for the target goes, pending cleared")
    func reject() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-a")
            let carol = try await server.client().signup(username: "carol", password: "pw-c")
            try await alice.follow("carol")
            #expect(try await carol.followRequests().map(\.from) == ["alice"])
            try await carol.reject("alice")
            #expect(try await carol.followRequests().isEmpty)
            #expect(try await carol.followers() == [])
            #expect(try await Self.sharedFolders(carol) == [])

            let replies = try await alice.followRequests()
            #expect(replies.map(\.from) == ["carol"])
            #expect(replies.first?.isReply == true && replies.first?.accepted == false && replies.first?.reciprocated == false)
            #expect(try await Self.pending(alice) == [])
            #expect(try await Self.sharedFolders(alice) == [])
            #expect(try await alice.receivedEntries().isEmpty)
            #expect(try await alice.following() == [])
            #expect(try await alice.followers() == [])
            await #expect(throws: PeergosClientError.notFound("follow request from alice")) { try await carol.reject("alice") }
        }
    }

    @Test("accept without following back: the requester follows, the target has a follower and follows nobody")
    func acceptWithoutReciprocation() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-a")
            let bob = try await server.client().signup(username: "bob", password: "pw-b")
            try await alice.follow("bob")
            try await bob.accept("alice", reciprocate: false)
            #expect(try await bob.followers() == ["alice"])
            #expect(try await bob.following() == [])

            let replies = try await alice.followRequests()
            #expect(replies.first?.accepted == true && replies.first?.reciprocated == false)
            #expect(try await alice.following() == ["bob"])
            #expect(try await alice.followers() == [])  // Bob does not follow back: her folder for him is gone
            #expect(try await Self.sharedFolders(alice) == [])
            #expect(try await Self.pending(alice) == [])
        }
    }
}
