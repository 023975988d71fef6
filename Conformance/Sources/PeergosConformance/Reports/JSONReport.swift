import Foundation

/// The machine-readable report (`--json FILE`): the run's identity, then one object per case.
///
///     {"server": "http://127.0.0.1:8000", "serverId": "z…", "runnerVersion": "1.0.0",
///      "started": "2026-12-01T10:00:00Z", "summary": {"pass": 150, …},
///      "cases": [{"id": "…", "title": "…", "level": "MUST", "spec": "http.md#block-put",
///                 "tags": ["mutating"], "result": "fail", "message": "…", "milliseconds": 12,
///                 "exchange": {"method": "POST", "target": "…", "status": 200, …}}]}
public enum JSONReport {
    struct Document: Encodable {
        let server: String
        let serverId: String?
        let runnerVersion: String
        let started: String
        let summary: [String: Int]
        let cases: [Entry]
    }

    struct Entry: Encodable {
        let id: String
        let title: String
        let level: String
        let spec: String
        let tags: [String]
        let result: String
        let message: String?
        let milliseconds: Int
        let exchange: RecordedExchange?
    }

    public static func render(_ report: RunReport) throws -> String {
        let doc = Document(
            server: report.server, serverId: report.serverId, runnerVersion: report.runnerVersion,
            started: ISO8601DateFormatter().string(from: report.started),
            summary: Dictionary(uniqueKeysWithValues: CaseResult.allCases.map { ($0.rawValue, report.count($0)) }),
            cases: report.outcomes.map { o in
                Entry(id: o.testCase.id, title: o.testCase.title, level: o.testCase.level.rawValue, spec: o.testCase.spec,
                      tags: o.testCase.tags.map(\.rawValue).sorted(), result: o.result.rawValue, message: o.message,
                      milliseconds: o.milliseconds, exchange: o.result == .pass || o.result == .skip ? nil : o.exchange)
            })
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(doc), as: UTF8.self) + "\n"
    }
}
