import Foundation
import PeergosTestSupport
import Testing

/// Issue 8 item 15: `.ci/run` closes with the real `swift test: N passed, M failed` and fails when a
/// test failed. Checked through `.ci/run --count LOG STATUS`, which runs only the counting on a
/// saved log (the logs below are written here, in Swift Testing's and XCTest's formats).
@Suite("CI test count")
struct CIRunCountTests {
    static let script = VectorFileTests.root.appendingPathComponent(".ci/run").path

    static func count(_ log: String, status: Int) throws -> (exit: Int32, output: String) {
        // Guard: a script without --count would run the whole CI (and `swift test`) from a test.
        let text = try String(contentsOfFile: script, encoding: .utf8)
        try #require(text.contains("\"--count\""), ".ci/run has no --count mode")
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("swift-test-\(getpid())-\(UUID().uuidString).log")
        try log.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let (exit, output) = try ChildProcess.run("/bin/bash", [script, "--count", file.path, String(status)])
        return (exit, output)
    }

    static let xctestNone = "\t Executed 0 tests, with 0 failures (0 unexpected) in 0.0 (0.0) seconds\n"

    @Test("a passing run: the count from Swift Testing's summary, exit 0")
    func passing() throws {
        let log = Self.xctestNone + """
            ✔ Test "a" passed after 0.001 seconds.
            ✔ Test run with 37 tests in 5 suites passed after 1.2 seconds.
            """
        let (exit, output) = try Self.count(log, status: 0)
        #expect(output.hasSuffix("swift test: 37 passed, 0 failed\n"), "\(output)")
        #expect(exit == 0)
    }

    @Test("failed tests are counted once each (issues are not tests), XCTest's too, and the run fails")
    func failing() throws {
        let log = """
            \t Executed 4 tests, with 1 failure (0 unexpected) in 0.0 (0.0) seconds
            ✘ Test "b" recorded an issue at X.swift:3:4: Expectation failed: 1 == 2
            ✘ Test "b" recorded an issue at X.swift:5:4: Expectation failed: 1 == 3
            ✘ Test "b" failed after 0.001 seconds with 2 issues.
            ✘ Test upstream(area:) recorded an issue with 1 argument area → "cbor" at V.swift:1:1: Expectation failed
            ✘ Test upstream(area:) with 9 test cases failed after 0.3 seconds with 1 issue.
            ✘ Suite "S" failed after 0.002 seconds with 3 issues.
            ✘ Test run with 10 tests in 3 suites failed after 1.5 seconds with 3 issues.
            """
        let (exit, output) = try Self.count(log, status: 1)
        #expect(output.hasSuffix("swift test: 11 passed, 3 failed\n"), "\(output)")
        #expect(exit != 0)
    }

    @Test("a run that exits non-zero without naming a failed test counts one failure")
    func crashed() throws {
        let (exit, output) = try Self.count(Self.xctestNone + "✔ Test \"a\" passed after 0.001 seconds.\nFatal error: boom\n", status: 132)
        #expect(output.hasSuffix("swift test: 0 passed, 1 failed\n"), "\(output)")
        #expect(exit != 0)
    }
}
