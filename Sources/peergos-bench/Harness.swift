import Foundation

/// Times a workload and prints results in the shared RESULT format:
/// `RESULT <workload> <implementation> <metric> <median> <min> <max> <unit> <runs>` (tab-separated).
///
/// Invariant: `runs` ≥ 1 (the command validates `--runs`; the initialiser clamps any other caller),
/// so every figure has at least one sample.
struct Harness {
    /// Repetitions of each measurement after one warm-up.
    let runs: Int

    init(runs: Int) { self.runs = max(1, runs) }

    /// Seconds taken by `body`, measured with the monotonic clock.
    @inline(never)
    static func seconds(_ body: () throws -> Void) rethrows -> Double {
        var start = timespec()
        var end = timespec()
        clock_gettime(CLOCK_MONOTONIC, &start)
        try body()
        clock_gettime(CLOCK_MONOTONIC, &end)
        return Double(end.tv_sec - start.tv_sec) + Double(end.tv_nsec - start.tv_nsec) / 1e9
    }

    /// Runs `body` (which performs `operations` operations) `runs` times after a warm-up and
    /// returns the rate of each run, per second, scaled by `scale` (e.g. bytes → MB).
    func rates(operations: Double, scale: Double = 1, _ body: () throws -> Void) rethrows -> [Double] {
        try body()  // warm-up
        var out: [Double] = []
        for _ in 0..<runs {
            let s = try Harness.seconds(body)
            out.append(operations * scale / s)
        }
        return out
    }

    /// Like `rates`, but reports milliseconds per operation.
    func millisecondsPerOperation(operations: Double, _ body: () throws -> Void) rethrows -> [Double] {
        try body()
        var out: [Double] = []
        for _ in 0..<runs {
            let s = try Harness.seconds(body)
            out.append(s * 1000 / operations)
        }
        return out
    }
}

/// One measured figure.
struct Figure {
    let workload: String
    let implementation: String
    let metric: String
    let samples: [Double]
    let unit: String

    /// The median sample; NaN for a figure without samples (never a trap).
    var median: Double { medianOf(samples) }

    func print() {
        let s = samples.sorted()
        Swift.print(["RESULT", workload, implementation, metric, fmt(median), fmt(s.first ?? 0), fmt(s.last ?? 0), unit, String(samples.count)]
            .joined(separator: "\t"))
    }
}

/// A ratio of our median to a baseline's, with the target it must meet.
struct Ratio {
    let workload: String
    let metric: String
    let ours: Figure
    let baseline: String
    let baselineMedian: Double
    /// For rates, ours/baseline must be ≥ target; for times (lowerIsBetter), ours/baseline ≤ target.
    /// Nil: a same-run baseline given for context, with no target.
    let target: Double?
    let lowerIsBetter: Bool
    /// The baseline's samples when they were taken in turns with ours
    /// (``Harness/interleavedRates(scale:_:)``), sample `r` of each in round `r`. Then the ratio is
    /// the median of the rounds' ratios, each taken under one machine state, rather than a ratio
    /// of medians that may come from different moments of a drifting machine.
    var roundBaseline: [Double]? = nil

    var value: Double {
        if let roundBaseline, roundBaseline.count == ours.samples.count, !roundBaseline.isEmpty {
            return medianOf(zip(ours.samples, roundBaseline).map { $0 / $1 })
        }
        return ours.median / baselineMedian
    }
    var met: Bool {
        guard let target else { return true }
        return lowerIsBetter ? value <= target : value >= target
    }

    func print() {
        let relation = lowerIsBetter ? "<=" : ">="
        let verdict = target.map { ["target \(relation) \(fmt($0))", met ? "met" : "NOT MET"] } ?? ["context", "-"]
        Swift.print((["RATIO", workload, metric, "ours/\(baseline)", fmt(value)] + verdict).joined(separator: "\t"))
    }
}

/// The median of `values`; NaN for none (never a trap).
func medianOf(_ values: [Double]) -> Double {
    let s = values.sorted()
    guard !s.isEmpty else { return .nan }
    return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
}

func fmt(_ x: Double) -> String {
    if x >= 1000 { return String(format: "%.0f", x) }
    if x >= 10 { return String(format: "%.1f", x) }
    return String(format: "%.3f", x)
}

/// `seq(n, m)`: n bytes where byte j = j mod m.
func seq(_ n: Int, _ m: Int) -> [UInt8] { (0..<n).map { UInt8($0 % m) } }

/// Stops the benchmark when a workload does not reproduce its expected output.
struct WorkloadMismatch: Error, CustomStringConvertible {
    let description: String
}
