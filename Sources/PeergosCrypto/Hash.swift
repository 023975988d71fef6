import CSodium

/// Hash functions, computed by libsodium.
public enum Hash {
    /// SHA-256 (FIPS 180-4).
    public static func sha256(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filled(32) { out in _ = crypto_hash_sha256(out, data, UInt64(data.count)) }
    }

    /// SHA-512 (FIPS 180-4).
    public static func sha512(_ data: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filled(64) { out in _ = crypto_hash_sha512(out, data, UInt64(data.count)) }
    }

    /// Unkeyed BLAKE2b with the given output length (1...64; default 64 = BLAKE2b-512, the PKI
    /// key hasher; 32 gives upstream's `Hasher.blake2b(x, 32)`).
    public static func blake2b(_ data: [UInt8], outputLength: Int = 64) -> [UInt8] {
        Sodium.ensureReady()
        let n = min(max(outputLength, Int(crypto_generichash_BYTES_MIN)), Int(crypto_generichash_BYTES_MAX))
        return .filled(n) { out in _ = crypto_generichash(out, n, data, UInt64(data.count), nil, 0) }
    }
}

/// HMAC-SHA256 (RFC 2104), computed by libsodium.
public enum HMAC {
    public static func sha256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        var state = crypto_auth_hmacsha256_state()
        return .filled(32) { out in
            _ = crypto_auth_hmacsha256_init(&state, key, key.count)
            _ = crypto_auth_hmacsha256_update(&state, message, UInt64(message.count))
            _ = crypto_auth_hmacsha256_final(&state, out)
        }
    }
}

/// The key derivation of the hybrid box: HKDF-SHA256 (RFC 5869) with a salt of 32 zero bytes,
/// info "peergos" and 32 bytes of output, i.e.
/// `HMAC-SHA256(HMAC-SHA256(0³², ikm), "peergos" ‖ 0x01)`.
public enum HKDF {
    public static func peergosKey(ikm: [UInt8]) -> [UInt8] {
        let prk = HMAC.sha256(key: [UInt8](repeating: 0, count: 32), message: ikm)
        return HMAC.sha256(key: prk, message: Array("peergos".utf8) + [0x01])
    }
}
