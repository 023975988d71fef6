import Foundation
@testable import PeergosConformance
import Synchronization
import Testing

/// The runner's own behaviour on synthetic cases and an exchanger that answers from memory:
/// selection, dependencies, serial groups, expected failures, timeouts and the reports.
@Suite struct RunnerMechanicsTests {
    /// Answers 200 with an empty body to everything; counts requests.
    struct MemoryExchanger: HTTPExchanger {
        var origin: String { "http://memory.invalid" }
        func exchange(_ request: ProbeRequest) async throws -> ProbeResponse {
            if request.path == "api/v0/id" { return ProbeResponse(status: 200, body: Array(#"{"ID":"zNode"}"#.utf8)) }
            if request.path == "refuse" { return ProbeResponse(status: 400, headers: [("Trailer", "No+such+thing%21")]) }
            return ProbeResponse(status: 200)
        }
    }

    static func config(jobs: Int = 4, timeout: Double = 30) -> RunConfiguration {
        RunConfiguration(exchanger: MemoryExchanger(), accountPrefix: "test", timeout: timeout, jobs: jobs)
    }

    static func c(_ id: String, level: Level = .must, tags: Set<CaseTag> = [.readOnly], deps: [String] = [], group: String? = nil,
                  _ body: @escaping @Sendable (CaseContext) async throws -> Void = { _ in }) -> ConformanceCase {
        ConformanceCase(id, "title of \(id)", level: level, spec: "http.md#conventions", tags: tags, dependsOn: deps, serialGroup: group, body: body)
    }

    @Test func globsMatchAsShellPatterns() {
        #expect(Selection.matches("mutable.*", "mutable.setPointer.refuses-x"))
        #expect(Selection.matches("*.refuses-*", "mutable.setPointer.refuses-x"))
        #expect(!Selection.matches("mutable.*", "pki.getChain.unknown"))
        #expect(Selection.matches("a.b.?", "a.b.c"))
        #expect(!Selection.matches("a.b.?", "a.b.cd"))
        #expect(Selection.matches("*", ""))
    }

    @Test func selectionFiltersAndPullsInDependencies() {
        let cases = [
            Self.c("a.x.one", tags: [.mutating]), Self.c("a.x.two", level: .should, tags: [.mutating], deps: ["a.x.one"]),
            Self.c("b.x.three", level: .may), Self.c("b.x.four", tags: [.readOnly, .slow]),
        ]
        #expect(Selection(only: ["a.x.two"]).apply(to: cases).map(\.id) == ["a.x.one", "a.x.two"])
        #expect(Selection(only: ["a.x.two"], skip: ["a.x.one"]).apply(to: cases).map(\.id) == ["a.x.two"])
        #expect(Selection(level: .must).apply(to: cases).map(\.id) == ["a.x.one", "b.x.four"])
        #expect(Selection(level: .should).apply(to: cases).map(\.id) == ["a.x.one", "a.x.two", "b.x.four"])
        #expect(Selection(tags: [.slow]).apply(to: cases).map(\.id) == ["b.x.four"])
        #expect(Selection(readOnly: true).apply(to: cases).map(\.id) == ["b.x.three", "b.x.four"])
    }

    @Test func failedPrerequisiteSkipsDependents() async {
        let cases = [
            Self.c("a.x.first") { ctx in throw ctx.fail("broken on purpose") },
            Self.c("a.x.second", deps: ["a.x.first"]) { _ in Issue.record("must not run") },
            Self.c("a.x.third", deps: ["a.x.second"]) { _ in Issue.record("must not run") },
            Self.c("a.x.other"),
        ]
        let report = await Runner(cases: cases, config: Self.config()).run()
        let results: [String: CaseResult] = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.testCase.id, $0.result) })
        #expect(results == ["a.x.first": .fail, "a.x.second": .skip, "a.x.third": .skip, "a.x.other": .pass])
        #expect(report.outcomes.first { $0.testCase.id == "a.x.second" }?.message?.contains("a.x.first") == true)
        #expect(report.summaryLine == "1 passed, 1 failed, 2 skipped")
        #expect(report.failed)
    }

    @Test func caseOutcomesAreClassified() async {
        struct Boom: Error {}
        let cases = [
            Self.c("a.x.pass"),
            Self.c("a.x.fail") { ctx in
                let r = try await ctx.post("refuse")
                try ctx.expectStatus(r, 200)
            },
            Self.c("a.x.skip") { _ in throw CaseSkip("not here") },
            Self.c("a.x.error") { _ in throw Boom() },
            Self.c("a.x.expected") { ctx in throw ctx.fail("known") },
            Self.c("a.x.surprise"),
        ]
        let expected = ExpectedFailures(["a.x.expected": "known bug", "a.x.surprise": "was broken"])
        let report = await Runner(cases: cases, config: Self.config(), expected: expected).run()
        let byId = Dictionary(uniqueKeysWithValues: report.outcomes.map { ($0.testCase.id, $0) })
        #expect(byId["a.x.pass"]?.result == .pass)
        #expect(byId["a.x.fail"]?.result == .fail)
        #expect(byId["a.x.fail"]?.message?.contains("No such thing!") == true, "the Trailer is form-decoded into the message")
        #expect(byId["a.x.fail"]?.exchange?.status == 400)
        #expect(byId["a.x.fail"]?.routes == ["refuse"])
        #expect(byId["a.x.skip"]?.result == .skip)
        #expect(byId["a.x.error"]?.result == .error)
        #expect(byId["a.x.expected"]?.result == .expectedFail)
        #expect(byId["a.x.surprise"]?.result == .unexpectedPass)
        #expect(report.summaryLine == "1 passed, 1 failed, 1 skipped, 1 expected failures, 1 unexpected passes, 1 errors")
    }

