import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServerStorage
import PeergosStorage
import Synchronization

/// The server's PKI as an upstream server started with `pki-init` keeps it, so mirrors can follow
/// it: the `peergos` user's identity, whose WriterData names the **pki key** (`named["pki"]`, an
/// OwnerProof), and the pki key's WriterData, whose `tree` is a CHAMP (keys hashed with
/// BLAKE2b-512) from each username to the block holding its chain (the CBOR list of links).
///
/// Every chain change (a signup, an update, the `peergos` claim itself) becomes new blocks and a
/// pki pointer update (sequence + 1, signed by the pki key) that the caller commits in the same
/// database transaction as the chain row. Changes are serialised by a lock; the pointer swap
/// is a compare-and-swap besides.
///
/// Not built here: the `peergos` account's login data and files (upstream signs it up through the
/// client, which this project does not have yet); its identity exists, and its name is claimed.
final class PKITree: Sendable {
    static let username = "peergos"
    let identity: SigningKeyPair
    let pkiKey: SigningKeyPair
    private let database: ServerDatabase
    private let lock = Mutex(())

    /// What a chain change writes: blocks, and the pki pointer's swap.
    struct Change {
        let blocks: [(cid: Cid, data: [UInt8])]
        let pointer: ServerDatabase.PointerSwap
    }

    /// Loads the PKI keys (drawn at first start and kept), and bootstraps what is missing: the pki
    /// key's empty WriterData, the identity's WriterData naming it, the `peergos` claim, a renewal
    /// of that claim when it has under 30 days left.
    init(database: ServerDatabase, storageProvider: Multihash, now: Date) throws {
        self.database = database
        identity = try SigningKeyPair(seed: try database.setSettingIfAbsent("peergos-identity-seed", SystemRandom.shared.bytes(32)))
        pkiKey = try SigningKeyPair(seed: try database.setSettingIfAbsent("pki-key-seed", SystemRandom.shared.bytes(32)))
        let owner = identity.publicKey.publicKeyHash
        if try database.pointer(writer: pkiKey.publicKey.publicKeyHash) == nil {
            let store = DatabaseBlockStore(database)
            let emptyOwned = try Champ(hasher: .identity, store: store).createEmpty()
            let pkiData = try store.put(WriterData(controller: pkiKey.publicKey.publicKeyHash, ownedKeys: emptyOwned).serialize(), codec: .dagCbor)
            let identityData = try store.put(WriterData(controller: owner, ownedKeys: emptyOwned,
                                                        namedOwnedKeys: ["pki": OwnerProof.build(owned: pkiKey, owner: owner)]).serialize(), codec: .dagCbor)
            let swaps = [
                ServerDatabase.PointerSwap(writer: pkiKey.publicKey.publicKeyHash, expected: nil,
                                           new: pkiKey.signMessage(try PointerUpdate(original: nil, updated: pkiData, sequence: 1).serialize())),
                ServerDatabase.PointerSwap(writer: owner, expected: nil,
                                           new: identity.signMessage(try PointerUpdate(original: nil, updated: identityData, sequence: 1).serialize())),
            ]
            try database.putBlocks(store.pending)  // the server's own blocks, before its account exists
            guard try database.compareAndSwap(swaps) else { throw PeergosServerError("PKI bootstrap raced another writer") }
        }
        let expiry = try Self.expiry(now: now, days: 60)
        let claim = UserPublicKeyLink.createInitial(signer: identity, username: Self.username, expiry: expiry, storageProviders: [storageProvider.bytes])
        if let stored = try database.chain(username: Self.username) {
            let chain = try PKIChainBlock.decode(stored)
            if let last = chain.last, last.claim.expiry < (try Self.expiry(now: now, days: 30)) {
                let merged = try ChainValidator.merge(existing: chain, updated: claim)
                _ = try update(username: Self.username, chain: merged) { change in
                    try database.updateChain(username: Self.username, expected: stored, owner: owner, chain: PKIChainBlock.encode(merged),
                                             blocks: change.blocks, pointers: [change.pointer])
                }
            }
        } else {
            _ = try update(username: Self.username, chain: claim) { change in
                try database.signup(username: Self.username, owner: owner, chain: PKIChainBlock.encode(claim), blocks: change.blocks,
                                    pointers: [change.pointer], login: nil)
            }
        }
    }

    /// Records `chain` for `username` in the tree and hands the change to `commit` (which writes it
    /// with the chain row, or returns false to drop it), all under the lock.
    func update<T>(username: String, chain: [UserPublicKeyLink], commit: (Change) throws -> T) throws -> T {
        try lock.withLock { _ in
            let writer = pkiKey.publicKey.publicKeyHash
            guard let (signed, current, root, data) = try CurrentWriterData.read(database, writer: writer, key: pkiKey.publicKey)
            else { throw PeergosServerError("The PKI tree is unreadable") }
            let store = DatabaseBlockStore(database)
            let champ = Champ(hasher: .blake2b, store: store)
            let tree = try data.tree ?? champ.createEmpty()
            let key = Array(username.utf8)
            let chainBlock = try store.put(PKIChainBlock.encode(chain), codec: .dagCbor)
            let newTree = try champ.put(root: tree, key: key, value: chainBlock, expected: try champ.get(root: tree, key: key))
            let updated = WriterData(controller: data.controller, algorithm: data.algorithm, publicRoot: data.publicRoot,
                                     followRequestReceiver: data.followRequestReceiver, ownedKeys: data.ownedKeys,
                                     namedOwnedKeys: data.namedOwnedKeys, staticData: data.staticData, tree: newTree, secretLinks: data.secretLinks)
            let newRoot = try store.put(updated.serialize(), codec: .dagCbor)
            // `root` is `current.updated`; `next` refuses a sequence at Int64.max instead of overflowing.
            let next = try PointerUpdate.next(after: current, to: newRoot)
            return try commit(Change(blocks: store.pending, pointer: .init(writer: writer, expected: signed, new: pkiKey.signMessage(next.serialize()))))
        }
    }

    /// The UTC date `days` days after `now`.
    static func expiry(now: Date, days: Int) throws -> PKIDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day], from: now.addingTimeInterval(Double(days) * 86_400))
        return try PKIDate(year: c.year ?? 0, month: c.month ?? 0, day: c.day ?? 0)
    }
}
