import Foundation

/// Runs selected cases against one server, at most `jobs` at a time, in catalogue order as far
/// as dependencies and serial groups allow, and reports each outcome as it finishes.
///
/// A case runs only after every case it depends on has finished; if one of them did not pass
/// (an expected failure counts as not passing), the case is skipped with that reason. Cases of
/// one serial group never overlap.
public struct Runner: Sendable {
    public let cases: [ConformanceCase]
    public let config: RunConfiguration
    public let expected: ExpectedFailures

    public init(cases: [ConformanceCase], config: RunConfiguration, expected: ExpectedFailures = ExpectedFailures()) {
        self.cases = cases
        self.config = config
        self.expected = expected
    }

    /// Runs every case; `observer` sees each outcome when it is known (from the runner's task,
    /// one at a time).
    public func run(observer: @Sendable (CaseOutcome) -> Void = { _ in }) async -> RunReport {
        let started = Date()
        let fixtures = Fixtures(config: config)
        let serverId = await Self.serverId(config.exchanger)
        var outcomes: [String: CaseOutcome] = [:]
        var order: [String] = []
        var pending = cases
        var busyGroups = Set<String>()
        var running = 0

        func record(_ outcome: CaseOutcome) {
            outcomes[outcome.testCase.id] = outcome
            order.append(outcome.testCase.id)
            observer(outcome)
        }

        await withTaskGroup(of: CaseOutcome.self) { group in
            func launchReady() {
                var progress = true
                while progress {
                    progress = false
                    var i = 0
                    while i < pending.count {
                        let c = pending[i]
                        let deps = c.dependsOn.compactMap { id in cases.contains { $0.id == id } ? id : nil }
                        if deps.contains(where: { outcomes[$0] == nil }) { i += 1; continue }
                        if let failed = deps.first(where: { id in ![.pass, .unexpectedPass].contains(outcomes[id]!.result) }) {
                            pending.remove(at: i)
                            record(CaseOutcome(testCase: c, result: .skip, message: "prerequisite \(failed) did not pass (\(outcomes[failed]!.result.rawValue))",
                                               milliseconds: 0, exchange: nil))
                            progress = true
                            continue
                        }
                        if running >= config.jobs { return }
                        if let g = c.serialGroup, busyGroups.contains(g) { i += 1; continue }
                        pending.remove(at: i)
                        running += 1
                        if let g = c.serialGroup { busyGroups.insert(g) }
                        let context = CaseContext(config: config, fixtures: fixtures, log: ExchangeLog())
                        group.addTask { await Self.runOne(c, context, expected: expected, timeout: config.timeout) }
                        progress = true
                    }
                }
            }
            launchReady()
            while let outcome = await group.next() {
                running -= 1
                if let g = outcome.testCase.serialGroup { busyGroups.remove(g) }
                record(outcome)
                launchReady()
            }
        }
        // Anything left could not be scheduled (only if dependencies were outside the selection
        // and never ran); report rather than drop it.
        for c in pending { record(CaseOutcome(testCase: c, result: .skip, message: "not scheduled", milliseconds: 0, exchange: nil)) }
        return RunReport(server: config.exchanger.origin, serverId: serverId, runnerVersion: Catalogue.version, started: started,
                         outcomes: cases.compactMap { outcomes[$0.id] })
    }

    /// Runs one case with its log as the task's current log, within the timeout, and classifies
    /// what happened.
    static func runOne(_ c: ConformanceCase, _ context: CaseContext, expected: ExpectedFailures, timeout: Double) async -> CaseOutcome {
        let clock = ContinuousClock()
        let start = clock.now
        var result: CaseResult
        var message: String?
        var exchange: RecordedExchange?
        do {
            try await ExchangeLog.$current.withValue(context.log) {
                try await withTimeout(seconds: timeout) { try await c.body(context) }
            }
            result = .pass
        } catch let failure as CaseFailure {
            result = .fail
            message = failure.message
            exchange = failure.exchange ?? context.log.last
        } catch let skip as CaseSkip {
            result = .skip
            message = skip.reason
        } catch {
            result = .error
            message = "\(error)"
            exchange = context.log.last
        }
        let elapsed = clock.now - start
        let ms = Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000)
        if let reason = expected.reasons[c.id] {
            switch result {
            case .fail, .error:
                result = .expectedFail
                message = [message, reason.isEmpty ? nil : "expected: \(reason)"].compactMap { $0 }.joined(separator: "; ")
            case .pass:
                result = .unexpectedPass
                message = "listed as an expected failure\(reason.isEmpty ? "" : " (\(reason))") but passed: remove it from the list"
            default:
                break
            }
        }
        return CaseOutcome(testCase: c, result: result, message: message, milliseconds: ms, exchange: exchange, routes: context.log.routes)
    }

    /// The node id the server announces (`api/v0/id`), or nil.
    static func serverId(_ exchanger: HTTPExchanger) async -> String? {
        guard let r = try? await exchanger.exchange(ProbeRequest(path: "api/v0/id")), r.status == 200,
              let json = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any] else { return nil }
        return json["ID"] as? String
    }
}

/// A case that took longer than the run's `--timeout`.
public struct CaseTimeout: Error, CustomStringConvertible {
    public let seconds: Double
    public var description: String { "did not finish within \(seconds) s (--timeout)" }
}

/// Runs `operation`, throwing ``CaseTimeout`` if it has not finished after `seconds` (the
/// operation is then cancelled; its requests have their own timeouts, so it ends soon after).
func withTimeout(seconds: Double, _ operation: @escaping @Sendable () async throws -> Void) async throws {
    try await withThrowingTaskGroup(of: Void.self) { group in
        group.addTask { try await operation() }
        group.addTask {
            try await Task.sleep(for: .milliseconds(Int(seconds * 1000)))  // the case's deadline, not synchronisation
            throw CaseTimeout(seconds: seconds)
        }
        try await group.next()
        group.cancelAll()
    }
}
