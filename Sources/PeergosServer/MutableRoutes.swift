import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServerStorage

/// `/peergos/v0/mutable/`: signed compare-and-swap of writers' pointers.
///
/// Only a registered writer (a signed-up user's identity, or a key a registered writer's
/// WriterData proves it owns) may move its pointer; an accepted update registers, in the same
/// transaction, the keys its new WriterData proves owned (see ``OwnedWriters``). In a
/// `setPointers` commit an update may come from a key an earlier update of the same commit proves.
struct MutableRoutes: Sendable {
    let server: PeergosServer

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        let faults = server.faults
        let reads = server.reads
        router.postReading("/peergos/v0/mutable/getPointer") { request in
            let writer = try StorageRoutes.publicKeyHash(try request.required("writer"))
            return Responses.bytes(try reads.pointer(writer: writer) ?? [])
        }
        router.postBlocking("/peergos/v0/mutable/setPointer", bodyLimit: ServerLimits.maxPointerBody) { request, body in
            let writer = try StorageRoutes.publicKeyHash(try request.required("writer"))
            let signed = body
            guard let update = try Self.validate(db: db, writer: writer, signed: signed, faults: faults) else { return Responses.bool(false) }
            return Responses.bool(try Self.commit(db: db, [update], faults: faults))
        }
        router.postBlocking("/peergos/v0/mutable/setPointers", bodyLimit: ServerLimits.maxPointersBody) { request, body in
            let updates = try MultiWriterCommitBody.read(body)
            var accepted: [Authorised] = []
            var registered: [PublicKeyHash: String] = [:]
            for (writer, signed) in updates {
                guard let update = try Self.validate(db: db, writer: writer, signed: signed, registeredInCommit: registered, faults: faults) else {
                    return Responses.bool(false)
                }
                for owned in update.ownedWriters where registered[owned] == nil { registered[owned] = update.username }
                accepted.append(update)
            }
            return Responses.bool(try Self.commit(db: db, accepted, faults: faults))
        }
    }

    /// An accepted update: the swap to make, the user whose writer made it, and the writer keys
    /// its new WriterData proves owned (registered to that user with the swap).
    struct Authorised {
        let swap: ServerDatabase.PointerSwap
        let username: String
        let ownedWriters: [PublicKeyHash]
    }

    /// Upstream's refusal for a key no signed-up user owns (its `WriteFilter`).
    static func notAllowed(_ writer: PublicKeyHash) -> PeergosServerError {
        PeergosServerError("Key not allowed to write to this server: \(writer)")
    }

    /// Checks the writer is registered (in the database, or earlier in the same commit) and the
    /// update against the stored pointer (PointerValidator), and returns what to commit; nil for
    /// refusals upstream answers `false` to; throws for those it answers with an error. `faults`
    /// (see ``ServerFaults``) may skip the writer, signature and compare-and-swap checks.
    static func validate(db: ServerDatabase, writer: PublicKeyHash, signed: [UInt8], pendingBlock: (cid: Cid, data: [UInt8])? = nil,
                         registeredInCommit: [PublicKeyHash: String] = [:], faults: ServerFaults = []) throws -> Authorised? {
        let registeredTo = try registeredInCommit[writer] ?? db.writerOwner(writer)
        guard registeredTo != nil || faults.contains(.allowUnregisteredWriters) else { throw notAllowed(writer) }
        let key = try? StorageRoutes.signingKey(writer)
        let currentSigned = try db.pointer(writer: writer)
        let current: PointerUpdate? = try currentSigned.map { bytes in
            guard let payload = faults.opened(bytes, key: key), let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)) else {
                throw PeergosServerError("Stored pointer for \(writer) does not verify")
            }
            return update
        }
        // The WriterData the update points to, when the block is here.
        let store = DatabaseBlockStore(db)
        if let pendingBlock { _ = try store.put(pendingBlock.data, codec: pendingBlock.cid.codec) }
        var target: WriterData? = nil
        if let payload = faults.opened(signed, key: key),
           let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)), let cid = update.updated,
           let block = try store.get(cid), let data = try? WriterData(cbor: CborObject.decode(block, options: .upstreamCompatibleWithTextLinks)) {
            target = data
        }
        let checked = try faults.pointerValidation(signed: signed, writerKey: key, current: current)
        switch PointerValidator.validate(signed: checked.signed, writer: writer, writerKey: checked.key, current: checked.current, updatedController: target?.controller) {
        case .success:
            // An unregistered writer (only under ServerFaults.allowUnregisteredWriters) registers nothing.
            guard let username = registeredTo else { return Authorised(swap: .init(writer: writer, expected: currentSigned, new: signed), username: "", ownedWriters: []) }
            let owned = target.map { OwnedWriters.direct(writer: writer, data: $0, store: store) } ?? []
            return Authorised(swap: ServerDatabase.PointerSwap(writer: writer, expected: currentSigned, new: signed), username: username, ownedWriters: owned)
        case .failure(.wrongOriginal):
            let existing = current?.updated?.description ?? "MaybeMultihash{}"
            throw PeergosServerError("PointerCAS:\(existing),\(current?.sequence.map(String.init) ?? ""),claimed")
        case .failure(.sequenceNotIncreasing):
            throw PeergosServerError("Invalid sequence number update")
        case .failure(.oversize):
            throw PeergosServerError("Pointer update too large")
        case .failure(.malformed):
            throw PeergosServerError.malformed("Invalid pointer update")
        case .failure(.badSignature), .failure(.writerKeyUnavailable), .failure(.controllerMismatch):
            return nil
        }
    }

    /// Commits swaps and their writers' registrations atomically; a lost race (the stored
    /// pointer changed since validation) is a CAS error. Under ``ServerFaults/ignoreCompareAndSwap``
    /// the write is unconditional: each swap is retried against whatever is stored until it lands.
    static func commit(db: ServerDatabase, _ updates: [Authorised], faults: ServerFaults = []) throws -> Bool {
        let registering = updates.flatMap { u in u.ownedWriters.map { (writer: $0, username: u.username) } }
        if faults.contains(.ignoreCompareAndSwap) {
            while true {
                let swaps = try updates.map { u in ServerDatabase.PointerSwap(writer: u.swap.writer, expected: try db.pointer(writer: u.swap.writer), new: u.swap.new) }
                if try db.compareAndSwap(swaps, registering: registering) { return true }
            }
        }
        guard try db.compareAndSwap(updates.map(\.swap), registering: registering) else { throw PeergosServerError("PointerCAS:concurrent update") }
        return true
    }
}
