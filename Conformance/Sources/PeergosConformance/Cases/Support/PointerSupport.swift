import Foundation
import PeergosCBOR
import PeergosClient
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// A writer whose pointer the mutable cases move: its key pair and the owner it writes under.
struct PointerWriter: Sendable {
    let owner: PublicKeyHash
    let key: SigningKeyPair
    var writer: PublicKeyHash { key.publicKey.publicKeyHash }
}

/// What a writer's pointer is now, as `getPointer` answers it.
struct PointerState: Sendable {
    /// The signed update exactly as served (nil when the writer has no pointer).
    let signed: [UInt8]?
    /// Its payload, verified under the writer's key.
    let update: PointerUpdate?
}

/// Helpers for the cases that move pointers (Spec/mutable.md). They talk HTTP only; every pointer
/// they read is verified under the writer's key before it is used.
///
/// The writers moved are those of one throw-away account (role ``role``): its identity, and two
/// extra keys its identity WriterData names (``extraWriters(_:)``). Every case that moves them is
/// in the serial group ``group``.
enum PointerSupport {
    static let role = "ptr"
    static let group = "mutable-ptr"

    /// The throw-away account's identity as a writer.
    static func identityWriter(_ ctx: CaseContext) async throws -> PointerWriter {
        let account = try await ctx.fixtures.account(role)
        return PointerWriter(owner: account.session.id, key: account.session.identity)
    }

    /// The key a key hash inlines (every signing key hash upstream makes is an identity CID).
    static func key(of hash: PublicKeyHash) throws -> PublicSigningKey {
        guard let cbor = hash.inlineKeyCbor else { throw CaseFailure("the key hash \(hash) does not inline its key") }
        return try PublicSigningKey(cbor: CborObject.decode(cbor, options: .upstreamCompatible))
    }

