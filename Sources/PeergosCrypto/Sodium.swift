import CSodium

/// libsodium must be initialised once before use; every entry point of this module touches
/// `Sodium.ready` first. Initialisation is idempotent and thread-safe in libsodium.
enum Sodium {
    static let ready: Bool = sodium_init() >= 0

    @inline(__always)
    static func ensureReady() {
        precondition(ready, "libsodium failed to initialise")
    }
}

extension Array where Element == UInt8 {
    /// An array of `count` bytes filled by `body`, which must write all of them.
    @inline(__always)
    static func filled(_ count: Int, _ body: (UnsafeMutablePointer<UInt8>) -> Void) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
            body(buffer.baseAddress!)
            initialized = count
        }
    }
}
