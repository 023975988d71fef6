import PeergosCrypto
import PeergosMultiformats

/// A block store in memory, for tests, vectors and benchmarks. Identity CIDs are answered from
/// the CID itself, as upstream's stores do.
public final class InMemoryBlockStore: BlockStore {
    public private(set) var blocks: [Cid: [UInt8]] = [:]
    /// How many `put` calls were made (including repeats of the same block).
    public private(set) var putCount = 0

    public init() {}

    public func get(_ cid: Cid) throws -> [UInt8]? {
        if cid.isIdentity { return cid.multihash.digest }
        return blocks[cid]
    }

    public func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        blocks[cid] = block
        putCount += 1
        return cid
    }

    /// The number of distinct blocks held.
    public var count: Int { blocks.count }
}
