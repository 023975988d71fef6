/// Why a pointer update could not be read.
public enum PointerError: Error, Hashable, Sendable, CustomStringConvertible {
    case originalEqualsUpdated
    case malformed(String)
    /// The current sequence is `Int64.max`: no later update can carry a greater one.
    case sequenceExhausted

    public var description: String {
        switch self {
        case .originalEqualsUpdated: return "a pointer update must change the pointer"
        case .malformed(let why): return "malformed pointer update: \(why)"
        case .sequenceExhausted: return "the pointer's sequence is at its maximum (2^63-1); no later update is possible"
        }
    }
}
