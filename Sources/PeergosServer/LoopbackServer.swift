import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// The reference server running in this process on a free loopback port, with a temporary data
/// folder of its own: what the tests, the benchmarks and (next) the conformance runner start
/// when no server is given. The port is learnt from the listening channel (no polling).
///
/// Invariant: after ``stop()`` the server no longer listens and its data folder is gone.
public final class LoopbackServer: @unchecked Sendable {
    public let server: PeergosServer
    /// `http://127.0.0.1:<port>`.
    public let origin: String
    public let directory: String
    private let serving: Task<Void, Error>
    private let group: ServiceGroup

    private init(server: PeergosServer, origin: String, directory: String, serving: Task<Void, Error>, group: ServiceGroup) {
        self.server = server
        self.origin = origin
        self.directory = directory
        self.serving = serving
        self.group = group
    }

    /// Starts a server (errors only in its log, at `logLevel`).
    public static func start(label: String = "peergos-loopback", maxDailySignups: Int? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                             clock: @escaping @Sendable () -> Date = { Date() }, logLevel: Logger.Level = .error) async throws -> LoopbackServer {
        try await start(label: label, maxDailySignups: maxDailySignups, defaultQuota: defaultQuota, clock: clock, logLevel: logLevel, faults: [])
    }

    /// Starts a server with deliberate protocol violations (``ServerFaults``), for testing
    /// conformance runners.
    @_spi(FaultInjection)
    public static func start(label: String = "peergos-loopback", maxDailySignups: Int? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                             clock: @escaping @Sendable () -> Date = { Date() }, logLevel: Logger.Level = .error, faults: ServerFaults) async throws -> LoopbackServer {
        var logger = Logger(label: label)
        logger.logLevel = logLevel
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("\(label)-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir, maxDailySignups: maxDailySignups, defaultQuota: defaultQuota, clock: clock, logger: logger, faults: faults)
        let (ports, sink) = AsyncStream<Int>.makeStream()
        let app = server.application(port: 0) { channel in sink.yield(channel.localAddress?.port ?? 0) }
        let group = ServiceGroup(services: [app], gracefulShutdownSignals: [], logger: logger)
        let serving = Task { try await group.run() }
        var it = ports.makeAsyncIterator()
        guard let port = await it.next(), port > 0 else {
            await group.triggerGracefulShutdown()
            try? FileManager.default.removeItem(atPath: dir)
            throw PeergosServerError("the loopback server did not start")
        }
        return LoopbackServer(server: server, origin: "http://127.0.0.1:\(port)", directory: dir, serving: serving, group: group)
    }

    /// Stops serving and removes the data folder.
    public func stop() async {
        await group.triggerGracefulShutdown()
        _ = try? await serving.value
        try? FileManager.default.removeItem(atPath: directory)
    }

    /// Runs `body` with a fresh server, stopping it afterwards whatever happens.
    public static func with<T>(label: String = "peergos-loopback", maxDailySignups: Int? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                               clock: @escaping @Sendable () -> Date = { Date() }, _ body: (LoopbackServer) async throws -> T) async throws -> T {
        try await with(label: label, maxDailySignups: maxDailySignups, defaultQuota: defaultQuota, clock: clock, faults: [], body)
    }

    /// Runs `body` with a fresh server with deliberate protocol violations (``ServerFaults``).
    @_spi(FaultInjection)
    public static func with<T>(label: String = "peergos-loopback", maxDailySignups: Int? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                               clock: @escaping @Sendable () -> Date = { Date() }, faults: ServerFaults, _ body: (LoopbackServer) async throws -> T) async throws -> T {
        let s = try await start(label: label, maxDailySignups: maxDailySignups, defaultQuota: defaultQuota, clock: clock, faults: faults)
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
