import PeergosCrypto

/// The keys a password gives (Spec: login key derivation).
///
/// `K = scrypt(SHA-256(password), UTF-8(username ‖ extraSalt), N = 2^m, r = c, p, o)`;
/// `K[0..<32]` seeds the Ed25519 signing pair. With 64 output bytes (current accounts)
/// `K[32..<64]` is the root key and the boxing pair is random (kept in the login data); with 96
/// (legacy accounts) `K[32..<64]` is the Curve25519 boxing secret and `K[64..<96]` the root key.
///
/// Secret handling: every key here keeps its bytes in ``SecretBytes`` (through its key type), so
/// printing, interpolating or dumping `LoginKeys` shows public keys and `redacted` only, and
/// equality compares the secrets in constant time. The password's UTF-8, its SHA-256 and scrypt's
/// output `K` are erased once the keys are made.
public struct LoginKeys: Hashable, Sendable {
    public let signingKeyPair: SigningKeyPair
    /// Only legacy (96-byte) accounts derive their boxing pair from the password.
    public let boxingKeyPair: BoxingKeyPair?
    public let rootKey: SymmetricKey

    /// Derives the keys. Refuses a password equal to the username (the same UTF-16 code units,
    /// as upstream's `String.equals`: a canonically equivalent spelling is a different password),
    /// parameters outside scrypt's bounds, and output lengths other than 64 or 96.
    public static func derive(username: String, password: String, algorithm: SecretGenerationAlgorithm) throws -> LoginKeys {
        guard case .scrypt(let p) = algorithm else { throw LoginError.notPasswordDerived }
        guard !password.utf16.elementsEqual(username.utf16) else { throw LoginError.passwordEqualsUsername }
        guard p.outputBytes == 64 || p.outputBytes == 96 else { throw LoginError.unsupportedOutputLength(p.outputBytes) }
        var passwordBytes = Array(password.utf8)
        var hashed = Hash.sha256(passwordBytes)
        SecretBytes.erase(&passwordBytes)
        defer { SecretBytes.erase(&hashed) }
        var k = try Scrypt.derive(password: hashed, salt: Array((username + p.extraSalt).utf8),
                                  logN: p.memoryCost, r: p.cpuCost, p: p.parallelism, outputLength: p.outputBytes)
        defer { SecretBytes.erase(&k) }
        /// Bytes `range` of `k`, copied straight into secret storage.
        func part(_ range: Range<Int>) -> SecretBytes {
            SecretBytes(count: range.count, initializingWith: { out in
                k.withUnsafeBytes { out.copyMemory(from: UnsafeRawBufferPointer(rebasing: $0[range])) }
            })
        }
        var seed = Array(k[0..<32])
        defer { SecretBytes.erase(&seed) }
        let signing = try SigningKeyPair(seed: seed)
        if p.outputBytes == 96 {
            return LoginKeys(signingKeyPair: signing, boxingKeyPair: BoxingKeyPair(secretKey: .curve25519(try Curve25519SecretKey(secret: part(32..<64)))),
                             rootKey: try SymmetricKey(secret: part(64..<96)))
        }
        return LoginKeys(signingKeyPair: signing, boxingKeyPair: nil, rootKey: try SymmetricKey(secret: part(32..<64)))
    }
}
