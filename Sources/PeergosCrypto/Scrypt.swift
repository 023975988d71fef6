import CScrypt
import CSodium

/// scrypt (RFC 7914), computed by libscrypt; libsodium's implementation serves as a cross-check.
///
/// Parameters are checked before any work so that hostile values (from a published
/// SecretGenerationAlgorithm, say) get an error instead of exhausting memory: 1 ≤ log₂N ≤ 24,
/// 1 ≤ r ≤ 32, 1 ≤ p ≤ 16, 128·r·N ≤ 1 GiB, 1 ≤ output ≤ 1024 bytes.
public enum Scrypt {
    public static let maximumMemory = 1 << 30

    /// scrypt(password, salt, N = 2^logN, r, p, outputLength).
    public static func derive(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int, outputLength: Int) throws -> [UInt8] {
        try checkParameters(logN: logN, r: r, p: p, outputLength: outputLength)
        var out = [UInt8](repeating: 0, count: outputLength)
        let status = libscrypt_scrypt(password, password.count, salt, salt.count, UInt64(1) << UInt64(logN),
                                      UInt32(r), UInt32(p), &out, outputLength)
        guard status == 0 else { throw CryptoError.libraryFailure("libscrypt returned \(status)") }
        return out
    }

    /// The same function through libsodium's `crypto_pwhash_scryptsalsa208sha256_ll`.
    public static func deriveWithSodium(password: [UInt8], salt: [UInt8], logN: Int, r: Int, p: Int, outputLength: Int) throws -> [UInt8] {
        try checkParameters(logN: logN, r: r, p: p, outputLength: outputLength)
        Sodium.ensureReady()
        var out = [UInt8](repeating: 0, count: outputLength)
        let status = crypto_pwhash_scryptsalsa208sha256_ll(password, password.count, salt, salt.count,
                                                            UInt64(1) << UInt64(logN), UInt32(r), UInt32(p), &out, outputLength)
        guard status == 0 else { throw CryptoError.libraryFailure("libsodium scrypt returned \(status)") }
        return out
    }

    static func checkParameters(logN: Int, r: Int, p: Int, outputLength: Int) throws {
        guard (1...24).contains(logN) else { throw CryptoError.invalidScryptParameters("log2(N) = \(logN) outside 1...24") }
        guard (1...32).contains(r) else { throw CryptoError.invalidScryptParameters("r = \(r) outside 1...32") }
        guard (1...16).contains(p) else { throw CryptoError.invalidScryptParameters("p = \(p) outside 1...16") }
        guard 128 * r * (1 << logN) <= maximumMemory else {
            throw CryptoError.invalidScryptParameters("128·r·N = \(128 * r * (1 << logN)) bytes exceeds \(maximumMemory)")
        }
        guard (1...1024).contains(outputLength) else { throw CryptoError.invalidScryptParameters("output length \(outputLength) outside 1...1024") }
    }
}
