import PeergosCBOR

/// A proof of work over some data (upstream `ProofOfWork`): CBOR `{prefix: bytes, type: 0x12}`,
/// where `type` is the multihash code of SHA-256. It proves `difficulty` when
/// `SHA-256(prefix ‖ data)` passes `ProofOfWork.satisfies`.
///
/// Invariant: `type` is always 0x12 (the only hash upstream defines for proofs).
public struct ProofOfWork: Hashable, Sendable, CborCodable {
    /// Upstream's prefix length for proofs it generates (any length is accepted when checking).
    public static let prefixBytes = 8
    public static let minDifficulty = 0
    public static let defaultDifficulty = 11
    public static let maxDifficulty = 256
    public static let sha256Type: Int64 = 0x12

    public let prefix: [UInt8]

    public init(prefix: [UInt8]) { self.prefix = prefix }

    public func toCbor() -> CborObject { .map(["prefix": .bytes(prefix), "type": .integer(Self.sha256Type)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("ProofOfWork")
        prefix = try m.required("prefix").asBytes("prefix")
        let type = try m.required("type").asInteger("type")
        guard type == Self.sha256Type else { throw CborSchemaError.invalidValue("ProofOfWork type \(type) is not SHA-256 (0x12)") }
    }

    /// Whether this proof meets `difficulty` for `data`.
    public func proves(difficulty: Int, data: [UInt8]) -> Bool {
        Self.satisfies(difficulty: difficulty, hash: Hash.sha256(prefix + data))
    }

    /// Upstream's `ProofOfWork.satisfiesDifficulty`, bit for bit: the first `difficulty / 8` bytes of
    /// `hash` must be zero, and then, for the remaining `r = difficulty % 8` bits, the **low** `r`
    /// bits of the next byte (upstream shifts the byte left by `8 - r` and tests the result; this
    /// is not a leading-zero-bits test, and a proof made for one rule can fail the other).
    public static func satisfies(difficulty: Int, hash: [UInt8]) -> Bool {
        guard difficulty > 0 else { return true }
        guard difficulty <= hash.count * 8 else { return false }
        let whole = difficulty / 8
        for i in 0..<whole where hash[i] != 0 { return false }
        let rest = difficulty % 8
        guard rest > 0 else { return true }
        return (hash[whole] << (8 - rest)) == 0
    }

    /// Upstream's search (`ScryptJava.generateProofOfWork`): the prefix is an 8-byte little-endian
    /// counter from 0, the first that satisfies `difficulty` for `data`. Cost doubles with each bit.
    public static func generate(difficulty: Int, data: [UInt8]) -> ProofOfWork {
        var combined = [UInt8](repeating: 0, count: prefixBytes) + data
        var counter: UInt64 = 0
        while !satisfies(difficulty: difficulty, hash: Hash.sha256(combined)) {
            counter &+= 1
            for i in 0..<prefixBytes { combined[i] = UInt8(truncatingIfNeeded: counter >> (8 * UInt64(i))) }
        }
        return ProofOfWork(prefix: Array(combined[0..<prefixBytes]))
    }
}
