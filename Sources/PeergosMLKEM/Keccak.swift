/// Keccak-f[1600] and the FIPS 202 functions ML-KEM needs (SHA3-256, SHA3-512, SHAKE128,
/// SHAKE256). Internal to this module: no Debian library the project uses provides SHA-3
/// (libsodium 1.0.18 has none), see Spec/crypto.md#mlkem.
struct Keccak {
    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808A, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808B, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008A, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000A,
        0x0000_0000_8000_808B, 0x8000_0000_0000_008B, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800A, 0x8000_0000_8000_000A,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]

    /// The 25 lanes, lane (x, y) at index x + 5y.
    var lanes = [UInt64](repeating: 0, count: 25)
    /// Bytes per block (168 for SHAKE128, 136 for SHAKE256/SHA3-256, 72 for SHA3-512).
    let rate: Int
    /// The domain-separation suffix (0x06 for SHA-3, 0x1F for SHAKE).
    let suffix: UInt8
    private var offset = 0
    private var squeezing = false

    init(rate: Int, suffix: UInt8) {
        self.rate = rate
        self.suffix = suffix
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// Keccak-f[1600], 24 rounds.
    static func permute(_ a: UnsafeMutablePointer<UInt64>) {
        var c0: UInt64, c1: UInt64, c2: UInt64, c3: UInt64, c4: UInt64
        var b = (UInt64(0), UInt64(0), UInt64(0), UInt64(0), UInt64(0))
        for round in 0..<24 {
            // θ
            c0 = a[0] ^ a[5] ^ a[10] ^ a[15] ^ a[20]
            c1 = a[1] ^ a[6] ^ a[11] ^ a[16] ^ a[21]
            c2 = a[2] ^ a[7] ^ a[12] ^ a[17] ^ a[22]
            c3 = a[3] ^ a[8] ^ a[13] ^ a[18] ^ a[23]
            c4 = a[4] ^ a[9] ^ a[14] ^ a[19] ^ a[24]
            let d0 = c4 ^ rotl(c1, 1), d1 = c0 ^ rotl(c2, 1), d2 = c1 ^ rotl(c3, 1), d3 = c2 ^ rotl(c4, 1), d4 = c3 ^ rotl(c0, 1)
            for y in stride(from: 0, to: 25, by: 5) {
                a[y] ^= d0; a[y + 1] ^= d1; a[y + 2] ^= d2; a[y + 3] ^= d3; a[y + 4] ^= d4
            }
            // ρ and π: B[y, 2x+3y] = rot(A[x, y], r[x, y])
            let t0 = a[0]
            let t1 = rotl(a[6], 44), t2 = rotl(a[12], 43), t3 = rotl(a[18], 21), t4 = rotl(a[24], 14)
            let t5 = rotl(a[3], 28), t6 = rotl(a[9], 20), t7 = rotl(a[10], 3), t8 = rotl(a[16], 45), t9 = rotl(a[22], 61)
            let t10 = rotl(a[1], 1), t11 = rotl(a[7], 6), t12 = rotl(a[13], 25), t13 = rotl(a[19], 8), t14 = rotl(a[20], 18)
            let t15 = rotl(a[4], 27), t16 = rotl(a[5], 36), t17 = rotl(a[11], 10), t18 = rotl(a[17], 15), t19 = rotl(a[23], 56)
            let t20 = rotl(a[2], 62), t21 = rotl(a[8], 55), t22 = rotl(a[14], 39), t23 = rotl(a[15], 41), t24 = rotl(a[21], 2)
            // χ, row by row
            b = (t0, t1, t2, t3, t4)
            a[0] = b.0 ^ (~b.1 & b.2); a[1] = b.1 ^ (~b.2 & b.3); a[2] = b.2 ^ (~b.3 & b.4); a[3] = b.3 ^ (~b.4 & b.0); a[4] = b.4 ^ (~b.0 & b.1)
            b = (t5, t6, t7, t8, t9)
            a[5] = b.0 ^ (~b.1 & b.2); a[6] = b.1 ^ (~b.2 & b.3); a[7] = b.2 ^ (~b.3 & b.4); a[8] = b.3 ^ (~b.4 & b.0); a[9] = b.4 ^ (~b.0 & b.1)
            b = (t10, t11, t12, t13, t14)
            a[10] = b.0 ^ (~b.1 & b.2); a[11] = b.1 ^ (~b.2 & b.3); a[12] = b.2 ^ (~b.3 & b.4); a[13] = b.3 ^ (~b.4 & b.0); a[14] = b.4 ^ (~b.0 & b.1)
            b = (t15, t16, t17, t18, t19)
            a[15] = b.0 ^ (~b.1 & b.2); a[16] = b.1 ^ (~b.2 & b.3); a[17] = b.2 ^ (~b.3 & b.4); a[18] = b.3 ^ (~b.4 & b.0); a[19] = b.4 ^ (~b.0 & b.1)
            b = (t20, t21, t22, t23, t24)
            a[20] = b.0 ^ (~b.1 & b.2); a[21] = b.1 ^ (~b.2 & b.3); a[22] = b.2 ^ (~b.3 & b.4); a[23] = b.3 ^ (~b.4 & b.0); a[24] = b.4 ^ (~b.0 & b.1)
            // ι
            a[0] ^= roundConstants[round]
        }
    }

    mutating func absorb(_ data: [UInt8]) {
        precondition(!squeezing, "absorb after squeeze")
        lanes.withUnsafeMutableBufferPointer { lanes in
            for byte in data {
                lanes[offset >> 3] ^= UInt64(byte) << UInt64(8 * (offset & 7))
                offset += 1
                if offset == rate {
                    Keccak.permute(lanes.baseAddress!)
                    offset = 0
                }
            }
        }
    }

    private mutating func finish() {
        lanes.withUnsafeMutableBufferPointer { lanes in
            lanes[offset >> 3] ^= UInt64(suffix) << UInt64(8 * (offset & 7))
            lanes[(rate - 1) >> 3] ^= UInt64(0x80) << UInt64(8 * ((rate - 1) & 7))
            Keccak.permute(lanes.baseAddress!)
        }
        offset = 0
        squeezing = true
    }

    /// The next `count` output bytes.
    mutating func squeeze(_ count: Int) -> [UInt8] {
        if !squeezing { finish() }
        var out = [UInt8](repeating: 0, count: count)
        lanes.withUnsafeMutableBufferPointer { lanes in
            for i in 0..<count {
                if offset == rate {
                    Keccak.permute(lanes.baseAddress!)
                    offset = 0
                }
                out[i] = UInt8(truncatingIfNeeded: lanes[offset >> 3] >> UInt64(8 * (offset & 7)))
                offset += 1
            }
        }
        return out
    }

    static func sha3_256(_ data: [UInt8]) -> [UInt8] {
        var k = Keccak(rate: 136, suffix: 0x06)
        k.absorb(data)
        return k.squeeze(32)
    }

    static func sha3_512(_ data: [UInt8]) -> [UInt8] {
        var k = Keccak(rate: 72, suffix: 0x06)
        k.absorb(data)
        return k.squeeze(64)
    }

    static func shake128(_ data: [UInt8], count: Int) -> [UInt8] {
        var k = Keccak(rate: 168, suffix: 0x1f)
        k.absorb(data)
        return k.squeeze(count)
    }

    static func shake256(_ data: [UInt8], count: Int) -> [UInt8] {
        var k = Keccak(rate: 136, suffix: 0x1f)
        k.absorb(data)
        return k.squeeze(count)
    }
}
