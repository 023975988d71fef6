import Foundation
import HummingbirdTesting
import PeergosServer
import Testing

/// Raw HTTP/1.1 over one TCP connection, so a test controls exactly which requests share it.
enum RawHTTP {
    /// Sends each request on one connection (a `RawSocket`) and returns, per request, the status
    /// line and headers of the answer, "EOF" if the server closed or reset the connection first, or
    /// "NO ANSWER" if nothing came within the socket's receive timeout.
    static func exchange(port: Int, _ requests: [String]) async throws -> [String] {
        let socket = try RawSocket(port: port)
        var answers: [String] = []
        for request in requests {
            socket.send(request)
            switch try await socket.readResponse() {
            case .head(let head): answers.append(head)
            // Closed or reset: the server ended the connection (with our request unread, for a reset).
            case .ended(.closed): answers.append("EOF")
            // Nothing within the receive timeout: the hang this guards against.
            case .ended(.timedOut): answers.append("NO ANSWER")
            }
        }
        return answers
    }

    static func post(_ path: String, upgrade: Bool) -> String {
        "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n"
            + (upgrade ? "Connection: Upgrade, HTTP2-Settings\r\nHTTP2-Settings: AAEAAEAAAAIAAAAAAAMAAAAAAAQBAAAAAAUAAEAAAAYABgAA\r\nUpgrade: h2c\r\n" : "")
            + "\r\n"
    }
}

/// Java's HttpClient (upstream's client) asks every HTTP/1.1 request to upgrade to h2c.
@Suite("Upgrade headers")
struct UpgradeHeaderTests {
    @Test("a request asking for h2c is answered with Connection: close, then the connection closes; plain keep-alive still works")
    func h2cUpgradeRequests() async throws {
        let server = try ServerHTTPTests.server()
        try await server.application(port: 0).test(.live) { client in
            let port = try #require(client.port)
            let plain = try await RawHTTP.exchange(port: port, [RawHTTP.post("/api/v0/ids", upgrade: false), RawHTTP.post("/api/v0/id", upgrade: false)])
            #expect(plain.count == 2 && plain.allSatisfy { $0.hasPrefix("HTTP/1.1 200") }, "\(plain)")
            let upgraded = try await RawHTTP.exchange(port: port, [RawHTTP.post("/api/v0/ids", upgrade: true), RawHTTP.post("/api/v0/id", upgrade: true)])
            #expect(upgraded[0].hasPrefix("HTTP/1.1 200") && upgraded[0].lowercased().contains("connection: close"))
            #expect(upgraded[1] == "EOF")  // closed (or reset), not left hanging: the client reconnects
            // Refusals on an upgrade request keep their 400 + Trailer and still close.
            let refused = try await RawHTTP.exchange(port: port, [RawHTTP.post("/peergos/v0/core/nosuch", upgrade: true)])
            #expect(refused[0].hasPrefix("HTTP/1.1 400") && refused[0].contains("Unknown+pkinode+method%21"))
        }
    }
}
