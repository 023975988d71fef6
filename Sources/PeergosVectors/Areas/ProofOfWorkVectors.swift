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
            let proof = ProofOfWork.generate(difficulty: difficulty, data: data)
            try expectBytes(proof.prefix, equals: try v.hex("prefix"), "prefix")
            try expectBytes(Hash.sha256(proof.prefix + data), equals: try v.hex("hash"), "hash")
            try expectBytes(proof.serialize(), equals: try v.hex("cbor"), "CBOR")
            try expect(try ProofOfWork(cborBytes: try v.hex("cbor")), equals: proof, "read back")
        default:
            throw VectorSkip("unknown pow vector kind \(v.kind)")
        }
    }
}
