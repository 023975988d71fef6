import CSodium

/// Secret key material in memory this object allocates itself, so that no copy of it is left
/// behind when it is freed (the way swift-crypto's `SecureBytes` keeps keys).
///
/// Invariants:
/// - The bytes never change after initialisation (so instances are safely `Sendable`), and are
///   overwritten with zeros by `sodium_memzero` before the memory is returned to the allocator.
/// - Nothing that renders a value (`description`, `debugDescription`, string interpolation,
///   `dump`, `Mirror`) shows the bytes: they all give `SecretBytes(32 bytes, redacted)`.
/// - `==` runs in time that depends only on the length (`sodium_memcmp`); values of different
///   lengths are unequal.
/// - `hash(into:)` feeds only the length, never the bytes: equal values hash equally, and the
///   hash reveals nothing about the secret.
///
/// The only ways to read the bytes are ``withUnsafeBytes(_:)`` (borrowed, for a C call) and
/// ``copyBytes()`` (an ordinary array, for serialisation: that copy is not zeroed when freed).
public final class SecretBytes: @unchecked Sendable {
    /// Number of secret bytes.
    public let count: Int
    /// `max(count, 1)` bytes owned by this object (one spare zero byte for an empty value, so
    /// that the pointer handed to C is always valid).
    private let base: UnsafeMutablePointer<UInt8>
    #if DEBUG
    /// Test builds only: called by `deinit` with the buffer after it was zeroed and before it is
    /// freed, so a test can check the zeroing (see ``observingWipe(_:)``).
    private var wipeObserver: (@Sendable (UnsafeRawBufferPointer) -> Void)?
    #endif

    /// `count` bytes written by `initialize`, which must write every byte (the buffer starts zeroed).
    /// If `initialize` throws, the buffer is zeroed and freed and the error is rethrown.
    public convenience init(count: Int, initializingWith initialize: (UnsafeMutableRawBufferPointer) throws -> Void) rethrows {
        try self.init(count: count, initializingPointer: { pointer in
            try initialize(UnsafeMutableRawBufferPointer(start: pointer, count: Swift.max(count, 0)))
        })
    }

    /// `count` bytes written through a pointer to the first of them (for C output parameters),
    /// which must write every byte (the buffer starts zeroed). If `initialize` throws, the buffer
    /// is zeroed and freed and the error is rethrown.
    public init(count: Int, initializingPointer initialize: (UnsafeMutablePointer<UInt8>) throws -> Void) rethrows {
        let size = Swift.max(count, 0)
        let base = UnsafeMutablePointer<UInt8>.allocate(capacity: Swift.max(size, 1))
        base.initialize(repeating: 0, count: Swift.max(size, 1))
        do {
            try initialize(base)
        } catch {
            sodium_memzero(base, Swift.max(size, 1))
            base.deallocate()
            throw error
        }
        self.count = size
        self.base = base
    }

    /// A copy of `bytes`. The caller's array is left as it is; prefer ``init(consuming:)`` for
    /// arrays that exist only to carry the secret here.
    public convenience init(copying bytes: [UInt8]) {
        self.init(count: bytes.count) { region in
            bytes.withUnsafeBytes { source in region.copyMemory(from: source) }
        }
    }

    /// A copy of `bytes`, after which `bytes` is overwritten with zeros (when the array is not
    /// shared, that erases the only other copy).
    public convenience init(consuming bytes: inout [UInt8]) {
        self.init(copying: bytes)
        Self.erase(&bytes)
    }

    deinit {
        sodium_memzero(base, Swift.max(count, 1))
        #if DEBUG
        wipeObserver?(UnsafeRawBufferPointer(start: base, count: count))
        #endif
        base.deallocate()
    }

    #if DEBUG
    /// Test builds only: `observer` sees this value's buffer when it is freed, after zeroing.
    /// Set once, before the value is shared.
    func observingWipe(_ observer: @escaping @Sendable (UnsafeRawBufferPointer) -> Void) -> SecretBytes {
        wipeObserver = observer
        return self
    }
    #endif

    /// Calls `body` with the secret bytes; the buffer must not escape `body`.
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try body(UnsafeRawBufferPointer(start: base, count: count))
    }

    /// Calls `body` with a pointer to the first secret byte, valid for ``count`` bytes (for C
    /// parameters such as `const unsigned char *k`); the pointer must not escape `body`.
    public func withUnsafeBytePointer<R>(_ body: (UnsafePointer<UInt8>) throws -> R) rethrows -> R {
        try body(UnsafePointer(base))
    }

    /// The secret bytes as an ordinary array, for serialisation (key CBOR) and checks against
    /// vectors. The copy is NOT zeroed when freed: keep it as short-lived as possible.
    public func copyBytes() -> [UInt8] {
        withUnsafeBytes { [UInt8]($0) }
    }

    /// Overwrites a temporary copy of secret bytes with zeros (`sodium_memzero`, which the
    /// compiler cannot drop), keeping its length. Use it on arrays a secret passed through.
    public static func erase(_ bytes: inout [UInt8]) {
        bytes.withUnsafeMutableBytes { wipe($0) }
    }

    private static func wipe(_ region: UnsafeMutableRawBufferPointer) {
        guard let base = region.baseAddress, region.count > 0 else { return }
        sodium_memzero(base, region.count)
    }
}

extension SecretBytes: Equatable {
    /// Constant-time in the contents (`sodium_memcmp`, which returns 0 for equal and -1 for
    /// different buffers); values of different lengths are unequal.
    public static func == (lhs: SecretBytes, rhs: SecretBytes) -> Bool {
        guard lhs.count == rhs.count else { return false }
        if lhs.count == 0 || lhs === rhs { return true }
        return lhs.withUnsafeBytePointer { a in
            rhs.withUnsafeBytePointer { b in sodium_memcmp(a, b, lhs.count) == 0 }
        }
    }
}

extension SecretBytes: Hashable {
    /// Only the length: the bytes never reach a hasher.
    public func hash(into hasher: inout Hasher) { hasher.combine(count) }
}

extension SecretBytes: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// `SecretBytes(N bytes, redacted)`.
    public var description: String { "SecretBytes(\(count) bytes, redacted)" }
    public var debugDescription: String { description }
    /// A mirror with no children, so `dump` and reflection show only the redacted description.
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .class) }
}
