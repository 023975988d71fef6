/// Why a pointer update could not be read.
public enum PointerError: Error, Hashable, Sendable, CustomStringConvertible {
    case originalEqualsUpdated
    case malformed(String)

    public var description: String {
        switch self {
        case .originalEqualsUpdated: return "a pointer update must change the pointer"
        case .malformed(let why): return "malformed pointer update: \(why)"
        }
    }
}
