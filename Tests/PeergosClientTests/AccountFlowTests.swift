import Foundation
@testable import PeergosClient
import PeergosCrypto
import PeergosMultiformats
import Testing

/// Password change and account deletion against the embedded server.
@Suite("Client: password change and account deletion")
struct AccountFlowTests {
    @Test("a changed password signs in, the old one is refused, and the files are all still there")
    func changePassword() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let alice = try await client.signup(username: "alice", password: "first password")
            try await alice.upload("/alice/keep.txt", from: BytesSource(Array("kept".utf8)))
            await #expect(throws: PeergosClientError.incorrectPassword) { try await alice.changePassword(from: "not it", to: "x") }
            let renewed = try await alice.changePassword(from: "first password", to: "second password")
            #expect(renewed.id == alice.id)
            await #expect(throws: PeergosClientError.incorrectPassword) { try await client.login(username: "alice", password: "first password") }
            let again = try await client.login(username: "alice", password: "second password")
            #expect(try await again.read("/alice/keep.txt") == Array("kept".utf8))
            guard case .scrypt(let before) = alice.algorithm, case .scrypt(let after) = again.algorithm else {
                Issue.record("not scrypt accounts")
                return
            }
            #expect(before.extraSalt != after.extraSalt)
        }
    }

    @Test("the mirror BAT id is upstream's BatId.sha256 (of the bare secret), served back by getUserBats and named by every node written")
    func mirrorBat() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let alice = try await client.signup(username: "alice", password: "pw-alice")
            let mirror = try #require(alice.mirrorBat)
            let secret = mirror.bat.secret.copyBytes()
            #expect(mirror.id == (try Cid.sha256(codec: .raw, digest: Hash.sha256(secret))))
            #expect(mirror.id != mirror.bat.sha256Id)
            let again = try await client.login(username: "alice", password: "pw-alice")
            #expect(again.mirrorBat?.id == mirror.id)
            try await alice.mkdir("/alice/docs")
            let docs = try await again.resolve("/alice/docs")
            #expect(docs.node.bats == [try #require(docs.capability.bat).inlineId, mirror.id])
            #expect(try await again.resolve("/alice").node.bats.last == mirror.id)
        }
    }

    @Test("a legacy account (keys from the password, entry points in the identity's static data) signs in")
    func legacyAccount() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let old = try await client.signup(username: "oldtimer", password: "old password", legacy: true)
            guard case .scrypt(let p) = old.algorithm else { Issue.record("not scrypt"); return }
            #expect(p.outputBytes == 96)
            #expect(old.identity.publicKey == old.loginKeys.signingKeyPair.publicKey)  // the password derives the identity
            try await old.upload("/oldtimer/f.txt", from: BytesSource(Array("legacy".utf8)))
            let again = try await client.login(username: "oldtimer", password: "old password")
            #expect(again.id == old.id)
            #expect(try await again.read("/oldtimer/f.txt") == Array("legacy".utf8))
            await #expect(throws: PeergosClientError.incorrectPassword) { try await client.login(username: "oldtimer", password: "wrong") }
            // Its password changes through a PKI key change upstream; we refuse rather than half do it.
            await #expect(throws: PeergosClientError.unsupported("changing the password of a legacy account (it needs a PKI key change)")) {
                try await again.changePassword(from: "old password", to: "new password")
            }
        }
    }

    @Test("when the server asks for proof of work, signup solves it at the difficulty asked and resends")
    func proofOfWork() async throws {
        // A frozen clock keeps every signup in the server's youngest bucket: with 1,000,000 a day
        // the first two are free and the third needs difficulty 13 (see ProofOfWorkRoutesTests).
        let frozen = Date()
        try await EmbeddedServer.with(maxDailySignups: 1_000_000, clock: { frozen }) { server in
            _ = try await server.client().signup(username: "alice", password: "pw-alice")
            _ = try await server.client().signup(username: "bob", password: "pw-bob")
            let counting = FaultTransport(HTTPTransport(origin: server.origin))
            let carol = try await server.client(transport: counting).signup(username: "carol", password: "pw-carol")
            #expect(counting.requests(to: "peergos/v0/core/signup") == 2)  // refused with a difficulty, then accepted
            #expect(try await server.client().login(username: "carol", password: "pw-carol").id == carol.id)
        }
    }

    @Test("a deleted account can no longer sign in, and the wrong password cannot delete it")
    func deleteAccount() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let bob = try await client.signup(username: "bob", password: "bob's password")
            await #expect(throws: PeergosClientError.incorrectPassword) { try await bob.deleteAccount(password: "wrong") }
            _ = try await client.login(username: "bob", password: "bob's password")
            try await bob.deleteAccount(password: "bob's password")
            await #expect(throws: PeergosClientError.unknownUser("bob")) { try await client.login(username: "bob", password: "bob's password") }
        }
    }
}
