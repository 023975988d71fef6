/// Why a PKI object could not be read, or a chain update was refused.
public enum PKIError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidDate(String)
    case malformedClaimPayload(String)
    case emptyChain
    /// Merge: the new chain's first changed link expires before the existing chain's last link.
    case expiryBeforeExisting
    /// Merge: a different key claims the name without a key change from the current key.
    case userAlreadyExists
    /// Merge: the chains disagree about keys where they intersect.
    case differentKeysInIntersection
    /// Merge: the new key was used earlier in the chain.
    case reusedKey
    /// Merge: the merged chain fails validation (with the reasons).
    case invalidMergedChain([ChainFailure])

    public var description: String {
        switch self {
        case .invalidDate(let d): return "invalid date \(d)"
        case .malformedClaimPayload(let why): return "malformed claim payload: \(why)"
        case .emptyChain: return "empty chain"
        case .expiryBeforeExisting: return "new claim chain expiry before existing"
        case .userAlreadyExists: return "user already exists: invalid key change attempt"
        case .differentKeysInIntersection: return "different keys in merge chains intersection"
        case .reusedKey: return "a previous key cannot be reused"
        case .invalidMergedChain(let f): return "invalid merged chain: \(f.map(\.description).joined(separator: "; "))"
        }
    }
}
