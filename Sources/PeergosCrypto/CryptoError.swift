/// Why a cryptographic operation or a key encoding was refused.
public enum CryptoError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Key, nonce or seed bytes of the wrong length.
    case invalidLength(what: String, expected: Int, actual: Int)
    /// A signature that does not verify under the key.
    case invalidSignature
    /// A box or secretbox that does not open (wrong key, wrong nonce or tampered bytes).
    case decryptionFailed
    /// Ciphertext shorter than its authentication tag (and nonce, for boxes).
    case ciphertextTooShort(Int)
    /// A key CBOR whose type number is unknown.
    case unknownKeyType(String, Int64)
    /// scrypt parameters outside the accepted bounds.
    case invalidScryptParameters(String)
    /// An operation that needs a hybrid key was given a classical one, or the reverse.
    case keyTypeMismatch(String)
    /// ML-KEM refused its input.
    case mlkem(String)
    /// The underlying library reported a failure it should not (resource exhaustion).
    case libraryFailure(String)
    /// A Curve25519 public key of small order (all zeros, or another point libsodium refuses):
    /// X25519 with it gives a shared secret anyone can compute, so nothing is boxed to or opened
    /// from it (Spec/crypto.md#small-order-keys).
    case weakPublicKey
    /// A key pair whose public key is not the one its secret key derives.
    case keyPairMismatch(String)

    public var description: String {
        switch self {
        case .invalidLength(let w, let e, let a): return "\(w) must be \(e) bytes, got \(a)"
        case .invalidSignature: return "invalid signature"
        case .decryptionFailed: return "decryption failed: wrong key or tampered ciphertext"
        case .ciphertextTooShort(let n): return "ciphertext of \(n) bytes is too short"
        case .unknownKeyType(let what, let t): return "unknown \(what) type \(t)"
        case .invalidScryptParameters(let why): return "invalid scrypt parameters: \(why)"
        case .keyTypeMismatch(let why): return "key type mismatch: \(why)"
        case .mlkem(let why): return "ML-KEM: \(why)"
        case .libraryFailure(let why): return "crypto library failure: \(why)"
        case .weakPublicKey: return "public key of small order refused: a box to or from it would have a predictable shared secret"
        case .keyPairMismatch(let why): return "key pair mismatch: \(why)"
        }
    }

    /// Throws ``invalidLength(what:expected:actual:)`` unless `bytes` has `expected` bytes.
    public static func checkLength(_ bytes: [UInt8], _ expected: Int, _ what: String) throws {
        guard bytes.count == expected else { throw CryptoError.invalidLength(what: what, expected: expected, actual: bytes.count) }
    }
}
