import ArgumentParser
import Hummingbird
import Logging
import PeergosServer

/// `peergos-server --data DIR --port N [--host H]`: the reference Peergos server.
@main
struct PeergosServerCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "peergos-server", abstract: "Run the reference Peergos server.")

    @Option(help: "Folder for the server's database.") var data: String
    @Option(help: "Port to listen on.") var port: Int = 8000
    @Option(help: "Address to bind (loopback by default).") var host: String = "127.0.0.1"
    @Option(help: "Log level: trace, debug, info, notice, warning, error.") var logLevel: String = "info"
    @Option(help: "Ask signups for proofs of work at upstream's adaptive difficulty for this many signups a day (none asked if unset).")
    var maxDailySignups: Int?
    @Option(help: "Refuse writes that would grow the database past this many bytes (\"storage full\").")
    var maxStorageBytes: Int64?

    func run() async throws {
        var logger = Logger(label: "peergos-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let server = try PeergosServer(dataDirectory: data, maxDailySignups: maxDailySignups, maxStorageBytes: maxStorageBytes, logger: logger)
        logger.info("node \(server.nodeId) listening on \(host):\(port), data in \(data)")
        // runService handles SIGINT/SIGTERM with a graceful shutdown.
        try await server.application(host: host, port: port).runService()
    }
}
