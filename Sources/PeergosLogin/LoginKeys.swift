import PeergosCrypto

/// The keys a password gives (Spec: login key derivation).
///
/// `K = scrypt(SHA-256(password), UTF-8(username ‖ extraSalt), N = 2^m, r = c, p, o)`;
/// `K[0..<32]` seeds the Ed25519 signing pair. With 64 output bytes (current accounts)
/// `K[32..<64]` is the root key and the boxing pair is random (kept in the login data); with 96
/// (legacy accounts) `K[32..<64]` is the Curve25519 boxing secret and `K[64..<96]` the root key.
public struct LoginKeys: Hashable, Sendable {
    public let signingKeyPair: SigningKeyPair
    /// Only legacy (96-byte) accounts derive their boxing pair from the password.
    public let boxingKeyPair: BoxingKeyPair?
    public let rootKey: SymmetricKey

    /// Derives the keys. Refuses a password equal to the username, parameters outside scrypt's
    /// bounds, and output lengths other than 64 or 96.
    public static func derive(username: String, password: String, algorithm: SecretGenerationAlgorithm) throws -> LoginKeys {
        guard case .scrypt(let p) = algorithm else { throw LoginError.notPasswordDerived }
        guard password != username else { throw LoginError.passwordEqualsUsername }
        guard p.outputBytes == 64 || p.outputBytes == 96 else { throw LoginError.unsupportedOutputLength(p.outputBytes) }
        let k = try Scrypt.derive(password: Hash.sha256(Array(password.utf8)), salt: Array((username + p.extraSalt).utf8),
                                  logN: p.memoryCost, r: p.cpuCost, p: p.parallelism, outputLength: p.outputBytes)
        let signing = try SigningKeyPair(seed: Array(k[0..<32]))
        if p.outputBytes == 96 {
            return LoginKeys(signingKeyPair: signing, boxingKeyPair: try BoxingKeyPair.curve25519(secret: Array(k[32..<64])),
                             rootKey: try SymmetricKey(bytes: Array(k[64..<96])))
        }
        return LoginKeys(signingKeyPair: signing, boxingKeyPair: nil, rootKey: try SymmetricKey(bytes: Array(k[32..<64])))
    }
}
