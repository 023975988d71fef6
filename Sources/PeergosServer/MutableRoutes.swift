import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServerStorage

/// `/peergos/v0/mutable/`: signed compare-and-swap of writers' pointers.
struct MutableRoutes: Sendable {
    let server: PeergosServer

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        router.postBlocking("/peergos/v0/mutable/getPointer") { request, _ in
            let writer = try StorageRoutes.publicKeyHash(try request.required("writer"))
            return Responses.bytes(try db.pointer(writer: writer) ?? [])
        }
        router.postBlocking("/peergos/v0/mutable/setPointer", bodyLimit: ServerLimits.maxPointerBody) { request, body in
            let writer = try StorageRoutes.publicKeyHash(try request.required("writer"))
            let signed = body
            guard let swap = try Self.validate(db: db, writer: writer, signed: signed) else { return Responses.bool(false) }
            return Responses.bool(try Self.commit(db: db, [swap]))
        }
        router.postBlocking("/peergos/v0/mutable/setPointers", bodyLimit: ServerLimits.maxPointersBody) { request, body in
            let updates: [(PublicKeyHash, [UInt8])]
            do {
                let commit = try CborObject.decode(body, options: .upstreamCompatible).asMap("MultiWriterCommit")
                updates = try commit.required("p").asList("p").map { item in
                    let m = try item.asMap("SignedPointerUpdate")
                    return (try PublicKeyHash(cbor: m.required("w")), try m.required("s").asBytes("s"))
                }
            } catch {
                throw PeergosServerError("Invalid pointer commit: \(error)")
            }
            var swaps: [ServerDatabase.PointerSwap] = []
            for (writer, signed) in updates {
                guard let swap = try Self.validate(db: db, writer: writer, signed: signed) else { return Responses.bool(false) }
                swaps.append(swap)
            }
            return Responses.bool(try Self.commit(db: db, swaps))
        }
    }

    /// Checks an update against the stored pointer (PointerValidator) and returns the swap to make;
    /// nil for refusals upstream answers `false` to; throws for those it answers with an error.
    static func validate(db: ServerDatabase, writer: PublicKeyHash, signed: [UInt8], pendingBlock: (cid: Cid, data: [UInt8])? = nil) throws -> ServerDatabase.PointerSwap? {
        let key = try? StorageRoutes.signingKey(writer)
        let currentSigned = try db.pointer(writer: writer)
        let current: PointerUpdate? = try currentSigned.map { bytes in
            guard let key, let payload = try? key.unsignMessage(bytes), let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)) else {
                throw PeergosServerError("Stored pointer for \(writer) does not verify")
            }
            return update
        }
        // The controller of the WriterData the update points to, when the block is here.
        var controller: PublicKeyHash? = nil
        if let key, let payload = try? key.unsignMessage(signed),
           let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)), let target = update.updated,
           let block = try (pendingBlock?.cid == target ? pendingBlock?.data : nil) ?? db.block(target), let data = try? WriterData(cbor: CborObject.decode(block, options: .upstreamCompatibleWithTextLinks)) {
            controller = data.controller
        }
        switch PointerValidator.validate(signed: signed, writer: writer, writerKey: key, current: current, updatedController: controller) {
        case .success:
            return ServerDatabase.PointerSwap(writer: writer, expected: currentSigned, new: signed)
        case .failure(.wrongOriginal):
            let existing = current?.updated?.description ?? "MaybeMultihash{}"
            throw PeergosServerError("PointerCAS:\(existing),\(current?.sequence.map(String.init) ?? ""),claimed")
        case .failure(.sequenceNotIncreasing):
            throw PeergosServerError("Invalid sequence number update")
        case .failure(.oversize):
            throw PeergosServerError("Pointer update too large")
        case .failure(.malformed):
            throw PeergosServerError("Invalid pointer update")
        case .failure(.badSignature), .failure(.writerKeyUnavailable), .failure(.controllerMismatch):
            return nil
        }
    }

    /// Commits swaps atomically; a lost race (the stored pointer changed since validation) is a CAS error.
    static func commit(db: ServerDatabase, _ swaps: [ServerDatabase.PointerSwap]) throws -> Bool {
        guard try db.compareAndSwap(swaps) else { throw PeergosServerError("PointerCAS:concurrent update") }
        return true
    }
}
