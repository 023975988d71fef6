import ArgumentParser
import Hummingbird
import Logging
import PeergosServer

/// `peergos-server --data DIR --port N [--host H]`: the reference Peergos server.
@main
struct PeergosServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peergos-server", abstract: "Run the reference Peergos server.")

    /// Largest `--max-daily-signups`: past a million a day the proof of work is the minimum anyway,
    /// and the bound keeps the difficulty arithmetic far from overflow.
    static let maxDailySignupsLimit = 1_000_000_000
    /// Largest `--request-timeout`, in seconds (a day).
    static let maxRequestTimeout = 86_400
    /// Largest `--max-connections` (far above what a process's file descriptors allow).
    static let maxConnectionsLimit = 1_000_000

    @Option(help: "Folder for the server's database (created 0700; it holds the node's keys).") var data: String
    @Option(help: "Port to listen on (0 picks a free one).") var port: Int = 8000
    @Option(help: "Address to bind (loopback by default).") var host: String = "127.0.0.1"
    @Option(help: "Log level: trace, debug, info, notice, warning, error, critical.") var logLevel: String = "info"
    @Option(help: "Ask signups for proofs of work at upstream's adaptive difficulty for this many signups a day (0 to \(maxDailySignupsLimit); none asked if unset).")
    var maxDailySignups: Int?
    @Option(help: "Refuse writes that would grow the database past this many bytes (\"storage full\").")
    var maxStorageBytes: Int64?
    @Option(help: "Each account's storage quota in bytes (upstream's -default-quota; 1 GiB by default).")
    var defaultQuota: Int64 = PeergosServer.defaultQuotaBytes
    @Option(help: "Close a connection that sends nothing for this many seconds mid-request or while idle (1 to \(maxRequestTimeout)).")
    var requestTimeout: Int = Int(PeergosServer.defaultRequestTimeout.components.seconds)
    @Option(help: "Most connections open at once; past it a connection is answered 503 and closed (1 to \(maxConnectionsLimit)).")
    var maxConnections: Int = 1024

    func validate() throws {
        guard (0...65_535).contains(port) else { throw ValidationError("--port must be between 0 and 65535, not \(port)") }
        guard Logger.Level(rawValue: logLevel) != nil else {
            throw ValidationError("--log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", ")), not '\(logLevel)'")
        }
        if let maxDailySignups, !(0...Self.maxDailySignupsLimit).contains(maxDailySignups) {
            throw ValidationError("--max-daily-signups must be between 0 and \(Self.maxDailySignupsLimit), not \(maxDailySignups)")
        }
        if let maxStorageBytes, maxStorageBytes <= 0 { throw ValidationError("--max-storage-bytes must be positive, not \(maxStorageBytes)") }
        guard defaultQuota > 0 else { throw ValidationError("--default-quota must be positive, not \(defaultQuota)") }
        guard (1...Self.maxRequestTimeout).contains(requestTimeout) else {
            throw ValidationError("--request-timeout must be between 1 and \(Self.maxRequestTimeout) seconds, not \(requestTimeout)")
        }
        guard (1...Self.maxConnectionsLimit).contains(maxConnections) else {
            throw ValidationError("--max-connections must be between 1 and \(Self.maxConnectionsLimit), not \(maxConnections)")
        }
    }

    func run() async throws {
        var logger = Logger(label: "peergos-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info  // validate() admitted only known levels
        let server = try PeergosServer(dataDirectory: data, maxDailySignups: maxDailySignups, maxStorageBytes: maxStorageBytes,
                                       defaultQuota: defaultQuota, logger: logger)
        logger.info("node \(server.nodeId) listening on \(host):\(port), data in \(data)")
        // runService handles SIGINT/SIGTERM with a graceful shutdown.
        try await server.application(host: host, port: port, requestTimeout: .seconds(requestTimeout), maxConnections: maxConnections).runService()
    }
}
