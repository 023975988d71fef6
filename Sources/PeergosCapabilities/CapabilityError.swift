/// Why a capability, link or secret link was refused. Parsing untrusted link text never traps:
/// it ends here, naming what is wrong.
public enum CapabilityError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A capability link with other than 4 (read) or 5 (write) parts.
    case wrongLinkPartCount(Int)
    /// A link part that is not base58, or whose bytes are not what the part must hold.
    case invalidLinkPart(index: Int, reason: String)
    /// A map key (label) of the wrong length.
    case invalidMapKey(length: Int)
    /// A secret link that does not have the form `secret/z<owner>/<label>#<password>`.
    case malformedSecretLink(String)
    /// A secret-link label that is not a positive integer.
    case nonPositiveLabel(String)
    /// A relative capability whose write link cannot be followed without a write key.
    case missingWriteKey

    public var description: String {
        switch self {
        case .wrongLinkPartCount(let n): return "a capability link has 4 or 5 parts, not \(n)"
        case .invalidLinkPart(let i, let why): return "capability link part \(i + 1): \(why)"
        case .invalidMapKey(let n): return "a map key must be 32 bytes, not \(n)"
        case .malformedSecretLink(let why): return "malformed secret link: \(why)"
        case .nonPositiveLabel(let l): return "secret link labels must be positive, not \(l)"
        case .missingWriteKey: return "the capability has no write key"
        }
    }
}
