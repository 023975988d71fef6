import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import PeergosServer
import PeergosServerStorage
import Synchronization
import Testing

/// Keeps every log message, so a test can find the line an error id points to.
final class CapturedLog: Sendable {
    let lines = Mutex<[String]>([])

    var handler: @Sendable (String) -> any LogHandler { { _ in Handler(sink: self) } }

    struct Handler: LogHandler {
        let sink: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            sink.lines.withLock { $0.append("\(event.level) \(event.message)") }
        }
    }
}

/// Issue 8, item 10: an unexpected error is answered with a generic message and an id, never its
/// internal text; the same id is in the log with the detail. Meant refusals keep their message.
@Suite("Internal errors")
struct InternalErrorTests {
    struct Unexpected: Error, CustomStringConvertible {
        var description: String { "SQLITE_IOERR: disk I/O error reading /var/secret/peergos.sqlite at frame 42" }
    }

    @Test("a storage failure or any unexpected error: 400, 'Internal server error (id …)', the id and detail logged")
    func genericAnswerWithLoggedId() async throws {
        let log = CapturedLog()
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-internal-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir, logger: Logger(label: "test", factory: log.handler))
        let router = server.router()
        router.post("/test/unexpected") { _, _ -> Response in throw Unexpected() }
        router.post("/test/storage") { _, _ -> Response in throw ServerStorageError.failure("database is locked (SQLITE_BUSY) in /var/secret") }
        router.post("/test/full") { _, _ -> Response in throw ServerStorageError.diskFull }
        try await Application(router: router).test(.router) { client in
            var ids: Set<String> = []
            for path in ["/test/unexpected", "/test/storage"] {
                let r = try await client.execute(uri: path, method: .post)
                #expect(r.status == .badRequest)
                let message = ServerHTTPTests.trailer(r)
                let match = message.wholeMatch(of: /Internal server error \(id ([0-9a-f]{16})\)/)
                let id = try #require(match.map { String($0.1) }, "\(message)")
                #expect(!message.contains("SQLITE") && !message.contains("secret"))
                #expect(ServerHTTPTests.bytes(r).isEmpty)
                let logged = log.lines.withLock { $0 }.filter { $0.contains(id) }
                #expect(logged.count == 1 && logged[0].hasPrefix("error") && logged[0].contains("secret"), "\(logged)")
                ids.insert(id)
            }
            #expect(ids.count == 2)
            // A refusal the server means keeps its words.
            #expect(ServerHTTPTests.trailer(try await client.execute(uri: "/test/full", method: .post)) == "storage full")
        }
    }
}
