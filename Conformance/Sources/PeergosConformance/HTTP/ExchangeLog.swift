import Foundation
import Synchronization

/// A request and its answer (or why there was none), as a report shows it: bodies cut to
/// ``limit`` bytes, text shown as text and anything else as hex.
public struct RecordedExchange: Sendable, Codable {
    public let method: String
    public let target: String
    public let requestHeaders: [String]
    public let requestBody: String
    public let requestBytes: Int
    public let status: Int?
    public let responseHeaders: [String]
    public let responseBody: String
    public let responseBytes: Int
    /// When there was no answer: why.
    public let transportError: String?

    public static let limit = 512

    public init(_ request: ProbeRequest, _ response: Result<ProbeResponse, Error>) {
        method = request.method
        target = request.target
        requestHeaders = request.headers.map { "\($0.0): \($0.1)" }
        requestBody = Self.show(request.body)
        requestBytes = request.body.count
        switch response {
        case .success(let r):
            status = r.status
            responseHeaders = r.headers.map { "\($0.0): \($0.1)" }
            responseBody = Self.show(r.body)
            responseBytes = r.body.count
            transportError = nil
        case .failure(let e):
            status = nil
            responseHeaders = []
            responseBody = ""
            responseBytes = 0
            transportError = "\(e)"
        }
    }

    /// Printable UTF-8 as text, anything else as `hex:` of the first ``limit`` bytes.
    static func show(_ bytes: [UInt8]) -> String {
        let cut = Array(bytes.prefix(limit))
        let more = bytes.count > limit ? " … (\(bytes.count) bytes)" : ""
        if let text = String(bytes: cut, encoding: .utf8), text.unicodeScalars.allSatisfy({ $0.value >= 0x20 || $0 == "\n" || $0 == "\t" || $0 == "\r" }) {
            return text + more
        }
        return "hex:" + cut.map { String(format: "%02x", $0) }.joined() + more
    }

    /// Two or three lines for the console.
    public var summary: String {
        var s = "\(method) /\(target) (\(requestBytes) bytes)"
        if let status {
            s += " -> \(status)"
            if let t = responseHeaders.first(where: { $0.lowercased().hasPrefix("trailer:") }) { s += " [\(t)]" }
            s += " (\(responseBytes) bytes)"
        } else if let transportError {
            s += " -> no answer: \(transportError)"
        }
        return s
    }
}

/// The exchanges of the case running in the current task. Exchanges made by the client library
/// are recorded too (they go through ``RecordingTransport``); a fixture created while one case
/// runs records into that case's log.
public final class ExchangeLog: Sendable {
    private let entries = Mutex<[RecordedExchange]>([])
    private let paths = Mutex<Set<String>>([])
    public init() {}

    @TaskLocal public static var current: ExchangeLog?

    func append(_ e: RecordedExchange) {
        paths.withLock { _ = $0.insert(String(e.target.prefix { $0 != "?" })) }
        entries.withLock {
            if $0.count >= 64 { $0.removeFirst() }
            $0.append(e)
        }
    }

    /// Adds the exchanges and routes of `other` (a fixture this case used) to this log.
    func absorb(_ other: ExchangeLog) {
        guard other !== self else { return }
        let (theirEntries, theirPaths) = (other.entries.withLock { $0 }, other.routes)
        paths.withLock { $0.formUnion(theirPaths) }
        entries.withLock {
            $0.append(contentsOf: theirEntries)
            if $0.count > 64 { $0.removeFirst($0.count - 64) }
        }
    }

    public var last: RecordedExchange? { entries.withLock { $0.last } }
    public var count: Int { entries.withLock { $0.count } }
    /// Every path (no query) the case sent a request to.
    public var routes: Set<String> { paths.withLock { $0 } }
}
