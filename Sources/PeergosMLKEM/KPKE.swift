/// K-PKE, the CPA-secure encryption scheme under ML-KEM (FIPS 203 §5), for k = 4, η₁ = η₂ = 2,
/// d_u = 11, d_v = 5.
enum KPKE {
    static let k = 4
    static let du = 11
    static let dv = 5

    /// PRF_η(s, b) = SHAKE256(s ‖ b, 64η) with η = 2.
    static func prf(_ seed: [UInt8], _ b: UInt8) -> [UInt8] {
        Keccak.shake256(seed + [b], count: 128)
    }

    /// Â[i][j] = SampleNTT(ρ ‖ j ‖ i).
    static func matrix(_ rho: [UInt8]) -> [[[Int32]]] {
        (0..<k).map { i in (0..<k).map { j in Poly.sampleNTT(seed: rho, j: UInt8(j), i: UInt8(i)) } }
    }

    /// K-PKE.KeyGen (Algorithm 13): (ek, dk_PKE) from the 32-byte seed d.
    static func keyGen(d: [UInt8]) -> (ek: [UInt8], dk: [UInt8]) {
        let g = Keccak.sha3_512(d + [UInt8(k)])
        let rho = Array(g[0..<32]), sigma = Array(g[32..<64])
        let a = matrix(rho)
        var counter: UInt8 = 0
        var s: [[Int32]] = []
        var e: [[Int32]] = []
        for _ in 0..<k { s.append(Poly.sampleCBD2(prf(sigma, counter))); counter += 1 }
        for _ in 0..<k { e.append(Poly.sampleCBD2(prf(sigma, counter))); counter += 1 }
        for i in 0..<k { Poly.ntt(&s[i]); Poly.ntt(&e[i]) }
        var ek: [UInt8] = []
        ek.reserveCapacity(384 * k + 32)
        for i in 0..<k {
            var t = e[i]
            for j in 0..<k { Poly.multiplyAdd(&t, a[i][j], s[j]) }
            Poly.encode(t, bits: 12, into: &ek)
        }
        ek += rho
        var dk: [UInt8] = []
        dk.reserveCapacity(384 * k)
        for i in 0..<k { Poly.encode(s[i], bits: 12, into: &dk) }
        return (ek, dk)
    }

    /// K-PKE.Encrypt (Algorithm 14).
    static func encrypt(ek: [UInt8], message m: [UInt8], randomness r: [UInt8]) -> [UInt8] {
        let rho = Array(ek[(384 * k)...])
        let t = (0..<k).map { i in Poly.decode(ek[(384 * i)..<(384 * (i + 1))], bits: 12) }
        let a = matrix(rho)
        var counter: UInt8 = 0
        var y: [[Int32]] = []
        var e1: [[Int32]] = []
        for _ in 0..<k { y.append(Poly.sampleCBD2(prf(r, counter))); counter += 1 }
        for _ in 0..<k { e1.append(Poly.sampleCBD2(prf(r, counter))); counter += 1 }
        let e2 = Poly.sampleCBD2(prf(r, counter))
        for i in 0..<k { Poly.ntt(&y[i]) }
        var c: [UInt8] = []
        c.reserveCapacity(32 * (du * k + dv))
        for i in 0..<k {
            var u = [Int32](repeating: 0, count: 256)
            for j in 0..<k { Poly.multiplyAdd(&u, a[j][i], y[j]) }
            Poly.inverseNTT(&u)
            Poly.add(&u, e1[i])
            Poly.encode(Poly.compress(u, bits: du), bits: du, into: &c)
        }
        var v = [Int32](repeating: 0, count: 256)
        for i in 0..<k { Poly.multiplyAdd(&v, t[i], y[i]) }
        Poly.inverseNTT(&v)
        Poly.add(&v, e2)
        Poly.add(&v, Poly.decompress(Poly.decode(m[...], bits: 1), bits: 1))
        Poly.encode(Poly.compress(v, bits: dv), bits: dv, into: &c)
        return c
    }

    /// K-PKE.Decrypt (Algorithm 15).
    static func decrypt(dk: ArraySlice<UInt8>, ciphertext c: [UInt8]) -> [UInt8] {
        let base = dk.startIndex
        var w = [Int32](repeating: 0, count: 256)
        for i in 0..<k {
            var u = Poly.decompress(Poly.decode(c[(32 * du * i)..<(32 * du * (i + 1))], bits: du), bits: du)
            Poly.ntt(&u)
            let s = Poly.decode(dk[(base + 384 * i)..<(base + 384 * (i + 1))], bits: 12)
            Poly.multiplyAdd(&w, s, u)
        }
        Poly.inverseNTT(&w)
        let v = Poly.decompress(Poly.decode(c[(32 * du * k)...], bits: dv), bits: dv)
        var m: [UInt8] = []
        m.reserveCapacity(32)
        Poly.encode(Poly.compress(Poly.subtract(v, w), bits: 1), bits: 1, into: &m)
        return m
    }
}
