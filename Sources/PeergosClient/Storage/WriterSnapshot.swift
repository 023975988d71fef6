import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// A writer's published state, as read at one moment: its signed pointer (checked against the
/// writer's key) and the WriterData that pointer names. A write starts from a snapshot and
/// commits with a compare-and-swap from it, so a change made meanwhile by someone else is
/// detected, never overwritten.
public struct WriterSnapshot: Sendable {
    public let owner: PublicKeyHash
    public let writer: PublicKeyHash
    /// The current pointer update, nil when the writer has never published.
    public let pointer: PointerUpdate?
    /// The WriterData block's CID and contents (nil when the pointer is absent or empty).
    public let dataCid: Cid?
    public let data: WriterData?

    /// The writer's public key: inline in an identity key hash, as every upstream signing key is.
    static func signingKey(_ writer: PublicKeyHash) throws -> PublicSigningKey {
        guard let cbor = writer.inlineKeyCbor, let key = try? PublicSigningKey(cborBytes: cbor) else {
            throw PeergosClientError.unsupported("writer \(writer) is not an inline Ed25519 key")
        }
        return key
    }

    /// Reads the writer's pointer and WriterData, verifying the pointer's signature and the block.
    static func read(owner: PublicKeyHash, writer: PublicKeyHash, blocks: NetworkBlocks) async throws -> WriterSnapshot {
        guard let signed = try await blocks.api.pointer(owner: owner, writer: writer) else {
            return WriterSnapshot(owner: owner, writer: writer, pointer: nil, dataCid: nil, data: nil)
        }
        let update: PointerUpdate
        do {
            update = try PointerUpdate(cbor: CborObject.decode(try signingKey(writer).unsignMessage(signed), options: .upstreamCompatible))
        } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: "mutable/getPointer", reason: "pointer not signed by \(writer): \(error)")
        }
        guard let target = update.updated else { return WriterSnapshot(owner: owner, writer: writer, pointer: update, dataCid: nil, data: nil) }
        let bytes = try await blocks.require(owner: owner, target)
        let data: WriterData
        do { data = try WriterData(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks)) } catch {
            throw PeergosClientError.malformedAnswer(route: "api/v0/block/get", reason: "WriterData \(target): \(error)")
        }
        return WriterSnapshot(owner: owner, writer: writer, pointer: update, dataCid: target, data: data)
    }
}

/// One writer's change, ready to commit: the snapshot it starts from, the new WriterData, and
/// the blocks written for it.
public struct WriterChange: @unchecked Sendable {
    public let signer: SigningKeyPair
    public let before: WriterSnapshot
    public let after: WriterData
    public let staged: StagedBlocks

    public init(signer: SigningKeyPair, before: WriterSnapshot, after: WriterData, staged: StagedBlocks) {
        self.signer = signer
        self.before = before
        self.after = after
        self.staged = staged
    }
}
