import Foundation
@testable import PeergosConformance
@_spi(FaultInjection) import PeergosServer
import Testing

/// The suite run against the reference server (everything passes) and against deliberately
/// broken variants of it (exactly the cases ``FaultMap`` lists fail): a runner whose checks
/// cannot fail would pass both ways.
///
/// Server switches get a full run each. An HTTP fault touches one route only and passes every
/// other exchange through unchanged, so a case that never sent to that route in the reference
/// run would run identically: each HTTP variant runs only the cases that touched its route
/// (with their prerequisites).
@Suite("suite against broken servers", .serialized)
struct BrokenServerTests {
    /// The embedded server as `peergos-conformance` starts it (see ConformanceCommand).
    static func start(faults: ServerFaults = []) async throws -> LoopbackServer {
        try await LoopbackServer.start(label: "peergos-conformance-tests", maxDailySignups: 1_000_000, defaultQuota: 32 << 20, faults: faults)
    }

    static func run(_ exchanger: HTTPExchanger, _ cases: [ConformanceCase] = Catalogue.all) async -> RunReport {
        let config = RunConfiguration(exchanger: exchanger, accountPrefix: RunConfiguration.randomAccountPrefix(), timeout: 300, jobs: 4)
        return await Runner(cases: cases, config: config).run()
    }

    static func failing(_ report: RunReport) -> Set<String> {
        Set(report.outcomes.filter { $0.result == .fail || $0.result == .error }.map(\.testCase.id))
    }

    static func expand(_ globs: [String], over ids: [String]) -> Set<String> {
        Set(ids.filter { id in globs.contains { Selection.matches($0, id) } })
    }

    static func explain(_ report: RunReport, _ ids: Set<String>) -> String {
        report.outcomes.filter { ids.contains($0.testCase.id) }
            .map { "\($0.testCase.id): \($0.result.rawValue) \($0.message ?? "")" }.sorted().joined(separator: "\n")
    }

    /// Checks that exactly the listed cases failed.
    static func check(_ variant: BrokenVariant, _ report: RunReport) {
        let ids = report.outcomes.map(\.testCase.id)
        let expected = expand(FaultMap.all[variant] ?? [], over: ids)
        let actual = failing(report)
        let missed = expected.subtracting(actual)
        let extra = actual.subtracting(expected)
        #expect(missed.isEmpty, "\(variant): these cases should fail and did not:\n\(explain(report, missed))")
        #expect(extra.isEmpty, "\(variant): these cases failed and are not listed:\n\(explain(report, extra))")
    }

    @Test("reference server passes every case; each HTTP fault fails exactly its cases")
    func referenceAndHTTPVariants() async throws {
        let server = try await Self.start()
        let exchanger = AsyncHTTPExchanger(origin: server.origin, timeout: 300)
        let baseline = await Self.run(exchanger)
        let notPassed = baseline.outcomes.filter { $0.result != .pass }
        #expect(notPassed.isEmpty, "against the reference server:\n\(notPassed.map { "\($0.testCase.id): \($0.result.rawValue) \($0.message ?? "")" }.joined(separator: "\n"))")

        for variant in FaultMap.all.keys.sorted(by: { $0.description < $1.description }) {
            guard case .http(let fault) = variant else { continue }
            let touching = Set(baseline.outcomes.filter { o in
                o.routes.contains { fault.route.hasSuffix("/") ? $0.hasPrefix(fault.route) : $0 == fault.route }
            }.map(\.testCase.id))
            let listed = Self.expand(FaultMap.all[variant] ?? [], over: Catalogue.all.map(\.id))
            #expect(listed.isSubset(of: touching), "\(variant): listed cases that never send to \(fault.route): \(listed.subtracting(touching).sorted())")
            let cases = Selection(only: touching.sorted()).apply(to: Catalogue.all)
            let report = await Self.run(FaultyExchanger(inner: exchanger, fault: fault), cases)
            Self.check(variant, report)
        }
        await server.stop()
    }

    @Test("each server switch fails exactly its cases", arguments: ServerFault.allCases)
    func serverVariant(_ fault: ServerFault) async throws {
        let server = try await Self.start(faults: fault.faults)
        let report = await Self.run(AsyncHTTPExchanger(origin: server.origin, timeout: 300))
        await server.stop()
        Self.check(.server(fault), report)
    }

    @Test func everyServerSwitchBreaksSomething() {
        for fault in ServerFault.allCases {
            #expect(!(FaultMap.all[.server(fault)] ?? []).isEmpty, "no case is listed as failing with \(fault)")
        }
    }
}
