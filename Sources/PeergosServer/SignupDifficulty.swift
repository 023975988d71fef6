import Foundation
import PeergosCrypto
import Synchronization

/// The proof-of-work difficulty a signup or costly chain update must meet, as upstream's
/// `DifficultyGenerator` computes it: events are counted in 20 buckets of doubling age (bucket i
/// holds events between 2^i and 2^(i+1) tenth-of-a-second steps old); every bucket holding more
/// than its share of `maxPerDay` adds `ln(2 · count / share)`, and the difficulty is
/// `2 · sum + 11`, clamped to 0…256 (0 when no bucket is over; 256 always when `maxPerDay` is 0).
///
/// A value type; the server keeps one behind a lock.
public struct SignupDifficulty: Sendable {
    static let bucketCount = 20
    private var buckets = [Int64](repeating: 0, count: bucketCount)
    private var steps: Int64 = 0
    private var lastUpdateMillis: Int64
    private let maxPerBucket: [Double]
    private let maxPerDay: Int
    public private(set) var current: Int

    /// A negative `maxPerDay` counts as 0 (no signups: the maximum difficulty); any other value,
    /// however large, keeps every step of the arithmetic in range.
    public init(maxPerDay: Int, nowMillis: Int64) {
        let maxPerDay = max(0, maxPerDay)
        self.maxPerDay = maxPerDay
        lastUpdateMillis = nowMillis
        let perStep = Double(maxPerDay) / 864_000
        maxPerBucket = (0..<Self.bucketCount).map { perStep * Double((1 << ($0 + 1)) - (1 << $0)) }
        current = maxPerDay == 0 ? ProofOfWork.maxDifficulty : ProofOfWork.minDifficulty
    }

    /// Counts one accepted signup or chain update.
    public mutating func addEvent() { buckets[0] += 1 }

    /// Ages the buckets to `nowMillis` and recomputes `current`.
    public mutating func update(nowMillis: Int64) {
        // A clock that jumps far (either way) cannot overflow the subtraction.
        let (difference, overflow) = nowMillis.subtractingReportingOverflow(lastUpdateMillis)
        let elapsed = overflow ? (nowMillis > lastUpdateMillis ? Int64.max : Int64.min) : difference / 100
        if elapsed > 0 {
            if elapsed > Int64(1) << Self.bucketCount {
                buckets = [Int64](repeating: 0, count: Self.bucketCount)  // upstream clears without counting the steps
            } else {
                advance(elapsed)
            }
            lastUpdateMillis = nowMillis
        }
        guard maxPerDay > 0 else { return }  // upstream keeps the maximum when no signups are allowed
        var sum = 0.0
        var over = 0
        for i in 0..<Self.bucketCount where Double(buckets[i]) > maxPerBucket[i] {
            sum += log(Double(buckets[i]) * 2 / maxPerBucket[i])
            over += 1
        }
        let value = 2 * sum + Double(ProofOfWork.defaultDifficulty)
        // Clamped as a Double first: Int(_:) of a non-finite or huge value would trap.
        current = over == 0 ? ProofOfWork.minDifficulty
            : value.isFinite ? Int(min(max(Double(ProofOfWork.minDifficulty), value), Double(ProofOfWork.maxDifficulty))) : ProofOfWork.maxDifficulty
    }

    /// Upstream `RateMonitor.timeSteps(n)` in closed form. At step t upstream moves every bucket i
    /// with 2^i dividing t up one level, highest first, so what sits at level j moves at the first
    /// multiple of 2^j after the current step, and leaves the last bucket for good. Each bucket's
    /// events are followed to where they stand after `n` steps: O(buckets²), whatever `n` is.
    private mutating func advance(_ n: Int64) {
        let end = steps + n
        var moved = [Int64](repeating: 0, count: Self.bucketCount)
        for i in 0..<Self.bucketCount where buckets[i] != 0 {
            var level = i
            var t = steps
            while level < Self.bucketCount {
                let period = Int64(1) << level
                let next = (t / period + 1) * period
                guard next <= end else { break }
                t = next
                level += 1
            }
            if level < Self.bucketCount { moved[level] += buckets[i] }
        }
        buckets = moved
        steps = end
    }

    /// Events per bucket, youngest first.
    public var rates: [Int64] { buckets }
}

/// The server's gate for signups and costly chain updates: upstream `IpfsCoreNode.enforceRateLimit`.
/// With no daily limit configured no work is asked (difficulty 0), but the proof must still parse.
final class ProofOfWorkGate: Sendable {
    private let state: Mutex<SignupDifficulty?>
    private let clock: @Sendable () -> Date

    init(maxDailySignups: Int?, clock: @escaping @Sendable () -> Date) {
        self.clock = clock
        state = Mutex(maxDailySignups.map { SignupDifficulty(maxPerDay: $0, nowMillis: Int64(clock().timeIntervalSince1970 * 1000)) })
    }

    /// The difficulty `proof` falls short of for `links` (the CBOR list of submitted links), or
    /// nil when it is enough; an accepted proof counts as one event.
    func shortfall(_ proof: ProofOfWork, links: [UInt8]) -> Int? {
        state.withLock { difficulty in
            guard difficulty != nil else { return nil }
            difficulty!.update(nowMillis: Int64(clock().timeIntervalSince1970 * 1000))
            guard proof.proves(difficulty: difficulty!.current, data: links) else { return difficulty!.current }
            difficulty!.addEvent()
            return nil
        }
    }
}
