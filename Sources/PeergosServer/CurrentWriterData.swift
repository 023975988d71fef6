import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServerStorage

/// A writer's current state as stored: its signed pointer, the update it verifies to under `key`,
/// the WriterData block it points at, and that WriterData.
enum CurrentWriterData {
    /// Nil when the writer has no pointer, or the pointer does not verify, points nowhere, or
    /// points at a block that is missing or is not a WriterData.
    static func read(_ db: ServerDatabase, writer: PublicKeyHash, key: PublicSigningKey) throws
        -> (signed: [UInt8], update: PointerUpdate, root: Cid, data: WriterData)? {
        guard let signed = try db.pointer(writer: writer),
              let update = try? PointerUpdate(cbor: CborObject.decode(try key.unsignMessage(signed), options: .upstreamCompatible)),
              let root = update.updated, let bytes = try db.block(root),
              let data = try? WriterData(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks))
        else { return nil }
        return (signed, update, root, data)
    }
}
