import PeergosCrypto
import PeergosMultiformats

/// The bytes libFuzzer hands a target, as an array.
public func fuzzBytes(_ start: UnsafeRawPointer?, _ count: Int) -> [UInt8] {
    guard let start, count > 0 else { return [] }
    return Array(UnsafeRawBufferPointer(start: start, count: count))
}

/// Reads a fuzz input front to back: selector bytes first, then the payload.
public struct FuzzReader {
    public let bytes: [UInt8]
    public private(set) var offset = 0

    public init(_ bytes: [UInt8]) { self.bytes = bytes }

    public var remaining: Int { bytes.count - offset }

    /// The next byte, or 0 past the end.
    public mutating func byte() -> UInt8 {
        guard offset < bytes.count else { return 0 }
        defer { offset += 1 }
        return bytes[offset]
    }

    /// Up to `n` next bytes.
    public mutating func take(_ n: Int) -> [UInt8] {
        let n = max(0, min(n, remaining))
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    /// A length-prefixed (one byte) chunk.
    public mutating func chunk() -> [UInt8] { take(Int(byte())) }

    /// Everything left.
    public mutating func rest() -> [UInt8] { take(remaining) }
}

/// A fixed Ed25519 key the targets sign fuzzed payloads with, so that the code behind a signature
/// check (pointer updates, claims, block writes) is reached too.
public enum FuzzKeys {
    public static let signer: SigningKeyPair = try! SigningKeyPair(seed: [UInt8](repeating: 0x5a, count: 32))
    public static let other: SigningKeyPair = try! SigningKeyPair(seed: [UInt8](repeating: 0xa5, count: 32))
    public static var writer: PublicKeyHash { signer.publicKey.publicKeyHash }
}

/// A broken invariant: a crash libFuzzer records (a thrown error is fine, a wrong answer is not).
public func fuzzCheck(_ condition: @autoclosure () -> Bool, _ message: @autoclosure () -> String, file: StaticString = #file, line: UInt = #line) {
    if !condition() { fatalError("fuzz invariant: \(message())", file: file, line: line) }
}
