import Foundation
import PeergosClient
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
