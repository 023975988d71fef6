import Foundation

/// One HTTP request as a case sends it: any method, any header, any body (including malformed
/// ones), so that refusals can be checked as well as answers.
public struct ProbeRequest: Sendable {
    public var method: String
    /// Without a leading slash, e.g. `api/v0/block/get`.
    public var path: String
    public var query: [(String, String)]
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(method: String = "POST", path: String, query: [(String, String)] = [], headers: [(String, String)] = [], body: [UInt8] = []) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// `path?k=v&…`, each part percent-encoded (spaces as `%20`).
    public var target: String {
        guard !query.isEmpty else { return path }
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        func enc(_ s: String) -> String { s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s }
        return path + "?" + query.map { "\(enc($0.0))=\(enc($0.1))" }.joined(separator: "&")
    }
}

/// One HTTP answer.
public struct ProbeResponse: Sendable {
    public var status: Int
    public var headers: [(String, String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(String, String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of a header (names compared case-insensitively).
    public func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name.lowercased() }?.1
    }

    /// The refusal message: the `Trailer` header, form-decoded (`+` is a space) as Java's
    /// `URLDecoder` decodes it; nil when absent.
    public var trailer: String? {
        guard let raw = header("Trailer") else { return nil }
        let spaced = raw.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}

/// Why an exchange produced no answer.
public enum ProbeError: Error, Sendable, CustomStringConvertible {
    /// The connection failed or was closed before a complete answer.
    case connection(String)
    /// No answer within the request timeout.
    case timeout(seconds: Double)

    public var description: String {
        switch self {
        case .connection(let detail): return "connection failed or closed without an answer: \(detail)"
        case .timeout(let s): return "no answer within \(s) s"
        }
    }
}

/// Sends one request and returns the answer, whatever its status. The runner's only door to
/// the server: the cases' raw requests and the client library's traffic both go through it, so
/// tests can put a fault between runner and server.
public protocol HTTPExchanger: Sendable {
    var origin: String { get }
    func exchange(_ request: ProbeRequest) async throws -> ProbeResponse
}