    @Test func onlyExpectedFailuresLeaveTheRunGreen() async {
        let cases = [Self.c("a.x.pass"), Self.c("a.x.expected") { ctx in throw ctx.fail("known") }]
        let report = await Runner(cases: cases, config: Self.config(), expected: ExpectedFailures(["a.x.expected": ""])).run()
        #expect(!report.failed)
    }

    @Test func expectedFailuresFileIsParsed() throws {
        let list = try ExpectedFailures(parsing: """
            # known failures of some server
            mutable.setPointer.refuses-oversize   # answers 500

            pki.getChain.unknown-user-empty
            """)
        #expect(list.reasons == ["mutable.setPointer.refuses-oversize": "answers 500", "pki.getChain.unknown-user-empty": ""])
        #expect(throws: ExpectedFailures.ParseError.self) { try ExpectedFailures(parsing: "not an id # x") }
        #expect(list.unknownIds(in: [Self.c("pki.getChain.unknown-user-empty")]) == ["mutable.setPointer.refuses-oversize"])
    }

    @Test func serialGroupsNeverOverlap() async {
        let inside = Mutex(0)
        let maxInside = Mutex(0)
        let cases = (0..<6).map { i in
            Self.c("a.x.g\(i)", group: "pointer") { _ in
                let n = inside.withLock { $0 += 1; return $0 }
                maxInside.withLock { $0 = max($0, n) }
                await Task.yield()
                inside.withLock { $0 -= 1 }
            }
        }
        let report = await Runner(cases: cases, config: Self.config(jobs: 4)).run()
        #expect(report.count(.pass) == 6)
        #expect(maxInside.withLock { $0 } == 1)
    }

    @Test func jobsBoundConcurrency() async {
        let inside = Mutex(0)
        let maxInside = Mutex(0)
        let cases = (0..<12).map { i in
            Self.c("a.x.j\(i)") { _ in
                let n = inside.withLock { $0 += 1; return $0 }
                maxInside.withLock { $0 = max($0, n) }
                for _ in 0..<5 { await Task.yield() }
                inside.withLock { $0 -= 1 }
            }
        }
        _ = await Runner(cases: cases, config: Self.config(jobs: 3)).run()
        #expect(maxInside.withLock { $0 } <= 3)
    }

    @Test func caseOverItsTimeoutIsAnError() async {
        // The case waits on a stream nobody feeds; only the runner's deadline can end it.
        let cases = [Self.c("a.x.hangs") { _ in
            let (stream, _) = AsyncStream<Int>.makeStream()
            for await _ in stream {}
            try Task.checkCancellation()
        }]
        let report = await Runner(cases: cases, config: Self.config(timeout: 0.2)).run()
        #expect(report.outcomes.first?.result == .error)
        #expect(report.outcomes.first?.message?.contains("--timeout") == true)
    }

    @Test func reportsCarryEveryField() async throws {
        let cases = [
            Self.c("a.x.pass"),
            Self.c("b.y.fail") { ctx in
                let r = try await ctx.post("refuse", body: [0xff, 0x00])
                try ctx.expectStatus(r, 200)
            },
        ]
        let report = await Runner(cases: cases, config: Self.config()).run()
        #expect(report.serverId == "zNode")

        let json = try JSONSerialization.jsonObject(with: Data(try JSONReport.render(report).utf8)) as! [String: Any]
        #expect(json["server"] as? String == "http://memory.invalid")
        #expect(json["serverId"] as? String == "zNode")
        #expect(json["runnerVersion"] as? String == Catalogue.version)
        #expect(json["started"] is String)
        let entries = json["cases"] as! [[String: Any]]
        #expect(entries.count == 2)
        let fail = entries[1]
        for key in ["id", "title", "level", "spec", "result", "message", "milliseconds", "exchange"] {
            #expect(fail[key] != nil, "the JSON entry of a failure has \(key)")
        }
        #expect(fail["result"] as? String == "fail")
        let exchange = fail["exchange"] as! [String: Any]
        #expect(exchange["requestBody"] as? String == "hex:ff00", "binary bodies are hex")
        #expect(exchange["status"] as? Int == 400)
        #expect(entries[0]["exchange"] == nil, "a pass carries no exchange")

        let xml = JUnitReport.render(report)
        let doc = try XMLDocument(xmlString: xml)
        let suites = try doc.nodes(forXPath: "/testsuites/testsuite")
        #expect(suites.count == 2, "one testsuite per area")
        let failures = try doc.nodes(forXPath: "//testcase[@name='b.y.fail' and @classname='conformance.b']/failure")
        #expect(failures.count == 1)
        #expect(try doc.nodes(forXPath: "//testcase[@name='a.x.pass']/failure").isEmpty)

        let md = MarkdownReport.render(report)
        #expect(md.contains("| ❌ fail | `b.y.fail` | MUST |"))
        #expect(md.contains("1 passed, 1 failed, 0 skipped"))
    }

    @Test func junitEscapesMarkupAndControlCharacters() {
        #expect(JUnitReport.esc("a<b>&\"c\u{01}") == "a&lt;b&gt;&amp;&quot;c?")
    }
}

#if canImport(FoundationXML)
import FoundationXML
#endif
