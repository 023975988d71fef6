import PeergosMultiformats

/// Content-addressed block storage, as the protocol modules see it: get and put by CID.
///
/// The protocol modules depend on this protocol only, never on a store; the server and client
/// provide implementations at the edge. Invariant for every implementation: `get(put(b, c)) == b`,
/// and the CID returned by `put` is the CIDv1 sha2-256 of the bytes with the given codec.
public protocol BlockStore: AnyObject {
    /// The block with this CID, or nil if the store does not have it.
    func get(_ cid: Cid) throws -> [UInt8]?
    /// Stores a block and returns its CID.
    func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid
}

/// Why a block operation failed.
public enum BlockStoreError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A block the operation needs is not in the store.
    case missingBlock(Cid)
    /// A block larger than the store accepts.
    case blockTooLarge(Int)

    public var description: String {
        switch self {
        case .missingBlock(let cid): return "missing block \(cid)"
        case .blockTooLarge(let n): return "block of \(n) bytes is too large"
        }
    }
}
