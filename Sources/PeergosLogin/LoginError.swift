/// Why login parameters or login objects were refused.
public enum LoginError: Error, Hashable, Sendable, CustomStringConvertible {
    /// scrypt memory cost (log₂N) below the minimum of 15.
    case memoryCostTooLow(Int)
    /// A password equal to the username.
    case passwordEqualsUsername
    /// An output length other than 64 (current accounts) or 96 (legacy accounts).
    case unsupportedOutputLength(Int)
    /// A key generator of a type other than scrypt (1) or random (0).
    case unknownAlgorithmType(Int64)
    /// A random-key account has no password-derived keys.
    case notPasswordDerived
    /// EntryPoints of a version newer than this implementation reads.
    case unsupportedVersion(Int64)

    public var description: String {
        switch self {
        case .memoryCostTooLow(let m): return "scrypt memory cost must be >= \(SecretGenerationAlgorithm.minimumMemoryCost), got \(m)"
        case .passwordEqualsUsername: return "the password cannot be the same as the username"
        case .unsupportedOutputLength(let o): return "login key derivation needs 64 or 96 output bytes, not \(o)"
        case .unknownAlgorithmType(let t): return "unknown secret generation algorithm type \(t)"
        case .notPasswordDerived: return "this account's keys are not derived from a password"
        case .unsupportedVersion(let v): return "unsupported version \(v)"
        }
    }
}
