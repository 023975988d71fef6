import AsyncHTTPClient
import PeergosClient
import NIOCore
import NIOHTTP1

/// ``HTTPExchanger`` over AsyncHTTPClient: one request, no retries, no redirects, the answer
/// whatever its status. Answers are read up to `maxAnswerBytes`.
public final class AsyncHTTPExchanger: HTTPExchanger {
    public let origin: String
    let client: HTTPClient
    let timeout: Double
    let maxAnswerBytes: Int

    /// - Parameters:
    ///   - origin: `scheme://host:port`, without a trailing slash.
    ///   - timeout: seconds for each request, start to end.
    public init(origin: String, timeout: Double, maxAnswerBytes: Int = 64 << 20) {
        self.origin = origin.hasSuffix("/") ? String(origin.dropLast()) : origin
        var config = HTTPClient.Configuration()
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        // Idle connections leave the pool long before a server's keep-alive time-out closes them,
        // so a request is never sent on a connection the server is closing (see HTTPTransport).
        config.connectionPool = .init(idleTimeout: HTTPTransport.pooledConnectionIdleTimeout)
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
        self.timeout = timeout
        self.maxAnswerBytes = maxAnswerBytes
    }

    deinit { try? client.syncShutdown() }

    public func exchange(_ request: ProbeRequest) async throws -> ProbeResponse {
        var outgoing = HTTPClientRequest(url: origin + "/" + request.target)
        outgoing.method = HTTPMethod(rawValue: request.method)
        for (name, value) in request.headers { outgoing.headers.add(name: name, value: value) }
        if !request.body.isEmpty || request.method == "POST" {
            outgoing.body = .bytes(ByteBuffer(bytes: request.body))
        }
        let nanos = Int64(timeout * 1_000_000_000)
        do {
            let response = try await client.execute(outgoing, timeout: .nanoseconds(nanos))
            let body = try await response.body.collect(upTo: maxAnswerBytes)
            return ProbeResponse(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                                 body: Array(body.readableBytesView))
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout || error == .connectTimeout {
            throw ProbeError.timeout(seconds: timeout)
        } catch {
            throw ProbeError.connection("\(error)")
        }
    }
}
