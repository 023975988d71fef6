import Foundation
import PeergosConformance

/// Progress on standard output: one line per case as it finishes (result, id, time), the reason
/// of a failure indented below, a closing summary line. Colour only when standard output is a
/// terminal and `NO_COLOR` is unset.
struct Console {
    let colour = isatty(STDOUT_FILENO) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil

    func note(_ s: String) { out(paint(s, "2")) }

    /// One line, written at once (unbuffered), so progress shows as it happens.
    func out(_ line: String) { FileHandle.standardOutput.write(Data((line + "\n").utf8)) }

    func show(_ o: CaseOutcome) {
        let label: String
        switch o.result {
        case .pass: label = paint("PASS ", "32")
        case .fail: label = paint("FAIL ", "31;1")
        case .skip: label = paint("SKIP ", "33")
        case .expectedFail: label = paint("XFAIL", "35")
        case .unexpectedPass: label = paint("XPASS", "31;1")
        case .error: label = paint("ERROR", "31;1")
        }
        out("\(label) \(o.testCase.id) (\(o.milliseconds) ms)")
        if o.result != .pass, let message = o.message {
            out("      " + message.replacingOccurrences(of: "\n", with: "\n      "))
            if o.result.failsRun || o.result == .expectedFail {
                out("      \(o.testCase.level.rawValue): \(o.testCase.title) [Spec/\(o.testCase.spec)]")
                if let e = o.exchange { out("      " + e.summary) }
            }
        }
    }

    func summary(_ r: RunReport) {
        out(paint(r.summaryLine, r.failed ? "31;1" : "32;1"))
    }

    private func paint(_ s: String, _ code: String) -> String { colour ? "\u{1b}[\(code)m\(s)\u{1b}[0m" : s }
}
