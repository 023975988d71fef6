import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// The database's blocks seen through the `BlockStore` protocol, so server code can walk CHAMPs.
public final class DatabaseBlockStore: BlockStore {
    let database: ServerDatabase

    public init(_ database: ServerDatabase) { self.database = database }

    public func get(_ cid: Cid) throws -> [UInt8]? {
        if cid.isIdentity { return cid.multihash.digest }
        return try database.block(cid)
    }

    public func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        try database.putBlocks([(cid, block)])
        return cid
    }
}
