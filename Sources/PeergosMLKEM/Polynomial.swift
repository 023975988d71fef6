/// Arithmetic in R_q = Z_q[X]/(X^256 + 1), q = 3329, and its NTT domain (FIPS 203 §4.3).
///
/// Coefficients are kept in 0..<q. Reductions use `%` by the constant q, which compilers turn into
/// multiply-and-shift (no data-dependent timing); no table is indexed by a secret value.
enum Poly {
    static let n = 256
    static let q: Int32 = 3329

    /// ζ^BitRev7(i) mod q for i = 0..<128, ζ = 17.
    static let zetas: [Int32] = {
        var out = [Int32](repeating: 0, count: 128)
        for i in 0..<128 {
            var rev = 0
            for bit in 0..<7 where i & (1 << bit) != 0 { rev |= 1 << (6 - bit) }
            out[i] = power(17, rev)
        }
        return out
    }()

    /// ζ^(2·BitRev7(i)+1) mod q, the moduli of the base-case products.
    static let gammas: [Int32] = {
        var out = [Int32](repeating: 0, count: 128)
        for i in 0..<128 {
            var rev = 0
            for bit in 0..<7 where i & (1 << bit) != 0 { rev |= 1 << (6 - bit) }
            out[i] = power(17, 2 * rev + 1)
        }
        return out
    }()

    static func power(_ base: Int32, _ exponent: Int) -> Int32 {
        var result: Int32 = 1
        for _ in 0..<exponent { result = result * base % q }
        return result
    }

    @inline(__always)
    static func reduce(_ x: Int32) -> Int32 {
        // For x in (-q², q²): a non-negative representative without branches.
        let r = x % q
        return r + (q & (r >> 31))
    }

    /// In-place NTT (FIPS 203 Algorithm 9).
    static func ntt(_ f: inout [Int32]) {
        f.withUnsafeMutableBufferPointer { f in
            var i = 1
            var len = 128
            while len >= 2 {
                var start = 0
                while start < 256 {
                    let zeta = zetas[i]
                    i += 1
                    for j in start..<(start + len) {
                        let t = zeta * f[j + len] % q
                        f[j + len] = reduce(f[j] - t)
                        f[j] = reduce(f[j] + t)
                    }
                    start += 2 * len
                }
                len /= 2
            }
        }
    }

    /// In-place inverse NTT (FIPS 203 Algorithm 10), including the factor 128⁻¹ = 3303.
    static func inverseNTT(_ f: inout [Int32]) {
        f.withUnsafeMutableBufferPointer { f in
            var i = 127
            var len = 2
            while len <= 128 {
                var start = 0
                while start < 256 {
                    let zeta = zetas[i]
                    i -= 1
                    for j in start..<(start + len) {
                        let t = f[j]
                        f[j] = reduce(t + f[j + len])
                        f[j + len] = reduce(zeta * reduce(f[j + len] - t))
                    }
                    start += 2 * len
                }
                len *= 2
            }
            for j in 0..<256 { f[j] = f[j] * 3303 % q }
        }
    }

    /// acc += f ∘ g (NTT-domain product, FIPS 203 Algorithms 11 and 12).
    static func multiplyAdd(_ acc: inout [Int32], _ f: [Int32], _ g: [Int32]) {
        acc.withUnsafeMutableBufferPointer { h in
            f.withUnsafeBufferPointer { f in
                g.withUnsafeBufferPointer { g in
                    for i in 0..<128 {
                        let a0 = f[2 * i], a1 = f[2 * i + 1], b0 = g[2 * i], b1 = g[2 * i + 1]
                        let c0 = (a0 * b0 + (a1 * b1 % q) * gammas[i]) % q
                        let c1 = (a0 * b1 + a1 * b0) % q
                        h[2 * i] = (h[2 * i] + c0) % q
                        h[2 * i + 1] = (h[2 * i + 1] + c1) % q
                    }
                }
            }
        }
    }

