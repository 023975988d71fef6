import Foundation

/// Everything a run found, in catalogue order.
public struct RunReport: Sendable {
    public let server: String
    /// The node id from `api/v0/id`, when the server answered it.
    public let serverId: String?
    public let runnerVersion: String
    public let started: Date
    public let outcomes: [CaseOutcome]

    public func count(_ result: CaseResult) -> Int { outcomes.filter { $0.result == result }.count }

    /// Whether the run should exit non-zero: a failure, an error or an unexpected pass.
    public var failed: Bool { outcomes.contains { $0.result.failsRun } }

    /// `N passed, M failed, K skipped`, then expected failures, unexpected passes and errors when any.
    public var summaryLine: String {
        var s = "\(count(.pass)) passed, \(count(.fail)) failed, \(count(.skip)) skipped"
        if count(.expectedFail) > 0 || count(.unexpectedPass) > 0 {
            s += ", \(count(.expectedFail)) expected failures, \(count(.unexpectedPass)) unexpected passes"
        }
        if count(.error) > 0 { s += ", \(count(.error)) errors" }
        return s
    }
}
