/// How a case ended.
public enum CaseResult: String, Sendable, Codable, CaseIterable {
    case pass
    case fail
    case skip
    /// Failed, and listed in the expected-failures file: does not fail the run.
    case expectedFail = "expected-fail"
    /// Passed although listed in the expected-failures file: fails the run (update the list).
    case unexpectedPass = "unexpected-pass"
    /// The case could not run to a verdict (a transport failure, a timeout, a bug in the case).
    case error

    /// Whether this result makes the run exit non-zero.
    public var failsRun: Bool { self == .fail || self == .unexpectedPass || self == .error }
}

/// The result of one case, with what a person needs to see why.
public struct CaseOutcome: Sendable {
    public let testCase: ConformanceCase
    public let result: CaseResult
    /// The failure or skip reason; for an expected failure, the reason given in the list too.
    public let message: String?
    public let milliseconds: Int
    /// For a failure: the exchange that showed it (the one the check named, else the last one).
    public let exchange: RecordedExchange?
    /// Every path the case sent a request to (itself or through the client library).
    public let routes: Set<String>

    public init(testCase: ConformanceCase, result: CaseResult, message: String?, milliseconds: Int, exchange: RecordedExchange?, routes: Set<String> = []) {
        self.testCase = testCase
        self.result = result
        self.message = message
        self.milliseconds = milliseconds
        self.exchange = exchange
        self.routes = routes
    }
}

/// A case's verdict that the server does not do what the Spec says.
public struct CaseFailure: Error, Sendable, CustomStringConvertible {
    public let message: String
    public let exchange: RecordedExchange?
    public init(_ message: String, exchange: RecordedExchange? = nil) {
        self.message = message
        self.exchange = exchange
    }
    public var description: String { message }
}

/// A case that cannot run against this server or configuration (e.g. `--read-only` without
/// `--probe-user`, or a quota too large to reach).
public struct CaseSkip: Error, Sendable, CustomStringConvertible {
    public let reason: String
    public init(_ reason: String) { self.reason = reason }
    public var description: String { reason }
}
