import Foundation

/// Renderings of a ``VectorReport`` for people (text) and for CI (JSON, JUnit XML).
public enum VectorReportFormat {
    /// One line per failure, a summary of skips, then `N passed, M failed, K skipped`.
    public static func text(_ report: VectorReport, verbose: Bool = false) -> String {
        var out = ""
        for (path, reason) in report.unreadableFiles { out += "FAIL \(path): \(reason)\n" }
        for r in report.results {
            switch r.status {
            case .failed: out += "FAIL \(r.area)/\(r.id) [\(r.file)]: \(r.message)\n"
            case .passed where verbose: out += "ok   \(r.area)/\(r.id)\n"
            default: break
            }
        }
        // Skips, grouped by reason, so unimplemented areas are listed once each.
        var skipGroups: [String: [String]] = [:]
        for r in report.results where r.status == .skipped { skipGroups["\(r.area): \(r.message)", default: []].append(r.id) }
        for key in skipGroups.keys.sorted() {
            let ids = skipGroups[key] ?? []
            out += "SKIP \(key) (\(ids.count) vector\(ids.count == 1 ? "" : "s"))\n"
        }
        out += report.summaryLine + "\n"
        return out
    }

    /// The result as a JSON document: counts plus one object per vector.
    public static func json(_ report: VectorReport) -> String {
        var results: [[String: Any]] = report.results.map { r in
            var o: [String: Any] = ["file": r.file, "area": r.area, "id": r.id, "kind": r.kind, "status": r.status.rawValue]
            if !r.message.isEmpty { o["message"] = r.message }
            return o
        }
        for (path, reason) in report.unreadableFiles {
            results.append(["file": path, "area": "", "id": "", "kind": "", "status": "failed", "message": reason])
        }
        let doc: [String: Any] = [
            "passed": report.passed, "failed": report.failed, "skipped": report.skipped, "results": results,
        ]
        let data = (try? JSONSerialization.data(withJSONObject: doc, options: [.prettyPrinted, .sortedKeys])) ?? Data()
        return String(decoding: data, as: UTF8.self)
    }

    /// JUnit XML: one test suite per area, one test case per vector (named by its id).
    public static func junit(_ report: VectorReport) -> String {
        var byArea: [String: [VectorResult]] = [:]
        for r in report.results { byArea[r.area, default: []].append(r) }
        var xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        xml += "<testsuites name=\"peergos-vectors\" tests=\"\(report.results.count)\" failures=\"\(report.failed)\" skipped=\"\(report.skipped)\">\n"
        for area in byArea.keys.sorted() {
            let rs = byArea[area] ?? []
            let failures = rs.filter { $0.status == .failed }.count
            let skips = rs.filter { $0.status == .skipped }.count
            xml += "  <testsuite name=\"\(escape(area))\" tests=\"\(rs.count)\" failures=\"\(failures)\" skipped=\"\(skips)\">\n"
            for r in rs {
                xml += "    <testcase name=\"\(escape(r.id))\" classname=\"\(escape(area)).\(escape(r.kind))\" file=\"\(escape(r.file))\""
                switch r.status {
                case .passed: xml += "/>\n"
                case .failed: xml += ">\n      <failure message=\"\(escape(r.message))\"/>\n    </testcase>\n"
                case .skipped: xml += ">\n      <skipped message=\"\(escape(r.message))\"/>\n    </testcase>\n"
                }
            }
            xml += "  </testsuite>\n"
        }
        xml += "</testsuites>\n"
        return xml
    }

    private static func escape(_ s: String) -> String {
        var out = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            default: out.unicodeScalars.append(c)
            }
        }
        return out
    }
}
