import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// The fragments one decryption reads, already checked against their CIDs by ``NetworkBlocks``
/// (which hashes every block the server answers before handing it out), so that they are not
/// hashed a second time on the way into the decryption.
///
/// Invariant: every block is the one its key names (whoever builds this has verified it). A
/// ``put(_:codec:)`` hashes its block for the CID, as any store's does.
final class VerifiedFragments: BlockStore {
    private var blocks: [Cid: [UInt8]]

    /// - Precondition: every block in `verified` hashes to the CID it is keyed by.
    init(_ verified: [Cid: [UInt8]]) { blocks = verified }

    func get(_ cid: Cid) throws -> [UInt8]? { blocks[cid] }

    func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        blocks[cid] = block
        return cid
    }
}
