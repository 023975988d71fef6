import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// Publishes writer changes the way upstream's client does (`WriterData.commit`): inside a
/// transaction, the new blocks are put (`block/put/bulk`, each signed by its writer), then every
/// writer's pointer moves by compare-and-swap in one `setPointers` (all or none).
///
/// Invariant: a pointer never names a block the server does not hold: blocks go first, and a
/// failure before `setPointers` leaves every pointer (and so every folder) as it was.
public struct Committer: Sendable {
    public let blocks: NetworkBlocks
    /// Bytes per `block/put/bulk` request (a 1 MiB fragment is always sent alone).
    static let batchBytes = 512 << 10

    public init(blocks: NetworkBlocks) { self.blocks = blocks }

    /// Sends raw blocks (file fragments) now, inside `transaction`; used while streaming a file so
    /// they need not stay in memory until the commit.
    public func putRaw(owner: PublicKeyHash, signer: SigningKeyPair, transaction: String, _ raw: [[UInt8]]) async throws {
        try await put(owner: owner, signer: signer, transaction: transaction, codec: .raw, raw)
    }

    func put(owner: PublicKeyHash, signer: SigningKeyPair, transaction: String, codec: Cid.Codec, _ list: [[UInt8]]) async throws {
        var batch: [[UInt8]] = []
        var size = 0
        func flush() async throws {
            guard !batch.isEmpty else { return }
            let answered = try await blocks.api.putBlocks(owner: owner, writer: signer, transaction: transaction, codec: codec, blocks: batch)
            let expected = try batch.map { try Cid.sha256(codec: codec, digest: Hash.sha256($0)) }
            guard answered == expected else {
                throw PeergosClientError.malformedAnswer(route: "api/v0/block/put/bulk", reason: "answered CIDs differ from the blocks sent")
            }
            batch = []
            size = 0
        }
        for block in list {
            if size + block.count > Self.batchBytes { try await flush() }
            batch.append(block)
            size += block.count
        }
        try await flush()
    }

    /// Commits `changes` (all for `owner`) atomically. Throws ``PeergosClientError/casFailure`` if
    /// any writer moved since its snapshot, unless it already points where we would move it.
    public func commit(owner: PublicKeyHash, _ changes: [WriterChange], transaction existing: String? = nil) async throws {
        let transaction: String
        if let existing { transaction = existing } else { transaction = try await blocks.api.startTransaction(owner: owner) }
        do {
            var updates: [(writer: PublicKeyHash, signed: [UInt8])] = []
            var targets: [(PublicKeyHash, Cid)] = []
            for change in changes {
                let root = try change.staged.put(change.after.serialize(), codec: .dagCbor)
                let newBlocks = try change.staged.reachable(from: root)
                let raw = change.staged.written.filter { $0.key.codec == .raw }.map(\.value)
                try await put(owner: owner, signer: change.signer, transaction: transaction, codec: .raw, raw)
                try await put(owner: owner, signer: change.signer, transaction: transaction, codec: .dagCbor, newBlocks.map(\.block))
                if change.before.dataCid == root { continue }
                let update = try PointerUpdate.next(after: change.before.pointer, to: root)
                updates.append((change.signer.publicKey.publicKeyHash, change.signer.signMessage(update.serialize())))
                targets.append((change.signer.publicKey.publicKeyHash, root))
            }
            try await publish(owner: owner, changes, updates: updates, targets: targets)
        } catch {
            if existing == nil { try? await blocks.api.closeTransaction(owner: owner, id: transaction) }
            throw error
        }
        // Closing only lets the server collect blocks no pointer names; a failure to close loses nothing.
        if existing == nil { try? await blocks.api.closeTransaction(owner: owner, id: transaction) }
    }

    func publish(owner: PublicKeyHash, _ changes: [WriterChange], updates: [(writer: PublicKeyHash, signed: [UInt8])],
                 targets: [(PublicKeyHash, Cid)]) async throws {
        guard !updates.isEmpty else { return }
        do {
            // A writer's first pointer goes alone through setPointer, as upstream sends a new
            // writer's (after the commit that proved it owned).
            if updates.count == 1, changes.count == 1, changes[0].before.pointer == nil {
                guard try await blocks.api.setPointer(owner: owner, writer: updates[0].writer, signed: updates[0].signed) else {
                    throw PeergosClientError.refused(status: 200, message: "setPointer answered false")
                }
            } else if !(try await blocks.api.setPointers(owner: owner, updates: updates)) {
                throw PeergosClientError.refused(status: 200, message: "setPointers answered false")
            }
        } catch PeergosClientError.casFailure(let message) {
            // Upstream's rule: if every writer already points where we wanted, the write happened.
            for (writer, target) in targets {
                let now = try await WriterSnapshot.read(owner: owner, writer: writer, blocks: blocks)
                guard now.dataCid == target else { throw PeergosClientError.casFailure(message) }
            }
        }
    }
}

/// Runs a read-modify-commit `operation` again when it loses a compare-and-swap race, at most
/// `attempts` times; the operation must re-read what it changes on every run.
public func retryingCompareAndSwap<T>(attempts: Int = 5, _ operation: () async throws -> T) async throws -> T {
    for _ in 1..<max(1, attempts) {
        do { return try await operation() } catch PeergosClientError.casFailure { continue }
    }
    do { return try await operation() } catch PeergosClientError.casFailure { throw PeergosClientError.tooManyRetries(attempts) }
}
