import PeergosClient
import PeergosServer
import Testing

/// A pooled connection is reused only while no server would close it: a POST sent on a
/// connection the server is closing for idleness is read by nobody, and cannot be retried safely.
@Suite("Client: pooled connections")
struct ConnectionReuseTests {
    @Test("idle connections leave the pool before the reference server's (and Node's 5 s) keep-alive time-out")
    func poolIdleTimeoutBelowServers() {
        let pool = HTTPTransport.pooledConnectionIdleTimeout.nanoseconds
        let (seconds, attoseconds) = PeergosServer.defaultRequestTimeout.components
        let server = seconds * 1_000_000_000 + attoseconds / 1_000_000_000
        #expect(pool > 0)
        #expect(pool * 2 <= server, "pool idle \(pool) ns against the server's \(server) ns")
        #expect(pool < 5_000_000_000, "pool idle \(pool) ns against Node's default keep-alive of 5 s")
    }
}
