import PeergosCrypto
import PeergosMultiformats

/// A block store in memory, for tests, vectors and benchmarks. Identity CIDs are answered from
/// the CID itself, as upstream's stores do.
///
/// Blocks under a CIDv1 with a sha2-256 multihash (every block this project writes) are keyed by
/// the codec and the digest held inline (``DigestKey``) in a ``DigestTable``, placed by the digest
/// itself (no `Hasher` run) and compared in place instead of through each key's heap array; any
/// other CID is kept under the CID itself.
/// Invariant: a CID is in exactly one of the two tables, chosen by ``DigestKey/init(_:)``.
public final class InMemoryBlockStore: BlockStore {
    /// The CID is kept beside its block only to list ``blocks``; lookups never touch it.
    private var bySha256 = DigestTable<(cid: Cid, block: [UInt8])>()
    private var byOtherCid: [Cid: [UInt8]] = [:]
    /// How many `put` calls were made (including repeats of the same block).
    public private(set) var putCount = 0

    public init() {}

    /// Every block held, by CID (built on demand: for tests and tools, not for hot paths).
    public var blocks: [Cid: [UInt8]] {
        var all = byOtherCid
        for entry in bySha256.entries { all[entry.value.cid] = entry.value.block }
        return all
    }

    public func get(_ cid: Cid) throws -> [UInt8]? {
        if cid.isIdentity { return cid.multihash.digest }
        if let key = DigestKey(cid) { return bySha256[key]?.block }
        return byOtherCid[cid]
    }

    public func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let digest = Hash.sha256(block)
        let cid = try Cid.sha256(codec: codec, digest: digest)
        if let key = DigestKey(cid) { bySha256.set(key, (cid, block)) } else { byOtherCid[cid] = block }
        putCount += 1
        return cid
    }

    /// The number of distinct blocks held.
    public var count: Int { bySha256.count + byOtherCid.count }
}

/// The codec and sha2-256 digest of a CIDv1, held inline as a dictionary key.
struct DigestKey: Equatable {
    let codec: Cid.Codec
    let d0: UInt64, d1: UInt64, d2: UInt64, d3: UInt64


    /// Nil unless `cid` is `01 ‖ codec ‖ 12 20 ‖ 32-byte digest` (36 bytes, one-byte codec).
    init?(_ cid: Cid) {
        let bytes = cid.bytes
        guard bytes.count == 36, cid.version == 1, bytes[0] == 0x01, bytes[2] == 0x12, bytes[3] == 0x20,
              UInt64(bytes[1]) == cid.codec.rawValue else { return nil }
        codec = cid.codec
        (d0, d1, d2, d3) = bytes.withUnsafeBytes { raw in
            (raw.loadUnaligned(fromByteOffset: 4, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 12, as: UInt64.self),
             raw.loadUnaligned(fromByteOffset: 20, as: UInt64.self), raw.loadUnaligned(fromByteOffset: 28, as: UInt64.self))
        }
    }

}
