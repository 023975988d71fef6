import CSodium
import Synchronization

/// Where an operation draws its randomness. Operations take one explicitly so that tests and
/// vectors can replay a recorded stream; production code passes ``SystemRandom``.
public protocol RandomSource: AnyObject, Sendable {
    /// The next `count` bytes of the stream.
    func bytes(_ count: Int) -> [UInt8]
}

/// The operating system's cryptographic generator, through libsodium's `randombytes_buf`.
public final class SystemRandom: RandomSource {
    public static let shared = SystemRandom()

    public init() { Sodium.ensureReady() }

    public func bytes(_ count: Int) -> [UInt8] {
        .filled(count) { randombytes_buf($0, count) }
    }
}

/// The deterministic stream the golden vectors were made with: SHA-256(label ‖ "#" ‖ counter) for
/// counter = 0, 1, 2, … (decimal, UTF-8), concatenated and consumed in order across calls.
/// For tests and vectors only: it is predictable by design.
public final class DetRandom: RandomSource {
    private struct State {
        var counter = 0
        var buffered: [UInt8] = []
    }

    public let label: String
    private let state = Mutex(State())

    public init(label: String) { self.label = label }

    public func bytes(_ count: Int) -> [UInt8] {
        state.withLock { s in
            while s.buffered.count < count {
                s.buffered += Hash.sha256(Array("\(label)#\(s.counter)".utf8))
                s.counter += 1
            }
            let out = Array(s.buffered.prefix(count))
            s.buffered.removeFirst(count)
            return out
        }
    }
}
