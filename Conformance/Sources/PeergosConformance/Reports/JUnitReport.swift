import Foundation

/// JUnit XML (`--junit FILE`) as CI tools read it: a `testsuite` per area, a `testcase` per case
/// (`name` the id, `classname` `conformance.<area>`), `failure` for a failure or an unexpected
/// pass, `error` for an error, `skipped` for a skip or an expected failure (with the reason).
public enum JUnitReport {
    public static func render(_ report: RunReport) -> String {
        var areas: [String] = []
        var byArea: [String: [CaseOutcome]] = [:]
        for o in report.outcomes {
            if byArea[o.testCase.area] == nil { areas.append(o.testCase.area) }
            byArea[o.testCase.area, default: []].append(o)
        }
        var x = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        let failures = report.count(.fail) + report.count(.unexpectedPass)
        x += "<testsuites name=\"peergos-conformance\" tests=\"\(report.outcomes.count)\" failures=\"\(failures)\" errors=\"\(report.count(.error))\">\n"
        for area in areas {
            let list = byArea[area]!
            let f = list.filter { $0.result == .fail || $0.result == .unexpectedPass }.count
            let e = list.filter { $0.result == .error }.count
            let s = list.filter { $0.result == .skip || $0.result == .expectedFail }.count
            let seconds = Double(list.map(\.milliseconds).reduce(0, +)) / 1000
            x += "  <testsuite name=\"\(esc(area))\" tests=\"\(list.count)\" failures=\"\(f)\" errors=\"\(e)\" skipped=\"\(s)\" time=\"\(seconds)\">\n"
            for o in list {
                let c = o.testCase
                x += "    <testcase name=\"\(esc(c.id))\" classname=\"conformance.\(esc(area))\" time=\"\(Double(o.milliseconds) / 1000)\">"
                let detail = [o.message, o.exchange?.summary].compactMap { $0 }.joined(separator: "\n")
                switch o.result {
                case .pass:
                    break
                case .fail, .unexpectedPass:
                    x += "\n      <failure message=\"\(esc(o.message ?? ""))\" type=\"\(o.result.rawValue)\">\(esc("\(c.level.rawValue) \(c.title) (Spec/\(c.spec))\n" + detail))</failure>\n    "
                case .error:
                    x += "\n      <error message=\"\(esc(o.message ?? ""))\">\(esc(detail))</error>\n    "
                case .skip, .expectedFail:
                    x += "\n      <skipped message=\"\(esc((o.result == .expectedFail ? "expected failure: " : "") + (o.message ?? "")))\"/>\n    "
                }
                x += "</testcase>\n"
            }
            x += "  </testsuite>\n"
        }
        return x + "</testsuites>\n"
    }

    static func esc(_ s: String) -> String {
        var out = ""
        for u in s.unicodeScalars {
            switch u {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "\n", "\t": out.unicodeScalars.append(u)
            default:
                // XML 1.0 forbids most control characters even escaped.
                if u.value < 0x20 { out += "?" } else { out.unicodeScalars.append(u) }
            }
        }
        return out
    }
}
