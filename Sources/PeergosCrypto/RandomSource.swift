import CSodium

/// Where an operation draws its randomness. Operations take one explicitly so that vectors can
/// replay a recorded stream; shipping code passes ``SystemRandom``.
///
/// Invariant: ``SystemRandom`` is the only conformance in the shipping modules. The predictable
/// stream that reproduces vectors (`DetRandom`) lives in PeergosVectors, and a test scans the
/// sources so that no other module declares one (Spec/crypto.md#randomness).
public protocol RandomSource: AnyObject, Sendable {
    /// Writes the next `buffer.count` bytes of the stream into every byte of `buffer`.
    func fill(_ buffer: UnsafeMutableRawBufferPointer)
}

extension RandomSource {
    /// The next `count` bytes of the stream: exactly `count` (none for `count ≤ 0`), since the
    /// source fills a buffer of that size.
    public func bytes(_ count: Int) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: Swift.max(count, 0))
        out.withUnsafeMutableBytes { fill($0) }
        return out
    }

    /// The next `count` bytes of the stream, drawn straight into secret storage (no other copy).
    public func secretBytes(_ count: Int) -> SecretBytes {
        SecretBytes(count: Swift.max(count, 0)) { fill($0) }
    }
}

/// The operating system's cryptographic generator, through libsodium's `randombytes_buf` (which
/// has no return value: it aborts the process rather than return predictable bytes).
public final class SystemRandom: RandomSource {
    public static let shared = SystemRandom()

    public init() { Sodium.ensureReady() }

    public func fill(_ buffer: UnsafeMutableRawBufferPointer) {
        guard let base = buffer.baseAddress, buffer.count > 0 else { return }
        randombytes_buf(base, buffer.count)
    }
}
