import PeergosSecrets

/// ML-KEM-1024 (FIPS 203) with the standard *expanded* 3168-byte decapsulation key
/// `dk_PKE ‖ ek ‖ H(ek) ‖ z`, the form upstream Peergos stores in hybrid secret boxing keys.
///
/// The `*_internal` algorithms are exposed with explicit randomness (d, z, m) so that callers
/// draw it from their own random source and vectors can replay it.
public enum MLKEM1024 {
    public static let encapsulationKeyByteCount = 1568
    public static let decapsulationKeyByteCount = 3168
    public static let ciphertextByteCount = 1568
    public static let sharedSecretByteCount = 32
    /// Length of d, z and the encapsulation entropy m.
    public static let seedByteCount = 32

    /// An encapsulation (public) key, validated by the FIPS 203 §7.2 checks (length, and every
    /// 12-bit coefficient below q).
    public struct EncapsulationKey: Hashable, Sendable {
        public let bytes: [UInt8]

        public init(bytes: [UInt8]) throws {
            try MLKEMError.check(bytes, encapsulationKeyByteCount, "ML-KEM-1024 encapsulation key")
            for i in 0..<KPKE.k {
                for value in Poly.decode(bytes[(384 * i)..<(384 * (i + 1))], bits: 12) where value >= Poly.q {
                    throw MLKEMError.encapsulationKeyModulusCheckFailed
                }
            }
            self.bytes = bytes
        }
    }

    /// An expanded decapsulation key, validated by the FIPS 203 §7.3 checks (length, and the
    /// embedded H(ek) equal to the hash of the embedded ek).
    ///
    /// The key lives in ``SecretBytes`` (zeroed when freed, redacted when printed, compared in
    /// constant time). It hashes only its public part, the embedded H(ek).
    public struct DecapsulationKey: Hashable, Sendable, CustomStringConvertible {
        /// The 3168 secret bytes `dk_PKE ‖ ek ‖ H(ek) ‖ z`.
        public let secret: SecretBytes

        /// Copies `bytes` into secret storage after the length and hash checks.
        public init(bytes: [UInt8]) throws {
            try MLKEMError.check(bytes, decapsulationKeyByteCount, "ML-KEM-1024 decapsulation key")
            let ek = Array(bytes[1536..<3104])
            guard Keccak.sha3_256(ek) == Array(bytes[3104..<3136]) else { throw MLKEMError.decapsulationKeyHashCheckFailed }
            self.secret = SecretBytes(copying: bytes)
        }

        /// The encapsulation key embedded in this key.
        public var encapsulationKey: EncapsulationKey {
            let ek = secret.withUnsafeBytes { Array($0[1536..<3104]) }
            // Embedded keys passed the hash check; the modulus check holds for any key made by keyPair.
            return (try? EncapsulationKey(bytes: ek)) ?? EncapsulationKey(unchecked: ek)
        }

        /// `MLKEM1024.DecapsulationKey(3168 bytes, redacted)`.
        public var description: String { "MLKEM1024.DecapsulationKey(\(secret.count) bytes, redacted)" }

        public static func == (lhs: DecapsulationKey, rhs: DecapsulationKey) -> Bool { lhs.secret == rhs.secret }

        /// Hashes H(ek), which is public.
        public func hash(into hasher: inout Hasher) {
            secret.withUnsafeBytes { hasher.combine(bytes: UnsafeRawBufferPointer(rebasing: $0[3104..<3136])) }
        }
    }

    /// A key pair from ``keyPair(d:z:)``.
    public struct KeyPair: Sendable {
        public let encapsulationKey: EncapsulationKey
        public let decapsulationKey: DecapsulationKey
    }

    /// ML-KEM.KeyGen_internal(d, z) (FIPS 203 Algorithm 16).
    public static func keyPair(d: [UInt8], z: [UInt8]) throws -> KeyPair {
        try MLKEMError.check(d, seedByteCount, "d")
        try MLKEMError.check(z, seedByteCount, "z")
        var generated = KPKE.keyGen(d: d)
        defer { SecretBytes.erase(&generated.dk) }
        let ek = generated.ek
        var dk = generated.dk + ek + Keccak.sha3_256(ek) + z
        return KeyPair(encapsulationKey: EncapsulationKey(unchecked: ek), decapsulationKey: DecapsulationKey(consuming: &dk))
    }

    /// ML-KEM.Encaps_internal(ek, m) (FIPS 203 Algorithm 17): the shared secret K and ciphertext c.
    public static func encapsulate(to key: EncapsulationKey, entropy m: [UInt8]) throws -> (sharedSecret: [UInt8], ciphertext: [UInt8]) {
        try MLKEMError.check(m, seedByteCount, "m")
        let g = Keccak.sha3_512(m + Keccak.sha3_256(key.bytes))
        let c = KPKE.encrypt(ek: key.bytes, message: m, randomness: Array(g[32..<64]))
        return (Array(g[0..<32]), c)
    }

    /// ML-KEM.Decaps_internal(dk, c) (FIPS 203 Algorithm 18), with implicit rejection: a
    /// ciphertext that does not re-encrypt identically yields J(z ‖ c), chosen without branching.
    public static func decapsulate(_ ciphertext: [UInt8], with key: DecapsulationKey) throws -> [UInt8] {
        try MLKEMError.check(ciphertext, ciphertextByteCount, "ML-KEM-1024 ciphertext")
        // The secret part, dk_PKE, and z are copied out for the arithmetic and erased afterwards.
        var dk = key.secret.copyBytes()
        defer { SecretBytes.erase(&dk) }
        let ek = Array(dk[1536..<3104])
        let h = Array(dk[3104..<3136])
        var z = Array(dk[3136..<3168])
        defer { SecretBytes.erase(&z) }
        var m = KPKE.decrypt(dk: dk[0..<1536], ciphertext: ciphertext)
        defer { SecretBytes.erase(&m) }
        let g = Keccak.sha3_512(m + h)
        let kBar = Keccak.shake256(z + ciphertext, count: 32)
        let reencrypted = KPKE.encrypt(ek: ek, message: m, randomness: Array(g[32..<64]))
        // mask = 0xff when the ciphertexts differ, 0x00 when equal; computed without branches.
        var difference: UInt8 = 0
        for i in 0..<ciphertextByteCount { difference |= reencrypted[i] ^ ciphertext[i] }
        let mask = UInt8(truncatingIfNeeded: (Int(difference) | -Int(difference)) >> 8)
        var out = [UInt8](repeating: 0, count: 32)
        for i in 0..<32 { out[i] = (g[i] & ~mask) | (kBar[i] & mask) }
        return out
    }
}

extension MLKEM1024.EncapsulationKey {
    init(unchecked bytes: [UInt8]) { self.bytes = bytes }
}

extension MLKEM1024.DecapsulationKey {
    /// Moves a key made by ``MLKEM1024/keyPair(d:z:)`` into secret storage and zeroes `bytes`.
    init(consuming bytes: inout [UInt8]) { self.secret = SecretBytes(consuming: &bytes) }
}
