/// A list of cases known to fail against a particular server, each with its reason:
/// one id per line, the reason after `#`; blank lines and lines starting with `#` are ignored.
///
///     mutable.setPointer.refuses-oversize   # upstream answers 500 (issue #123)
public struct ExpectedFailures: Sendable {
    /// Reason by id (empty when the line gave none).
    public let reasons: [String: String]

    public init(_ reasons: [String: String] = [:]) { self.reasons = reasons }

    public enum ParseError: Error, CustomStringConvertible {
        case badLine(number: Int, text: String)
        public var description: String {
            switch self {
            case .badLine(let n, let text): return "expected-failures line \(n): \"\(text)\" is not `case-id  # reason`"
            }
        }
    }

    public init(parsing text: String) throws {
        var reasons: [String: String] = [:]
        for (i, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") { continue }
            let parts = line.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)
            let id = parts[0].trimmingCharacters(in: .whitespaces)
            guard Catalogue.isValidId(id) else { throw ParseError.badLine(number: i + 1, text: String(raw)) }
            reasons[id] = parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : ""
        }
        self.reasons = reasons
    }

    /// Ids in the list that are not in `cases` (a stale list).
    public func unknownIds(in cases: [ConformanceCase]) -> [String] {
        let ids = Set(cases.map(\.id))
        return reasons.keys.filter { !ids.contains($0) }.sorted()
    }
}

import Foundation
