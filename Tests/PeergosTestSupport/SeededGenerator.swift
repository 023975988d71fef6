import Foundation

/// The one reproducible random number generator of the test suites (SplitMix64).
///
/// Invariant: the same seed gives the same stream on every platform and run. A test either fixes its
/// seed (`SeededGenerator(seed: 0x5eed…)`) or takes it from the environment variable
/// `PEERGOS_TEST_SEED` when set (to replay a failure), else from the system; either way it puts
/// ``seedNote`` in every expectation that depends on the stream, so a failure prints the seed.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    public let seed: UInt64
    private var state: UInt64

    /// A generator with `seed`, or with `PEERGOS_TEST_SEED` / a system-drawn seed when nil.
    public init(seed: UInt64? = nil) {
        let chosen = seed ?? ProcessInfo.processInfo.environment["PEERGOS_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: .min ... .max)
        self.seed = chosen
        state = chosen
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A number in `0..<n` (`n` must be positive; tests pass literal or non-empty counts).
    public mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }

    /// "seed N (replay with PEERGOS_TEST_SEED=N)".
    public var seedNote: String { "seed \(seed) (replay with PEERGOS_TEST_SEED=\(seed))" }
}
