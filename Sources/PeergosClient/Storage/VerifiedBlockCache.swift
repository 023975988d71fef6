import PeergosCrypto
import PeergosMultiformats
import Synchronization

/// Blocks already checked against their hash, kept least-recently-used first out, within a byte
/// budget. Keyed by SHA-256 digest, so a block is found whatever codec its CID names.
///
/// Invariant: every stored block hashes to its key (only ``insert(verified:digest:)`` adds, and
/// callers pass the digest they computed from the bytes); the total size stays within `budget`.
final class VerifiedBlockCache: Sendable {
    private struct State {
        var blocks: [[UInt8]: (bytes: [UInt8], tick: UInt64)] = [:]
        var bytes = 0
        var tick: UInt64 = 0
    }

    let budget: Int
    let maxBlock: Int
    private let state = Mutex(State())

    /// - Parameters:
    ///   - budget: total bytes kept.
    ///   - maxBlock: larger blocks (file fragments) are not kept: a download streams them once.
    init(budget: Int = 32 << 20, maxBlock: Int = 256 << 10) {
        self.budget = budget
        self.maxBlock = maxBlock
    }

    func get(digest: [UInt8]) -> [UInt8]? {
        state.withLock { s in
            guard let entry = s.blocks[digest] else { return nil }
            s.tick += 1
            s.blocks[digest] = (entry.bytes, s.tick)
            return entry.bytes
        }
    }

    func insert(verified bytes: [UInt8], digest: [UInt8]) {
        guard bytes.count <= maxBlock else { return }
        state.withLock { s in
            s.tick += 1
            if let old = s.blocks.updateValue((bytes, s.tick), forKey: digest) { s.bytes -= old.bytes.count }
            s.bytes += bytes.count
            guard s.bytes > budget else { return }
            // Evict the oldest quarter by tick: amortised, so eviction is not a scan per insert.
            let victims = s.blocks.sorted { $0.value.tick < $1.value.tick }.prefix(max(1, s.blocks.count / 4))
            for (key, value) in victims where s.bytes > budget / 2 {
                s.blocks[key] = nil
                s.bytes -= value.bytes.count
            }
        }
    }

    var count: Int { state.withLock { $0.blocks.count } }
}
