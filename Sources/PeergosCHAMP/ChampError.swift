import PeergosMultiformats

/// Why a CHAMP operation failed.
public enum ChampError: Error, Hashable, Sendable, CustomStringConvertible {
    /// More than `maxCollisions` keys agree on every bit of the usable hash prefix (upstream's "Hash collision!").
    case hashCollision
    /// A compare-and-swap put or remove found a value other than the expected one.
    case casMismatch(key: [UInt8])
    /// A node block the walk needs is missing from the store.
    case missingNode(Cid)
    /// A node block that is not a CHAMP node (with the reason).
    case malformedNode(String)

    public var description: String {
        switch self {
        case .hashCollision: return "hash collision: more keys than a bucket holds share the whole usable hash prefix"
        case .casMismatch: return "compare-and-swap failed: the current value is not the expected one"
        case .missingNode(let cid): return "missing CHAMP node \(cid)"
        case .malformedNode(let why): return "malformed CHAMP node: \(why)"
        }
    }
}