    static func add(_ a: inout [Int32], _ b: [Int32]) {
        for i in 0..<256 { a[i] = (a[i] + b[i]) % q }
    }

    static func subtract(_ a: [Int32], _ b: [Int32]) -> [Int32] {
        var out = [Int32](repeating: 0, count: 256)
        for i in 0..<256 { out[i] = reduce(a[i] - b[i]) }
        return out
    }

    // MARK: Sampling

    /// SampleNTT (Algorithm 7): uniform NTT-domain polynomial from SHAKE128(ρ ‖ j ‖ i).
    static func sampleNTT(seed: [UInt8], j: UInt8, i: UInt8) -> [Int32] {
        var xof = Keccak(rate: 168, suffix: 0x1f)
        xof.absorb(seed + [j, i])
        var a = [Int32](repeating: 0, count: 256)
        var count = 0
        while count < 256 {
            let block = xof.squeeze(168)
            var k = 0
            while k + 3 <= block.count && count < 256 {
                let d1 = Int32(block[k]) | (Int32(block[k + 1] & 0x0f) << 8)
                let d2 = Int32(block[k + 1] >> 4) | (Int32(block[k + 2]) << 4)
                if d1 < q { a[count] = d1; count += 1 }
                if d2 < q && count < 256 { a[count] = d2; count += 1 }
                k += 3
            }
        }
        return a
    }

    /// SamplePolyCBD_2 (Algorithm 8, η = 2) from 128 bytes.
    static func sampleCBD2(_ bytes: [UInt8]) -> [Int32] {
        var f = [Int32](repeating: 0, count: 256)
        for i in 0..<128 {
            let b = Int32(bytes[i])
            let x0 = (b & 1) + ((b >> 1) & 1), y0 = ((b >> 2) & 1) + ((b >> 3) & 1)
            let x1 = ((b >> 4) & 1) + ((b >> 5) & 1), y1 = ((b >> 6) & 1) + ((b >> 7) & 1)
            f[2 * i] = reduce(x0 - y0)
            f[2 * i + 1] = reduce(x1 - y1)
        }
        return f
    }

    // MARK: Encoding and compression

    /// ByteEncode_d (Algorithm 5): 256 d-bit values, little-endian bit order.
    static func encode(_ f: [Int32], bits d: Int, into out: inout [UInt8]) {
        var buffer: UInt64 = 0
        var filled = 0
        for value in f {
            buffer |= UInt64(UInt32(bitPattern: value) & ((1 << UInt32(d)) - 1)) << UInt64(filled)
            filled += d
            while filled >= 8 {
                out.append(UInt8(truncatingIfNeeded: buffer))
                buffer >>= 8
                filled -= 8
            }
        }
    }

    /// ByteDecode_d (Algorithm 6) without the reduction mod q: raw d-bit values.
    static func decode(_ bytes: ArraySlice<UInt8>, bits d: Int) -> [Int32] {
        var f = [Int32](repeating: 0, count: 256)
        var buffer: UInt64 = 0
        var filled = 0
        var index = 0
        let mask = (UInt64(1) << UInt64(d)) - 1
        for byte in bytes {
            buffer |= UInt64(byte) << UInt64(filled)
            filled += 8
            while filled >= d && index < 256 {
                f[index] = Int32(buffer & mask)
                buffer >>= UInt64(d)
                filled -= d
                index += 1
            }
        }
        return f
    }

    /// Compress_d: round(2^d · x / q) mod 2^d, by multiply-and-shift division by the constant q.
    static func compress(_ f: [Int32], bits d: Int) -> [Int32] {
        f.map { x in
            let scaled = (UInt32(x) << UInt32(d)) + UInt32(q / 2)
            return Int32((scaled / UInt32(q)) & ((1 << UInt32(d)) - 1))
        }
    }

    /// Decompress_d: round(q · y / 2^d).
    static func decompress(_ f: [Int32], bits d: Int) -> [Int32] {
        f.map { y in Int32((UInt32(y) * UInt32(q) + (1 << UInt32(d - 1))) >> UInt32(d)) }
    }
}
