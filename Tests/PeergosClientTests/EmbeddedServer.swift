import Foundation
import Hummingbird
import Logging
import PeergosClient
import PeergosServer
import ServiceLifecycle

/// The reference server on a free loopback port with a temporary data folder, for the client's
/// tests over real HTTP. The port is learnt from the listening channel (no polling, no sleeps).
final class EmbeddedServer: @unchecked Sendable {
    let server: PeergosServer
    let origin: String
    let directory: String
    private let serving: Task<Void, Error>
    private let group: ServiceGroup

    private init(server: PeergosServer, origin: String, directory: String, serving: Task<Void, Error>, group: ServiceGroup) {
        self.server = server
        self.origin = origin
        self.directory = directory
        self.serving = serving
        self.group = group
    }

    static func start(maxDailySignups: Int? = nil, clock: @escaping @Sendable () -> Date = { Date() }) async throws -> EmbeddedServer {
        var logger = Logger(label: "peergos-client-tests")
        logger.logLevel = .error
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-client-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir, maxDailySignups: maxDailySignups, clock: clock, logger: logger)
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let app = server.application(port: 0) { channel in sink.yield(channel.localAddress?.port ?? 0) }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let serving = Task { try await group.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next(), port > 0 else { throw PeergosClientError.transport("server did not start") }
        return EmbeddedServer(server: server, origin: "http://127.0.0.1:\(port)", directory: dir, serving: serving, group: group)
    }

    func client(transport: PeergosTransport? = nil) -> PeergosClient {
        PeergosClient(transport: transport ?? HTTPTransport(origin: origin, timeout: .seconds(120)))
    }

    func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` with a fresh server, stopping it afterwards whatever happens.
    static func with<T>(maxDailySignups: Int? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                        _ body: (EmbeddedServer) async throws -> T) async throws -> T {
        let s = try await start(maxDailySignups: maxDailySignups, clock: clock)
        do {
            let result = try await body(s)
            await s.stop()
            return result
        } catch {
            await s.stop()
            throw error
        }
    }
}
