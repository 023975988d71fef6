import Foundation
import PeergosClient
import PeergosServer

/// The reference server on a free loopback port with a temporary data folder (``LoopbackServer``),
/// for the client's tests over real HTTP, with clients for it.
struct EmbeddedServer: Sendable {
    let loopback: LoopbackServer
    var server: PeergosServer { loopback.server }
    var origin: String { loopback.origin }

    func client(transport: PeergosTransport? = nil) -> PeergosClient {
        PeergosClient(transport: transport ?? HTTPTransport(origin: origin, timeout: .seconds(120)))
    }

    /// Runs `body` with a fresh server, stopping it afterwards whatever happens.
    static func with<T>(maxDailySignups: Int? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                        _ body: (EmbeddedServer) async throws -> T) async throws -> T {
        try await LoopbackServer.with(label: "peergos-client-tests", maxDailySignups: maxDailySignups, clock: clock) { try await body(EmbeddedServer(loopback: $0)) }
    }
}
