import CSodium
internal import Crypto

/// Hash functions.
///
/// SHA-256 is computed by BoringSSL through swift-crypto (`Crypto.SHA256`), which uses the CPU's
/// SHA extensions where the CPU has them. Measured side by side on our machines (2-core AMD EPYC
/// with SHA extensions, `peergos-bench sha256_1MiB` / `sha256_64B`): about 4x libsodium's portable
/// C on 1 MiB, and still 1.5-2.4x libsodium on 64 bytes, where the per-call cost (swift-crypto's
/// context object, our 32-byte result array) dominates; so it is used for every size. Every block
/// written or read is hashed (CIDs, block checks, the CHAMP's commits), which makes this the hash on
/// the file and CHAMP paths. SHA-512, BLAKE2b and HMAC-SHA256 stay with libsodium. None has a
/// failure path for these arguments (``Sodium/requireSuccess(_:_:)``; swift-crypto's digests have
/// none at all).
public enum Hash {
    /// SHA-256 (FIPS 180-4).
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        data.withUnsafeBytes { sha256($0) }
    }

    /// SHA-256 (FIPS 180-4) of the bytes in `bytes`, which are not copied.
    public static func sha256(_ bytes: UnsafeRawBufferPointer) -> [UInt8] {
        var hasher = Crypto.SHA256()
        hasher.update(bufferPointer: bytes)
        return hasher.finalize().withUnsafeBytes { Array($0) }
    }

    /// SHA-512 (FIPS 180-4).
    public static func sha512(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filledInfallibly(64, by: "crypto_hash_sha512") { out in crypto_hash_sha512(out, data, UInt64(data.count)) }
    }

    /// Unkeyed BLAKE2b-512, the PKI key hasher.
    public static func blake2b(_ data: [UInt8]) -> [UInt8] { blake2b(data, length: 64) }

    /// Unkeyed BLAKE2b with 32 bytes of output: upstream's `Hasher.blake2b(x, 32)`.
    public static func blake2b256(_ data: [UInt8]) -> [UInt8] { blake2b(data, length: 32) }

    /// `length` is 32 or 64, both within libsodium's 16...64, so `crypto_generichash` cannot fail.
    private static func blake2b(_ data: [UInt8], length: Int) -> [UInt8] {
        Sodium.ensureReady()
        return .filledInfallibly(length, by: "crypto_generichash") { out in
            crypto_generichash(out, length, data, UInt64(data.count), nil, 0)
        }
    }
}

/// HMAC-SHA256 (RFC 2104), computed by libsodium (whose init, update and final return 0 for any
/// key length: keys over 64 bytes are hashed first).
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        var state = crypto_auth_hmacsha256_state()
        defer { _ = withUnsafeMutableBytes(of: &state) { sodium_memzero($0.baseAddress, $0.count) } }
        return .filledInfallibly(32, by: "crypto_auth_hmacsha256") { out in
            Sodium.requireSuccess(crypto_auth_hmacsha256_init(&state, key, key.count), "crypto_auth_hmacsha256_init")
            Sodium.requireSuccess(crypto_auth_hmacsha256_update(&state, message, UInt64(message.count)), "crypto_auth_hmacsha256_update")
            return crypto_auth_hmacsha256_final(&state, out)
        }
    }
}

/// The key derivation of the hybrid box: HKDF-SHA256 (RFC 5869) with a salt of 32 zero bytes,
/// info "peergos" and 32 bytes of output, i.e.
/// `HMAC-SHA256(HMAC-SHA256(0³², ikm), "peergos" ‖ 0x01)`.
public enum HKDF {
    /// The derived key. The intermediate PRK is erased before returning.
    public static func peergosKey(ikm: [UInt8]) -> [UInt8] {
        var prk = HMAC.sha256(key: [UInt8](repeating: 0, count: 32), message: ikm)
        defer { SecretBytes.erase(&prk) }
        return HMAC.sha256(key: prk, message: Array("peergos".utf8) + [0x01])
    }
}
