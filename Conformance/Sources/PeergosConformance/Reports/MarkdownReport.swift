import Foundation

/// Markdown a person can paste into an issue or a README: the run's identity and summary, then
/// a table of every case that did not pass (or of every case with `all`).
public enum MarkdownReport {
    public static func render(_ report: RunReport, all: Bool = true) -> String {
        var s = "# Peergos conformance report\n\n"
        s += "- Server: \(report.server)\(report.serverId.map { " (`\($0)`)" } ?? "")\n"
        s += "- Runner: peergos-conformance \(report.runnerVersion), started \(ISO8601DateFormatter().string(from: report.started))\n"
        s += "- Result: \(report.summaryLine)\n\n"
        s += "| result | case | level | title | spec | ms | detail |\n|---|---|---|---|---|---:|---|\n"
        for o in report.outcomes where all || o.result != .pass {
            let c = o.testCase
            s += "| \(icon(o.result)) \(o.result.rawValue) | `\(c.id)` | \(c.level.rawValue) | \(cell(c.title)) | [\(c.spec)](../Spec/\(c.spec)) | \(o.milliseconds) | \(cell(o.message ?? "")) |\n"
        }
        return s
    }

    static func icon(_ r: CaseResult) -> String {
        switch r {
        case .pass: return "✅"
        case .fail: return "❌"
        case .skip: return "⏭️"
        case .expectedFail: return "⚠️"
        case .unexpectedPass: return "❗"
        case .error: return "💥"
        }
    }

    /// One table cell: no newlines, pipes escaped, long text cut.
    static func cell(_ s: String) -> String {
        var t = s.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "|", with: "\\|")
        if t.count > 300 { t = String(t.prefix(300)) + "…" }
        return t
    }
}
