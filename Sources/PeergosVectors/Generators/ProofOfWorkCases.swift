import PeergosCBOR
import PeergosCrypto

/// The project's own proof-of-work vectors (area "pow"). `pow_satisfies` cases are written by hand
/// from upstream's `satisfiesDifficulty` expression, several where a leading-zero-bits reading
/// would disagree; `pow_generate` cases give upstream's counter search result for fixed data
/// (each checked minimal by the vector test). The generator refuses a case the code disagrees with.
enum ProofOfWorkCases {
    static func hash(_ prefix: [UInt8]) -> [UInt8] { prefix + [UInt8](repeating: 0xff, count: 32 - prefix.count) }

    /// (id, description, hash, difficulty, satisfies)
    static let satisfies: [(String, String, [UInt8], Int, Bool)] = [
        ("pow_zero_difficulty", "difficulty 0 is met by any hash", hash([0xff]), 0, true),
        ("pow_one_byte", "difficulty 8: the first byte is zero", hash([0x00]), 8, true),
        ("pow_one_byte_fails", "difficulty 8: first byte 0x01", hash([0x01]), 8, false),
        ("pow_partial_low_bits_zero", "difficulty 12: byte 1 is 0x10, its low 4 bits are zero (a leading-zeros reading says no)", hash([0x00, 0x10]), 12, true),
        ("pow_partial_high_bits_zero", "difficulty 12: byte 1 is 0x01, its high 4 bits are zero but not its low 4 (a leading-zeros reading says yes)", hash([0x00, 0x01]), 12, false),
        ("pow_partial_three_bits", "difficulty 3: 0xf8 has its low 3 bits zero", hash([0xf8]), 3, true),
        ("pow_partial_three_bits_fails", "difficulty 3: 0x1f has its high 3 bits zero only", hash([0x1f]), 3, false),
        ("pow_two_bytes_fails", "difficulty 16: byte 1 is 0x80", hash([0x00, 0x80]), 16, false),
        ("pow_all_bits", "difficulty 256: an all-zero hash", [UInt8](repeating: 0, count: 32), 256, true),
        ("pow_eleven_default", "the default difficulty 11: byte 1 low 3 bits zero", hash([0x00, 0xa8]), 11, true),
    ]

    static func vectors() throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        for (id, description, h, difficulty, expected) in satisfies {
            guard ProofOfWork.satisfies(difficulty: difficulty, hash: h) == expected else { throw VectorMismatch("\(id): code disagrees") }
            out.append(["id": id, "kind": "pow_satisfies", "description": description, "hash": Hex.encode(h),
                        "difficulty": difficulty, "satisfies": expected])
        }
        for (n, difficulty) in [0, 4, 8, 11, 12, 14].enumerated() {
            let data = Hash.sha256(Array("pow-data-\(n)".utf8))
            let proof = ProofOfWork.generate(difficulty: difficulty, data: data)
            out.append(["id": "pow_generate_\(difficulty)", "kind": "pow_generate",
                        "description": "upstream's search: the least 8-byte little-endian counter prefix that satisfies the difficulty",
                        "data": Hex.encode(data), "difficulty": difficulty, "prefix": Hex.encode(proof.prefix),
                        "hash": Hex.encode(Hash.sha256(proof.prefix + data)), "cbor": Hex.encode(proof.serialize())])
        }
        return out
    }
}
