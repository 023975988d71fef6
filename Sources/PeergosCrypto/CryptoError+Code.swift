import PeergosCBOR

extension CryptoError: CodedError {
    /// `crypto.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .invalidLength: return "crypto.invalid_length"
        case .invalidSignature: return "crypto.invalid_signature"
        case .decryptionFailed: return "crypto.decryption_failed"
        case .ciphertextTooShort: return "crypto.ciphertext_too_short"
        case .unknownKeyType: return "crypto.unknown_key_type"
        case .invalidScryptParameters: return "crypto.invalid_scrypt_parameters"
        case .keyTypeMismatch: return "crypto.key_type_mismatch"
        case .mlkem: return "crypto.mlkem"
        case .libraryFailure: return "crypto.library_failure"
        case .weakPublicKey: return "crypto.weak_public_key"
        case .keyPairMismatch: return "crypto.key_pair_mismatch"
        }
    }
}
