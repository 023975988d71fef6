import PeergosMultiformats

/// Why a CHAMP operation failed.
///
/// Node-shape cases (``badBitmap``, ``bucketTooLarge(_:)``, ``emptyBucket``, ``unsortedBucket``,
/// ``badChildLink(_:)``) are raised when a node block is read, before any operation uses it, so a
/// hostile node can never steer put, get or remove into an out-of-range index.
public enum ChampError: Error, Hashable, Sendable, CustomStringConvertible {
    /// More than `maxCollisions` keys agree on every bit of the usable hash prefix (upstream's "Hash collision!").
    case hashCollision
    /// A compare-and-swap put or remove found a value other than the expected one.
    case casMismatch(key: [UInt8])
    /// A node block the walk needs is missing from the store.
    case missingNode(Cid)
    /// A node block that is not a CHAMP node at all (not `[bytes, bytes, list]`, a bucket with an
    /// odd number of items, a key that is not bytes...), with the reason.
    case malformedNode(String)
    /// The bitmaps disagree with the contents: a slot set in both, bits beyond slot 7, a number of
    /// payloads other than popcount(dataMap) + popcount(nodeMap), or a bucket where a child link
    /// belongs (or the reverse).
    case badBitmap
    /// A bucket holding more than ``Champ/maxCollisions`` mappings (the count it holds).
    case bucketTooLarge(Int)
    /// A bucket with no mappings (a set dataMap bit must name at least one).
    case emptyBucket
    /// A bucket whose keys are not strictly ascending (shorter first, then bytewise); a repeated
    /// key is unsorted too.
    case unsortedBucket
    /// A child link whose CID is not dag-cbor, so it cannot name a CHAMP node.
    case badChildLink(Cid)
    /// A path longer than ``Champ/maxDepth`` levels (no valid CHAMP is that deep).
    case tooDeep
    /// A node in the map form `{"d": node, "bats": [BatId]}` whose `bats` is not a list of exactly
    /// one byte string holding a CID (the mirror BAT id), with the reason.
    case badMirrorBat(String)

    public var description: String {
        switch self {
        case .hashCollision: return "hash collision: more keys than a bucket holds share the whole usable hash prefix"
        case .casMismatch: return "compare-and-swap failed: the current value is not the expected one"
        case .missingNode(let cid): return "missing CHAMP node \(cid)"
        case .malformedNode(let why): return "malformed CHAMP node: \(why)"
        case .badBitmap: return "CHAMP node bitmaps disagree with its contents"
        case .bucketTooLarge(let n): return "CHAMP bucket of \(n) mappings (at most \(Champ.maxCollisions))"
        case .emptyBucket: return "empty CHAMP bucket"
        case .unsortedBucket: return "CHAMP bucket keys are not strictly ascending"
        case .badChildLink(let cid): return "CHAMP child link \(cid) is not dag-cbor"
        case .tooDeep: return "CHAMP deeper than \(Champ.maxDepth) levels"
        case .badMirrorBat(let why): return "bad CHAMP mirror BAT: \(why)"
        }
    }
}
