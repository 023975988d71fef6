import CSodium
import Crypto
import Foundation
import PeergosCrypto

/// SHA-256 throughput: `Hash.sha256` (what every CID, block check and CHAMP commit goes through)
/// against libsodium's portable C and swift-crypto's `SHA256` (BoringSSL, which uses the CPU's SHA
/// extensions where present), all in the same run, on one large buffer and on many small ones.
/// The three are sampled in turns (``Harness/interleavedRates(scale:_:)``), so that a load change
/// on the shared machine falls on all three alike.
enum HashWorkloads {
    /// FIPS 180-4 SHA-256 of seq(1 MiB, 251) and of seq(64, 251), computed once by libsodium and
    /// checked against every implementation before any is timed.
    static func sha256(_ harness: Harness, size: Int, workload: String) throws -> [Ratio] {
        try PrimitiveWorkloads.initialiseSodium()
        let input = seq(size, 251)
        let expected = PrimitiveWorkloads.sha256(input)
        guard Hash.sha256(input) == expected, Array(SHA256.hash(data: input)) == expected else {
            throw WorkloadMismatch(description: "\(workload): implementations disagree on SHA-256")
        }
        // About 64 MiB hashed per sample whatever the input size.
        let repetitions = max(1, (64 << 20) / size)
        let megabytes = Double(size * repetitions) / 1e6
        var sink = 0
        var out = [UInt8](repeating: 0, count: 32)
        var status: Int32 = 0
        let samples = try harness.interleavedRates(scale: megabytes, [
            { for _ in 0..<repetitions { sink &+= Int(Hash.sha256(input)[0]) } },
            {
                for _ in 0..<repetitions {
                    status |= crypto_hash_sha256(&out, input, UInt64(input.count))
                    sink &+= Int(out[0])
                }
            },
            { for _ in 0..<repetitions { SHA256.hash(data: input).withUnsafeBytes { sink &+= Int($0[0]) } } },
        ])
        let ours = Figure(workload: workload, implementation: "swift-peergos", metric: "hash", samples: samples[0], unit: "MB/s")
        let sodium = Figure(workload: workload, implementation: "libsodium", metric: "hash", samples: samples[1], unit: "MB/s")
        let boring = Figure(workload: workload, implementation: "swift-crypto-boringssl", metric: "hash", samples: samples[2], unit: "MB/s")
        try PrimitiveWorkloads.requireSuccess(status, "crypto_hash_sha256")
        if sink == 42 { print("") }
        for f in [ours, sodium, boring] { f.print() }
        let fastest = max(sodium.median, boring.median)
        let fastestName = sodium.median >= boring.median ? "libsodium" : "swift-crypto-boringssl"
        return [
            // Ours must keep pace with the fastest library on this machine (our wrapper costs a copy
            // into a [UInt8] at most).
            Ratio(workload: workload, metric: "hash", ours: ours, baseline: "fastest (\(fastestName))", baselineMedian: fastest, target: 0.9, lowerIsBetter: false,
                  roundBaseline: sodium.median >= boring.median ? sodium.samples : boring.samples),
            Ratio(workload: workload, metric: "hash", ours: ours, baseline: "libsodium", baselineMedian: sodium.median, target: nil, lowerIsBetter: false,
                  roundBaseline: sodium.samples),
        ]
    }
}

extension Harness {
    /// Like ``rates(operations:scale:_:)`` for several bodies at once (one operation each): one
    /// warm-up round, then `runs` rounds, each timing every body once. Returns each body's rates,
    /// in the order given, sample `r` of each from round `r` (so ``Ratio/roundBaseline`` can pair
    /// them). Each round starts one body later than the round before, so no body always runs
    /// first after another's work. On a shared, noisy machine this keeps a load change from
    /// falling on one implementation's samples only.
    func interleavedRates(scale: Double, _ bodies: [() throws -> Void]) throws -> [[Double]] {
        for body in bodies { try body() }
        var out = [[Double]](repeating: [], count: bodies.count)
        for round in 0..<runs {
            for k in bodies.indices {
                let i = (round + k) % bodies.count
                out[i].append(scale / (try Harness.seconds(bodies[i])))
            }
        }
        return out
    }
}
