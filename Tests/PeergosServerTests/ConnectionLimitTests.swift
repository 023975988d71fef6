import Foundation
import HummingbirdTesting
import PeergosServer
import Testing

/// Issue 8, item 11: a connection that stalls mid-request is closed after the request timeout, and
/// the number of open connections is bounded, with a clear refusal past the bound. Every wait is
/// for an event (the server closing, an answer) with a generous upper bound, never a fixed sleep.
@Suite("Connection timeouts and limit")
struct ConnectionLimitTests {
    static func request(_ path: String) -> String { "POST \(path) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n" }

    @Test("connections that sent headers and half a body are closed after the request timeout; others are still answered")
    func stalledRequestsClosed() async throws {
        let server = try ServerHTTPTests.server()
        try await server.application(port: 0, requestTimeout: .seconds(1)).test(.live) { client in
            let port = try #require(client.port)
            // Ten stalled uploads: headers promise 1000 bytes, 500 are sent.
            let stalled = try (0..<10).map { _ in try RawSocket(port: port) }
            let started = ContinuousClock.now
            for socket in stalled {
                #expect(socket.send("POST /peergos/v0/core/getChain HTTP/1.1\r\nHost: localhost\r\nContent-Length: 1000\r\n\r\n"))
                #expect(socket.send([UInt8](repeating: 0x41, count: 500)))
            }
            for socket in stalled {
                let (bytes, end) = try await socket.readToEnd()
                #expect(end == .closed, "a stalled connection was not closed within the 30 s bound")
                #expect(bytes.isEmpty, "\(String(decoding: bytes, as: UTF8.self))")
            }
            // Closed by the timeout, not at once: no earlier than the timeout after the last byte.
            #expect(ContinuousClock.now - started >= .milliseconds(900))
            // A connection that sends nothing at all is closed too.
            let silent = try RawSocket(port: port)
            #expect(try await silent.readToEnd().end == .closed)
            // The server still answers.
            let fresh = try RawSocket(port: port)
            fresh.send(Self.request("/api/v0/id"))
            #expect(try await fresh.readResponseHead()?.hasPrefix("HTTP/1.1 200") == true)
        }
    }

    @Test("past --max-connections a connection is answered 503 with the reason and closed; a freed slot is reused")
    func connectionLimit() async throws {
        let server = try ServerHTTPTests.server()
        let limit = 4
        try await server.application(port: 0, maxConnections: limit).test(.live) { client in
            let port = try #require(client.port)
            // The test client's own keep-alive connection is one of the four once it has an answer.
            #expect(try await client.execute(uri: "/api/v0/id", method: .post).status == .ok)
            var admitted: [RawSocket] = []
            for _ in 1..<limit {
                let socket = try RawSocket(port: port)
                socket.send(Self.request("/api/v0/id"))
                #expect(try await socket.readResponseHead()?.hasPrefix("HTTP/1.1 200") == true)
                admitted.append(socket)
            }
            // Connection limit + 1: refused at once, with the reason, then closed.
            let refused = try RawSocket(port: port)
            let (bytes, end) = try await refused.readToEnd()
            let answer = String(decoding: bytes, as: UTF8.self)
            #expect(end == .closed)
            #expect(answer.hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"), "\(answer)")
            #expect(answer.contains("\r\nTrailer: Too+many+open+connections+%28at+most+4%29%3B+try+again+later\r\n"), "\(answer)")
            #expect(answer.contains("\r\nConnection: close\r\n"))
            // A refused client that sent its request at once still reads the answer (not a reset).
            let eager = try RawSocket(port: port)
            eager.send(Self.request("/api/v0/id"))
            let (eagerBytes, eagerEnd) = try await eager.readToEnd()
            #expect(eagerEnd == .closed && String(decoding: eagerBytes, as: UTF8.self).hasPrefix("HTTP/1.1 503 Service Unavailable\r\n"))
            // The admitted ones still work.
            for socket in admitted {
                socket.send(Self.request("/api/v0/ids"))
                #expect(try await socket.readResponseHead()?.hasPrefix("HTTP/1.1 200") == true)
            }
            // Closing one frees its slot once the server has seen the close (bounded wait for that event).
            admitted.removeFirst()
            let deadline = ContinuousClock.now + .seconds(30)
            var reused = false
            while !reused && ContinuousClock.now < deadline {
                let socket = try RawSocket(port: port)
                socket.send(Self.request("/api/v0/id"))
                reused = try await socket.readResponseHead()?.hasPrefix("HTTP/1.1 200") == true
                await Task.yield()
            }
            #expect(reused)
        }
    }
}