    /// `getPointer` for `writer`, verified: fails the case if the answer is not a signed
    /// PointerUpdate by the writer's key.
    static func read(_ ctx: CaseContext, owner: PublicKeyHash, writer: PublicKeyHash) async throws -> PointerState {
        let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", owner.description), ("writer", writer.description)])
        try ctx.expectStatus(r, 200, "getPointer")
        if r.body.isEmpty { return PointerState(signed: nil, update: nil) }
        guard let payload = try? key(of: writer).unsignMessage(r.body) else {
            throw ctx.fail("getPointer answered \(r.body.count) bytes that do not open under the writer's key \(writer)")
        }
        guard let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)) else {
            throw ctx.fail("getPointer answered a signed payload that is not a PointerUpdate")
        }
        return PointerState(signed: r.body, update: update)
    }

    static func read(_ ctx: CaseContext, _ w: PointerWriter) async throws -> PointerState {
        try await read(ctx, owner: w.owner, writer: w.writer)
    }

    /// A block by `block/get`, checked against its CID (SHA-256 multihash).
    static func block(_ ctx: CaseContext, owner: PublicKeyHash, _ cid: Cid) async throws -> [UInt8] {
        let r = try await ctx.post("api/v0/block/get", query: [("owner", owner.description), ("arg", cid.description)])
        try ctx.expectStatus(r, 200, "block/get \(cid)")
        try ctx.expect(!r.body.isEmpty, "block/get \(cid): the block is absent")
        let computed = try Cid.sha256(codec: cid.codec, digest: Hash.sha256(r.body))
        try ctx.expect(computed == cid, "block/get \(cid) answered bytes that hash to \(computed)")
        return r.body
    }

    /// The WriterData a pointer targets.
    static func writerData(_ ctx: CaseContext, owner: PublicKeyHash, _ cid: Cid) async throws -> WriterData {
        let bytes = try await block(ctx, owner: owner, cid)
        do { return try WriterData(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks)) } catch {
            throw ctx.fail("the pointer's target \(cid) is not a WriterData: \(error)")
        }
    }

    /// A copy of `d` with another `public` root and, when given, `named` replaced.
    static func variant(of d: WriterData, publicRoot: Cid?, named: [String: OwnerProof]? = nil) -> WriterData {
        WriterData(controller: d.controller, algorithm: d.algorithm, publicRoot: publicRoot, followRequestReceiver: d.followRequestReceiver,
                   ownedKeys: d.ownedKeys, namedOwnedKeys: named ?? d.namedOwnedKeys, staticData: d.staticData, tree: d.tree,
                   secretLinks: d.secretLinks)
    }

    /// A CID of random bytes (never stored): a harmless field value that makes WriterData CIDs differ.
    static func randomCid() throws -> Cid { try Cid.sha256(codec: .raw, digest: Hash.sha256(SystemRandom.shared.bytes(32))) }

    /// Stores `data` as a dag-cbor block written by `w` and answers its CID.
    static func put(_ ctx: CaseContext, _ w: PointerWriter, _ data: WriterData) async throws -> Cid {
        try await putBlock(ctx, w, data.serialize())
    }

    static func putBlock(_ ctx: CaseContext, _ w: PointerWriter, _ block: [UInt8], codec: Cid.Codec = .dagCbor) async throws -> Cid {
        let api = ctx.client().api
        let tid = try await api.startTransaction(owner: w.owner)
        let cids = try await api.putBlocks(owner: w.owner, writer: w.key, transaction: tid, codec: codec, blocks: [block])
        try await api.closeTransaction(owner: w.owner, id: tid)
        let expected = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        guard cids == [expected] else { throw CaseFailure("block/put/bulk answered \(cids) for one block with CID \(expected)") }
        return expected
    }

    /// New WriterData targets for `w`: copies of its current WriterData (controller and the
    /// fields the server reads kept), each with a fresh random `public` root, stored.
    static func newTargets(_ ctx: CaseContext, _ w: PointerWriter, count: Int = 1, from state: PointerState? = nil) async throws -> [Cid] {
        let current = try await state.asyncOr { try await read(ctx, w) }
        let base = try await current.update?.updated.asyncMap { try await writerData(ctx, owner: w.owner, $0) } ?? WriterData(controller: w.writer)
        var cids: [Cid] = []
        for _ in 0..<count { cids.append(try await put(ctx, w, variant(of: base, publicRoot: try randomCid()))) }
        return cids
    }

    /// The signed update `[original, updated, sequence]` (sequence omitted when nil).
    static func sign(_ key: SigningKeyPair, original: Cid?, updated: Cid?, sequence: Int64?) -> [UInt8] {
        var items: [CborObject] = [original.map { .bytes($0.bytes) } ?? .null, updated.map { .bytes($0.bytes) } ?? .null]
        if let sequence { items.append(.integer(sequence)) }
        return key.signMessage(CborObject.list(items).serialize())
    }

    /// The correct next update of `state` to `target`.
    static func next(_ w: PointerWriter, _ state: PointerState, to target: Cid) -> [UInt8] {
        let sequence = state.update.map { ($0.sequence ?? 0) + 1 } ?? 1
        return sign(w.key, original: state.update?.updated, updated: target, sequence: sequence)
    }

    /// Raw `setPointer`.
    static func setPointer(_ ctx: CaseContext, _ w: PointerWriter, body: [UInt8]) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/mutable/setPointer", query: [("owner", w.owner.description), ("writer", w.writer.description)], body: body)
    }

    /// Raw `setPointers` with the commit `{p: [{w, s}]}`.
    static func setPointers(_ ctx: CaseContext, owner: PublicKeyHash, _ updates: [(writer: PublicKeyHash, signed: [UInt8])]) async throws -> ProbeResponse {
        let commit = CborObject.map(["p": .list(updates.map { .map(["w": $0.writer.toCbor(), "s": .bytes($0.signed)]) })])
        return try await ctx.post("peergos/v0/mutable/setPointers", query: [("owner", owner.description)], body: commit.serialize())
    }

    /// Fails unless `w`'s pointer is still exactly `before`.
    static func expectUnchanged(_ ctx: CaseContext, _ w: PointerWriter, _ before: PointerState, _ what: String) async throws {
        let after = try await read(ctx, w)
        try ctx.expect(after.signed == before.signed, "\(what), yet the pointer changed (sequence \(before.update?.sequence.map(String.init) ?? "none") → \(after.update?.sequence.map(String.init) ?? "none"))")
    }

    /// Three more writers of the pointer account, registered by naming them (OwnerProofs) in the
    /// identity's WriterData: `second` and `forge` have a first pointer (a WriterData each
    /// controls), `fresh` has none. `forge` is the target of the forged-signature cases only (a
    /// server that stores a forged update leaves a pointer no one can verify). Made once per run,
    /// by a case of ``group``.
    static func extraWriters(_ ctx: CaseContext) async throws -> (second: PointerWriter, fresh: PointerWriter, forge: PointerWriter) {
        let keys: [SigningKeyPair] = try await ctx.fixtures.shared("mutable-ptr-writers") {
            let id = try await identityWriter(ctx)
            let second = try SigningKeyPair.random(using: SystemRandom.shared)
            let fresh = try SigningKeyPair.random(using: SystemRandom.shared)
            let forge = try SigningKeyPair.random(using: SystemRandom.shared)
            let state = try await read(ctx, id)
            guard let cid = state.update?.updated else { throw CaseFailure("the pointer account's identity has no pointer") }
            let data = try await writerData(ctx, owner: id.owner, cid)
            var named = data.namedOwnedKeys
            named["conformance-second"] = OwnerProof.build(owned: second, owner: id.writer)
            named["conformance-fresh"] = OwnerProof.build(owned: fresh, owner: id.writer)
            named["conformance-forge"] = OwnerProof.build(owned: forge, owner: id.writer)
            let target = try await put(ctx, id, variant(of: data, publicRoot: data.publicRoot, named: named))
            let r = try await setPointer(ctx, id, body: next(id, state, to: target))
            guard r.status == 200, r.body == [1] else { throw CaseFailure("naming two writers in the identity WriterData was not accepted (HTTP \(r.status))") }
            for key in [second, forge] {
                let w = PointerWriter(owner: id.owner, key: key)
                let first = try await put(ctx, w, WriterData(controller: w.writer, publicRoot: try randomCid()))
                let r2 = try await setPointer(ctx, w, body: sign(key, original: nil, updated: first, sequence: 1))
                guard r2.status == 200, r2.body == [1] else { throw CaseFailure("an extra writer's first pointer was not accepted (HTTP \(r2.status))") }
            }
            return [second, fresh, forge]
        }
        let id = try await identityWriter(ctx)
        return (PointerWriter(owner: id.owner, key: keys[0]), PointerWriter(owner: id.owner, key: keys[1]), PointerWriter(owner: id.owner, key: keys[2]))
    }
}

extension Optional where Wrapped: Sendable {
    /// The wrapped value, or `make()`'s.
    fileprivate func asyncOr(_ make: () async throws -> Wrapped) async rethrows -> Wrapped {
        if let self { return self }
        return try await make()
    }

    fileprivate func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let self else { return nil }
        return try await transform(self)
    }
}
