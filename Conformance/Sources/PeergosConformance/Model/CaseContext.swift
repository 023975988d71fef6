import Foundation
import PeergosClient

/// What a case works with: raw HTTP to the server, the client library over the same door, the
/// run's fixtures, and checks that end the case with a readable verdict.
public struct CaseContext: Sendable {
    public let config: RunConfiguration
    public let fixtures: Fixtures
    public let log: ExchangeLog

    public var origin: String { config.exchanger.origin }

    /// Sends `request` and records the exchange. A transport failure (no answer, connection
    /// closed) is thrown as ``ProbeError``.
    /// (Inside a fixture being made, the exchange goes to the fixture's log, which every case
    /// using the fixture absorbs.)
    public func send(_ request: ProbeRequest) async throws -> ProbeResponse {
        let target = ExchangeLog.current ?? log
        do {
            let response = try await config.exchanger.exchange(request)
            target.append(RecordedExchange(request, .success(response)))
            return response
        } catch {
            target.append(RecordedExchange(request, .failure(error)))
            throw error
        }
    }

    /// POSTs `body` to `path` (no leading slash) with `query`, and records the exchange.
    public func post(_ path: String, query: [(String, String)] = [], body: [UInt8] = [], headers: [(String, String)] = []) async throws -> ProbeResponse {
        try await send(ProbeRequest(method: "POST", path: path, query: query, headers: headers, body: body))
    }

    /// A fresh client library instance whose traffic is recorded in this case.
    public func client() -> PeergosClient { fixtures.client() }

    // MARK: Checks

    /// Fails the case with `message` (and the last exchange) unless `condition` holds.
    public func expect(_ condition: Bool, _ message: @autoclosure () -> String) throws {
        if !condition { throw CaseFailure(message(), exchange: log.last) }
    }

    /// Fails the case now.
    public func fail(_ message: String) -> CaseFailure { CaseFailure(message, exchange: log.last) }

    /// Fails unless the answer has `status`.
    public func expectStatus(_ response: ProbeResponse, _ status: Int, _ what: String = "the answer") throws {
        try expect(response.status == status, "\(what): expected HTTP \(status), got \(response.status)\(response.trailer.map { " (Trailer: \($0))" } ?? "")")
    }

    /// Fails unless the answer is a refusal by the convention of Spec/http.md#conventions: 400
    /// with a non-empty message in `Trailer` (containing `text`, case-insensitively, when given).
    /// Returns the message.
    @discardableResult
    public func expectRefusal(_ response: ProbeResponse, containing text: String? = nil, _ what: String = "the request") throws -> String {
        try expect(response.status == 400, "\(what) should be refused with HTTP 400, got \(response.status)")
        guard let message = response.trailer, !message.isEmpty else {
            throw fail("\(what) was refused with 400 but without a message in the Trailer header")
        }
        if let text {
            try expect(message.lowercased().contains(text.lowercased()), "\(what) was refused, but with \"\(message)\" instead of a message containing \"\(text)\"")
        }
        return message
    }

    /// Runs a client-library call that must be refused by the server; returns the refusal's
    /// message. Fails if it succeeds or fails otherwise.
    @discardableResult
    public func expectRefused<T>(_ what: String, containing text: String? = nil, _ call: () async throws -> T) async throws -> String {
        do {
            _ = try await call()
        } catch let error as PeergosClientError {
            switch error {
            case .refused(_, let message), .casFailure(let message), .signupRefused(let message):
                if let text {
                    try expect(message.lowercased().contains(text.lowercased()), "\(what) was refused, but with \"\(message)\" instead of a message containing \"\(text)\"")
                }
                return message
            default:
                throw fail("\(what) should have been refused by the server; it failed otherwise: \(error)")
            }
        }
        throw fail("\(what) should have been refused, and the server accepted it")
    }

    /// Fails unless `body` is exactly the one-byte DataStream boolean `value`.
    public func expectBool(_ response: ProbeResponse, _ value: Bool, _ what: String = "the answer") throws {
        try expectStatus(response, 200, what)
        try expect(response.body == [value ? 1 : 0], "\(what): expected the DataStream boolean \(value), got \(RecordedExchange.show(response.body))")
    }
}
