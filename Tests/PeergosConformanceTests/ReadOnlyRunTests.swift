import Foundation
import PeergosClient
@testable import PeergosConformance
import PeergosServer
import Testing

/// `--read-only --probe-user NAME`, as against a live server: only read-only cases run, they all
/// pass against the reference server, and the server is left as it was (no account created, the
/// probe user's pointer and usage unchanged).
@Suite struct ReadOnlyRunTests {
    @Test func readOnlyRunChangesNothing() async throws {
        let server = try await LoopbackServer.start(label: "peergos-conformance-readonly", maxDailySignups: 1_000_000, defaultQuota: 32 << 20)
        let client = PeergosClient(server: server.origin)
        let probe = try await client.signup(username: "probe", password: "correct horse battery staple")
        let pointerBefore = try await client.api.pointer(owner: probe.id, writer: probe.id)
        let usernamesBefore = try server.server.database.usernames(prefix: "")
        let usageBefore = try server.server.database.usage(username: "probe")

        // The fixture type a run keeps passwords in never renders them.
        let fixture = AccountFixture(username: "probe", password: "correct horse battery staple", session: probe)
        var dumped = ""
        dump(fixture, to: &dumped)
        for rendering in ["\(fixture)", String(reflecting: fixture), dumped] {
            #expect(rendering.contains("probe") && !rendering.contains("correct horse"), "\(rendering)")
        }

        let cases = Selection(readOnly: true).apply(to: Catalogue.all)
        #expect(!cases.isEmpty && cases.allSatisfy(\.isReadOnly))
        let config = RunConfiguration(exchanger: AsyncHTTPExchanger(origin: server.origin, timeout: 300), accountPrefix: "ro",
                                      readOnly: true, probeUser: "probe", timeout: 300, jobs: 4)
        let report = await Runner(cases: cases, config: config).run()
        let notPassed = report.outcomes.filter { $0.result != .pass }
        #expect(notPassed.isEmpty, "\(notPassed.map { "\($0.testCase.id): \($0.result.rawValue) \($0.message ?? "")" }.joined(separator: "\n"))")

        #expect(try server.server.database.usernames(prefix: "") == usernamesBefore, "a read-only run created an account")
        #expect(try server.server.database.usage(username: "probe") == usageBefore, "a read-only run wrote blocks for the probe user")
        #expect(try await client.api.pointer(owner: probe.id, writer: probe.id) == pointerBefore, "a read-only run moved the probe user's pointer")
        await server.stop()
    }

    @Test func readOnlyWithoutProbeUserSkipsLookupsWithTheReason() async throws {
        let server = try await LoopbackServer.start(label: "peergos-conformance-readonly")
        let config = RunConfiguration(exchanger: AsyncHTTPExchanger(origin: server.origin, timeout: 300), accountPrefix: "ro",
                                      readOnly: true, timeout: 300, jobs: 4)
        let report = await Runner(cases: Selection(readOnly: true).apply(to: Catalogue.all), config: config).run()
        #expect(!report.failed, "\(report.summaryLine)")
        let skipped = report.outcomes.filter { $0.result == .skip }
        #expect(!skipped.isEmpty)
        #expect(skipped.allSatisfy { $0.message?.contains("--probe-user") == true })
        #expect(try server.server.database.usernames(prefix: "") == ["peergos"], "a read-only run created an account")
        await server.stop()
    }
}
