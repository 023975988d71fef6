import CSodium

/// libsodium must be initialised once before use; every entry point of this module touches
/// `Sodium.ready` first. Initialisation is idempotent and thread-safe in libsodium.
///
/// Every libsodium return code is checked, in one of two ways (Spec/crypto.md#return-codes):
/// - calls that can fail on their input (a small-order public key, a forged MAC or signature, an
///   allocation) go through ``check(_:_:)`` or a throwing ``Swift/Array/filled(_:by:_:)`` and
///   become a typed ``CryptoError``; their output is never returned when the status is non-zero;
/// - calls that libsodium 1.0.18 implements with no failure path for arguments of the lengths
///   our types guarantee (SHA-2, BLAKE2b of a fixed length, HMAC-SHA256, Ed25519 signing,
///   X25519 with the base point) go through ``requireSuccess(_:_:)``: a non-zero status there
///   means a broken library, and continuing would use unwritten output, so the process stops.
///   No input can reach that stop.
enum Sodium {
    static let ready: Bool = sodium_init() >= 0

    @inline(__always)
    static func ensureReady() {
        precondition(ready, "libsodium failed to initialise")
    }

    /// Throws ``CryptoError/libraryFailure(_:)`` naming `function` unless `status` is 0.
    @inline(__always)
    static func check(_ status: Int32, _ function: StaticString) throws {
        guard status == 0 else { throw CryptoError.libraryFailure("\(function) returned \(status)") }
    }

    /// Stops the process unless `status` is 0; only for the calls listed in the type's comment,
    /// whose libsodium implementation returns 0 unconditionally.
    @inline(__always)
    static func requireSuccess(_ status: Int32, _ function: StaticString) {
        precondition(status == 0, "\(function) has no failure path in libsodium yet returned \(status)")
    }
}

extension Array where Element == UInt8 {
    /// An array of `count` bytes written by `body`, which returns the C call's status.
    /// - Throws: ``CryptoError/libraryFailure(_:)`` naming `function` when the status is not 0;
    ///   the unwritten buffer is then discarded, never returned.
    @inline(__always)
    static func filled(_ count: Int, by function: StaticString, _ body: (UnsafeMutablePointer<UInt8>) -> Int32) throws -> [UInt8] {
        var status: Int32 = -1
        let out = [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            status = body(base)
            initialized = status == 0 ? Swift.max(count, 0) : 0
        }
        try Sodium.check(status, function)
        return out
    }

    /// An array of `count` bytes written by `body`, for the calls with no failure path
    /// (``Sodium/requireSuccess(_:_:)``). The buffer is not zeroed first (it is the output of
    /// file encryption, up to megabytes): `body` writes every byte, and were it to fail the
    /// process stops before the buffer could be returned.
    @inline(__always)
    static func filledInfallibly(_ count: Int, by function: StaticString, _ body: (UnsafeMutablePointer<UInt8>) -> Int32) -> [UInt8] {
        [UInt8](unsafeUninitializedCapacity: Swift.max(count, 1)) { buffer, initialized in
            guard let base = buffer.baseAddress else { initialized = 0; return }
            Sodium.requireSuccess(body(base), function)
            initialized = Swift.max(count, 0)
        }
    }
}
