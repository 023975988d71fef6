import PeergosCrypto
import Synchronization

/// The deterministic stream the golden vectors were made with: SHA-256(label ‖ "#" ‖ counter) for
/// counter = 0, 1, 2, … (decimal, UTF-8), concatenated and consumed in order across calls.
///
/// Predictable by design, so it lives here, with the vectors, and not in a shipping module: no
/// production code path can be handed it by mistake (Spec/crypto.md#randomness).
public final class DetRandom: RandomSource {
    private struct State {
        var counter = 0
        var buffered: [UInt8] = []
    }

    public let label: String
    private let state = Mutex(State())

    public init(label: String) { self.label = label }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        let count = buffer.count
        state.withLock { s in
            while s.buffered.count < count {
                s.buffered += Hash.sha256(Array("\(label)#\(s.counter)".utf8))
                s.counter += 1
            }
            buffer.copyBytes(from: s.buffered.prefix(count))
            s.buffered.removeFirst(count)
        }
    }
}
