import Foundation

/// A reproducible random number generator for tests (SplitMix64). Its seed comes from the
/// environment variable `PEERGOS_TEST_SEED` when set (to replay a failure), else from the system;
/// a test puts `seedNote` in every expectation that uses it, so a failure prints the seed.
struct SeededGenerator: RandomNumberGenerator {
    let seed: UInt64
    private var state: UInt64

    init(seed: UInt64? = nil) {
        let chosen = seed ?? ProcessInfo.processInfo.environment["PEERGOS_TEST_SEED"].flatMap { UInt64($0) } ?? UInt64.random(in: .min ... .max)
        self.seed = chosen
        state = chosen
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// "seed N (replay with PEERGOS_TEST_SEED=N)".
    var seedNote: String { "seed \(seed) (replay with PEERGOS_TEST_SEED=\(seed))" }
}
