import Foundation
import PeergosClient
import Synchronization

/// A transport between the client and the server that can misbehave on purpose: rewrite answers
/// (a server returning wrong bytes) or fail requests after a number of them (a dropped
/// connection in the middle of an upload). Everything else passes through unchanged.
final class FaultTransport: PeergosTransport {
    let inner: PeergosTransport
    var origin: String { inner.origin }
    /// Rewrites the answer of a route (given path and query), or nil to leave it.
    let rewrite: @Sendable (_ path: String, _ query: [(String, String)], _ answer: [UInt8]) -> [UInt8]?
    /// Fails every request to `failRoute` after this many have gone through (nil: never).
    let failAfter: Int?
    let failRoute: String
    private let count = Mutex(0)
    /// Runs before each request is forwarded (to make another writer act at an exact moment).
    let before: (@Sendable (_ path: String) async throws -> Void)?
    /// An answer to give instead of forwarding the request (a server's answer made up), or nil to forward it.
    let instead: (@Sendable (_ path: String) -> [UInt8]?)?
    private let routes = Mutex<[String: Int]>([:])

    init(_ inner: PeergosTransport, failRoute: String = "", failAfter: Int? = nil,
         rewrite: @escaping @Sendable (String, [(String, String)], [UInt8]) -> [UInt8]? = { _, _, _ in nil },
         before: (@Sendable (String) async throws -> Void)? = nil, instead: (@Sendable (String) -> [UInt8]?)? = nil) {
        self.before = before
        self.instead = instead
        self.inner = inner
        self.rewrite = rewrite
        self.failAfter = failAfter
        self.failRoute = failRoute
    }

    var requestsSeen: Int { count.withLock { $0 } }
    /// How many requests went to `path`.
    func requests(to path: String) -> Int { routes.withLock { $0[path] ?? 0 } }

    func post(_ path: String, query: [(String, String)], body: [UInt8]) async throws -> [UInt8] {
        if path == failRoute, let failAfter {
            let n = count.withLock { n -> Int in n += 1; return n }
            if n > failAfter { throw PeergosClientError.transport("injected failure on \(path)") }
        }
        routes.withLock { $0[path, default: 0] += 1 }
        if let made = instead?(path) { return made }
        try await before?(path)
        let answer = try await inner.post(path, query: query, body: body)
        return rewrite(path, query, answer) ?? answer
    }
}
