import PeergosCBOR
import PeergosCrypto

extension VectorArea {
    /// Area "pow": upstream's proof-of-work rule and search.
    public static let pow = VectorArea(name: "pow") { v in
        switch v.kind {
        case "pow_satisfies":
            try expect(ProofOfWork.satisfies(difficulty: try v.int("difficulty"), hash: try v.hex("hash")), equals: try v.bool("satisfies"), "satisfies")
        case "pow_generate":
            let data = try v.hex("data")
            let difficulty = try v.int("difficulty")
            let prefix = try v.hex("prefix")
            try ProofOfWorkVectors.checkMinimal(prefix: prefix, difficulty: difficulty, data: data)
            // Terminates: checkMinimal found a counter that meets the difficulty.
            let proof = ProofOfWork.generate(difficulty: difficulty, data: data)
            try expectBytes(proof.prefix, equals: prefix, "prefix")
            try expectBytes(Hash.sha256(proof.prefix + data), equals: try v.hex("hash"), "hash")
            try expectBytes(proof.serialize(), equals: try v.hex("cbor"), "CBOR")
            try expect(try ProofOfWork(cborBytes: try v.hex("cbor")), equals: proof, "read back")
        default:
            throw VectorSkip("unknown pow vector kind \(v.kind)")
        }
    }
}

enum ProofOfWorkVectors {
    /// Counters above this are not searched (2^22 hashes, about a second): a vector needing more is refused.
    static let maximumCounter: UInt64 = 1 << 22

    /// Checks, independently of ``ProofOfWork/generate(difficulty:data:)``, that `prefix` is the
    /// result of upstream's search: an 8-byte little-endian counter that meets `difficulty` for
    /// `data`, with no smaller counter meeting it.
    static func checkMinimal(prefix: [UInt8], difficulty: Int, data: [UInt8]) throws {
        try expect(prefix.count, equals: ProofOfWork.prefixBytes, "prefix length")
        let counter = prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        guard counter <= maximumCounter else { throw VectorMismatch("counter \(counter) is beyond the \(maximumCounter) this checker searches") }
        guard ProofOfWork.satisfies(difficulty: difficulty, hash: Hash.sha256(prefix + data)) else {
            throw VectorMismatch("prefix \(Hex.encode(prefix)) does not meet difficulty \(difficulty)")
        }
        var candidate = [UInt8](repeating: 0, count: ProofOfWork.prefixBytes) + data
        for smaller in 0..<counter {
            for i in 0..<ProofOfWork.prefixBytes { candidate[i] = UInt8(truncatingIfNeeded: smaller >> (8 * UInt64(i))) }
            if ProofOfWork.satisfies(difficulty: difficulty, hash: Hash.sha256(candidate)) {
                throw VectorMismatch("not minimal: counter \(smaller) < \(counter) also meets difficulty \(difficulty)")
            }
        }
    }
}
