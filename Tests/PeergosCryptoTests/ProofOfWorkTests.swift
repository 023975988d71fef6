import PeergosCBOR
import PeergosCrypto
import Testing

/// Upstream's proof of work: its partial-byte rule, its counter search, its CBOR.
@Suite("Proof of work")
struct ProofOfWorkTests {
    static func hash(_ prefix: [UInt8]) -> [UInt8] { prefix + [UInt8](repeating: 0xff, count: 32 - prefix.count) }

    @Test("the partial byte is tested on its low bits, as upstream's satisfiesDifficulty does")
    func partialByteRule() {
        // Upstream: (0xFF & (raw << (8 - difficulty + i))) == 0 for the last, partial byte.
        // 0x10 = 0001_0000: its low 4 bits are zero, its high 4 are not.
        #expect(ProofOfWork.satisfies(difficulty: 12, hash: Self.hash([0x00, 0x10])))
        #expect(!ProofOfWork.satisfies(difficulty: 12, hash: Self.hash([0x00, 0x01])))
        #expect(ProofOfWork.satisfies(difficulty: 3, hash: Self.hash([0xf8])))
        #expect(!ProofOfWork.satisfies(difficulty: 3, hash: Self.hash([0x1f])))
        // Whole bytes must be zero.
        #expect(ProofOfWork.satisfies(difficulty: 16, hash: Self.hash([0x00, 0x00])))
        #expect(!ProofOfWork.satisfies(difficulty: 16, hash: Self.hash([0x00, 0x80])))
        #expect(!ProofOfWork.satisfies(difficulty: 8, hash: Self.hash([0x01])))
        // Difficulty 0 is always met; more bits than the hash has, never.
        #expect(ProofOfWork.satisfies(difficulty: 0, hash: Self.hash([0xff])))
        #expect(!ProofOfWork.satisfies(difficulty: 257, hash: [UInt8](repeating: 0, count: 32)))
        #expect(ProofOfWork.satisfies(difficulty: 256, hash: [UInt8](repeating: 0, count: 32)))
    }

    @Test("generate finds the first little-endian counter that works, and the proof checks")
    func generate() {
        let data = Array("peergos proof of work".utf8)
        for difficulty in [0, 1, 5, 8, 11, 13] {
            let proof = ProofOfWork.generate(difficulty: difficulty, data: data)
            #expect(proof.prefix.count == 8)
            #expect(proof.proves(difficulty: difficulty, data: data))
            let counter = proof.prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            // Every smaller counter fails (so this is upstream's answer, not just an answer).
            for smaller in 0..<counter {
                let prefix = (0..<8).map { UInt8(truncatingIfNeeded: smaller >> (8 * UInt64($0))) }
                #expect(!ProofOfWork.satisfies(difficulty: difficulty, hash: Hash.sha256(prefix + data)))
            }
        }
        // An empty prefix (upstream's ProofOfWork.empty()) proves difficulty 0 only, here.
        #expect(ProofOfWork(prefix: []).proves(difficulty: 0, data: data))
    }

    @Test("CBOR: {type: 0x12, prefix} (Peergos orders keys shortest first); other hash types and missing fields are refused")
    func cbor() throws {
        let proof = ProofOfWork(prefix: [1, 2, 3, 4, 5, 6, 7, 8])
        let expected: [UInt8] = [0xa2, 0x64] + Array("type".utf8) + [0x12, 0x66] + Array("prefix".utf8) + [0x48, 1, 2, 3, 4, 5, 6, 7, 8]
        #expect(proof.serialize() == expected)
        #expect(try ProofOfWork(cborBytes: proof.serialize()) == proof)
        #expect(throws: (any Error).self) { try ProofOfWork(cbor: .map(["prefix": .bytes([]), "type": .integer(0x13)])) }
        #expect(throws: (any Error).self) { try ProofOfWork(cbor: .map(["type": .integer(0x12)])) }
        #expect(throws: (any Error).self) { try ProofOfWork(cbor: .list([])) }
    }
}
