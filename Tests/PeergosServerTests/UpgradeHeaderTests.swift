import Foundation
#if canImport(Glibc)
import Glibc
#endif
import HummingbirdTesting
import PeergosServer
import Testing

/// Raw HTTP/1.1 over one TCP connection, so a test controls exactly which requests share it.
enum RawHTTP {
    /// Sends each request on one connection and returns, per request, the status line and
    /// headers of the answer, or "EOF" if the server closed the connection first. The blocking
    /// socket work runs off the cooperative pool (see `OffPool`).
    static func exchange(port: Int, _ requests: [String]) async throws -> [String] {
        try await OffPool.run { try blockingExchange(port: port, requests) }
    }

    private static func blockingExchange(port: Int, _ requests: [String]) throws -> [String] {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)  // generous under load; the bug it guards against is a hang for ever
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_port = in_port_t(UInt16(port).bigEndian)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let connected = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard connected == 0 else { throw POSIXError(.ECONNREFUSED) }
        var answers: [String] = []
        var pending: [UInt8] = []
        /// Reads until one whole response (head, then Content-Length body bytes) is buffered.
        func readResponse() -> String {
            var buffer = [UInt8](repeating: 0, count: 65536)
            while true {
                if let headEnd = pending.firstRange(of: Array("\r\n\r\n".utf8)) {
                    let head = String(decoding: pending[..<headEnd.lowerBound], as: UTF8.self)
                    let length = head.components(separatedBy: "\r\n")
                        .first { $0.lowercased().hasPrefix("content-length:") }
                        .flatMap { Int($0.split(separator: ":")[1].trimmingCharacters(in: .whitespaces)) } ?? 0
                    if pending.count >= headEnd.upperBound + length {
                        pending.removeFirst(headEnd.upperBound + length)
                        return head
                    }
                }
                let n = recv(fd, &buffer, buffer.count, 0)
                if n == 0 { return "EOF" }
                // A reset means closed too (the server closed with our request unread); a timeout means no answer.
                if n < 0 { return errno == ECONNRESET ? "RESET" : "NO ANSWER" }
                pending += buffer[0..<n]
            }
        }
        for request in requests {
            _ = request.withCString { send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
            answers.append(readResponse())
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
            #expect(upgraded[1] == "EOF" || upgraded[1] == "RESET")  // closed, not left hanging: the client reconnects
            // Refusals on an upgrade request keep their 400 + Trailer and still close.
            let refused = try await RawHTTP.exchange(port: port, [RawHTTP.post("/peergos/v0/core/nosuch", upgrade: true)])
            #expect(refused[0].hasPrefix("HTTP/1.1 400") && refused[0].contains("Unknown+pkinode+method%21"))
        }
    }
}
