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
    /// `block/put/bulk` requests one put keeps in flight. A server that commits requests arriving
    /// together in one transaction (ours does, see GroupCommit) makes them share one fsync, and
    /// the client's hashing and signing of one overlap the server's work on another. Measured
    /// (peergos-bench upload, 64 MiB, embedded server, 2-core EPYC): 2 and 4 upload equally fast;
    /// 4 held about 15 MB more at the peak.
    static let requestsInFlight = 2

    public init(blocks: NetworkBlocks) { self.blocks = blocks }

    /// Sends raw blocks (file fragments) now, inside `transaction`; used while streaming a file so
    /// they need not stay in memory until the commit.
    public func putRaw(owner: PublicKeyHash, signer: SigningKeyPair, transaction: String, _ raw: [[UInt8]]) async throws {
        try await put(owner: owner, signer: signer, transaction: transaction, codec: .raw, raw)
    }

    /// Puts `list` in requests of at most ``batchBytes`` (a larger block alone), up to
    /// ``requestsInFlight`` at once. Each answer is checked against the blocks' own CIDs.
    /// Returns when every block is stored, or throws the first failure (the requests still in
    /// flight are cancelled; blocks already stored stay, unreferenced, as after any failed upload).
    func put(owner: PublicKeyHash, signer: SigningKeyPair, transaction: String, codec: Cid.Codec, _ list: [[UInt8]]) async throws {
        var batches: [[[UInt8]]] = []
        var batch: [[UInt8]] = []
        var size = 0
        for block in list {
            if size + block.count > Self.batchBytes && !batch.isEmpty {
                batches.append(batch)
                batch = []
                size = 0
            }
            batch.append(block)
            size += block.count
        }
        if !batch.isEmpty { batches.append(batch) }
        let api = blocks.api
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (i, batch) in batches.enumerated() {
                if i >= Self.requestsInFlight { try await group.next() }
                group.addTask {
                    // A put that failed cancels the rest: send nothing more.
                    try Task.checkCancellation()
                    return try await api.putBlocksChecked(owner: owner, writer: signer, transaction: transaction, codec: codec, blocks: batch)
                }
            }
            try await group.waitForAll()
        }
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
