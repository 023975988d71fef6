import PeergosClient
import Synchronization
import Testing

/// Signup against a server that keeps asking for proof of work, as one does while its signup
/// rate climbs: the client solves each difficulty asked and sends again, up to
/// `PeergosClient.signupAttempts` sends, then gives up with upstream's words.
@Suite("Client: signup while the server asks for proof of work")
struct SignupProofOfWorkTests {
    /// `core/signup`'s answer "not yet: meet difficulty 12" (a false, then a big-endian int32).
    static let askForWork: [UInt8] = [0, 0, 0, 0, 12]

    /// A transport whose first `asks` signups are answered with a request for work, not forwarded.
    static func asking(_ asks: Int, _ server: EmbeddedServer) -> FaultTransport {
        let left = Mutex(asks)
        return FaultTransport(HTTPTransport(origin: server.origin), instead: { path in
            guard path == "peergos/v0/core/signup" else { return nil }
            return left.withLock { n in
                defer { n -= 1 }
                return n > 0 ? askForWork : nil
            }
        })
    }

    @Test("asked for work on every send but the last allowed, the signup goes through")
    func askedUntilTheLastSend() async throws {
        try await EmbeddedServer.with { server in
            let transport = Self.asking(PeergosClient.signupAttempts - 1, server)
            let session = try await server.client(transport: transport).signup(username: "alice", password: "pw-alice")
            #expect(session.username == "alice")
            #expect(transport.requests(to: "peergos/v0/core/signup") == PeergosClient.signupAttempts)
            // The account is real: a fresh client signs in.
            _ = try await server.client().login(username: "alice", password: "pw-alice")
        }
    }

    @Test("asked for work on every send, the signup is refused and nothing is claimed")
    func askedOnEverySend() async throws {
        try await EmbeddedServer.with { server in
            let transport = Self.asking(PeergosClient.signupAttempts, server)
            await #expect(throws: PeergosClientError.signupRefused("Server is under load please try again later")) {
                try await server.client(transport: transport).signup(username: "alice", password: "pw-alice")
            }
            #expect(transport.requests(to: "peergos/v0/core/signup") == PeergosClient.signupAttempts)
            // No send reached the server, so the name is still free.
            _ = try await server.client().signup(username: "alice", password: "pw-alice")
        }
    }
}
