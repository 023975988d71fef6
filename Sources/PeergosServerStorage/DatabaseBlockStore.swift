import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// The database's blocks seen through the `BlockStore` protocol, so server code can walk and
/// build CHAMPs. Reads go through to the database (identity CIDs answer their inline bytes);
/// writes are held, in order, in `pending` for the caller to commit in its own transaction, so a
/// change made through this store lands all at once or not at all.
public final class DatabaseBlockStore: BlockStore {
    private let database: ServerDatabase
    private var written: [Cid: [UInt8]] = [:]
    /// Blocks put so far, first put first, each once.
    public private(set) var pending: [(cid: Cid, data: [UInt8])] = []

    public init(_ database: ServerDatabase) { self.database = database }

    public func get(_ cid: Cid) throws -> [UInt8]? {
        if cid.isIdentity { return cid.multihash.digest }
        return try written[cid] ?? database.block(cid)
    }

    public func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        if written.updateValue(block, forKey: cid) == nil { pending.append((cid, block)) }
        return cid
    }
}
