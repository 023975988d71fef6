import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// One POST to a Peergos server and its answer. The protocol lets tests put a fault between the
/// client and the server (a transport that corrupts a block, drops an answer, …).
public protocol PeergosTransport: Sendable {
    /// POSTs `body` to `path` (no leading slash, e.g. `api/v0/block/get`) with `query` in order.
    /// Answers the body of a 200; throws ``PeergosClientError`` otherwise.
    func post(_ path: String, query: [(String, String)], body: [UInt8]) async throws -> [UInt8]
    /// The server origin, e.g. `http://127.0.0.1:8000`.
    var origin: String { get }
}

/// The transport over AsyncHTTPClient, with upstream's conventions (`JavaPoster`):
/// errors are a 400 whose `Trailer` header holds the URL-encoded message; a message starting
/// `PointerCAS:` is a lost compare-and-swap; 429, 502, 503 and 504 are rate limits, retried
/// a bounded number of times with growing pauses, as upstream's client retries them.
public final class HTTPTransport: PeergosTransport {
    public let origin: String
    let client: HTTPClient
    let timeout: TimeAmount
    let maxAttempts: Int
    let ownsClient: Bool

    /// - Parameters:
    ///   - origin: `scheme://host:port`, without a trailing slash.
    ///   - timeout: for each request, start to end.
    ///   - maxAttempts: tries for a rate-limited request (at least 1).
    public init(origin: String, timeout: Duration = .seconds(60), maxAttempts: Int = 4, client: HTTPClient? = nil) {
        self.origin = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: Self.pooledConnectionIdleTimeout)
        self.client = client ?? HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        self.ownsClient = client == nil
        let (s, atto) = timeout.components
        self.timeout = .nanoseconds(s * 1_000_000_000 + atto / 1_000_000_000)
        self.maxAttempts = max(1, maxAttempts)
    }

    /// How long an idle connection stays in the pool for reuse: well below the keep-alive time-outs
    /// servers use (Java's `HttpServer` and ours close a connection idle for 30 s, Node's after 5 s).
    /// A client that reuses a connection just as the server closes it sends a request nobody reads
    /// and fails with "I/O on closed channel"; POSTs cannot be retried safely, so the pool lets
    /// connections go long before a server would.
    public static let pooledConnectionIdleTimeout: TimeAmount = .seconds(3)

    deinit {
        if ownsClient { try? client.syncShutdown() }
    }

    public func post(_ path: String, query: [(String, String)], body: [UInt8]) async throws -> [UInt8] {
        let url = origin + "/" + path + Self.queryString(query)
        var attempt = 0
        while true {
            attempt += 1
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.body = .bytes(ByteBuffer(bytes: body))
            let response: HTTPClientResponse
            let bytes: ByteBuffer
            do {
                response = try await client.execute(request, timeout: timeout)
                bytes = try await response.body.collect(upTo: 64 << 20)
            } catch {
                throw PeergosClientError.transport("\(path): \(error)")
            }
            let status = Int(response.status.code)
            if status == 200 { return Array(bytes.readableBytesView) }
            if [429, 502, 503, 504].contains(status) {
                guard attempt < maxAttempts else { throw PeergosClientError.rateLimited(status: status) }
                try await Task.sleep(for: .milliseconds(100 << attempt))  // back-off between retries, not synchronisation
                continue
            }
            throw Self.error(status: status, trailer: response.headers.first(name: "Trailer").map(Self.formDecode), path: path)
        }
    }

    /// The error for a non-200 answer that is not retried, by upstream's convention: a `Trailer`
    /// (already form-decoded) starting `PointerCAS:` is a lost compare-and-swap, one containing
    /// "Queue full" a rate limit, anything else a refusal with the server's text.
    public static func error(status: Int, trailer: String?, path: String) -> PeergosClientError {
        let trailer = trailer ?? ""
        if trailer.hasPrefix("PointerCAS:") { return .casFailure(trailer) }
        if trailer.contains("Queue full") || [429, 502, 503, 504].contains(status) { return .rateLimited(status: status) }
        return .refused(status: status, message: trailer.isEmpty ? "HTTP \(status) from \(path)" : trailer)
    }

    /// `?k=v&…`, each part percent-encoded for a query (spaces as `%20`).
    static func queryString(_ query: [(String, String)]) -> String {
        guard !query.isEmpty else { return "" }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return "?" + query.map { "\(enc($0.0))=\(enc($0.1))" }.joined(separator: "&")
    }

    /// Java `URLDecoder.decode`: `+` is a space, then percent-decoding.
    static func formDecode(_ s: String) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
