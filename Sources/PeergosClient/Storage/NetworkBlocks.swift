import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats
import PeergosCryptree
import PeergosStorage

/// The server's blocks as the client reads them: every block is hashed and compared with the CID
/// asked for before it is used or cached, so a server that answers wrong bytes is caught
/// (``PeergosClientError/blockMismatch``), never trusted. Lookups in a CHAMP go through
/// `champ/get/bulk` (one round trip for the whole path, as upstream's client does); the blocks it
/// answers are checked by hash and then by walking the CHAMP locally from the root we asked for.
public final class NetworkBlocks: Sendable {
    public let api: PeergosAPI
    let cache: VerifiedBlockCache

    public init(api: PeergosAPI, cacheBytes: Int = 32 << 20) {
        self.api = api
        self.cache = VerifiedBlockCache(budget: cacheBytes)
    }

    /// The digest a CID names, or nil for an identity CID (whose bytes are inline).
    static func sha256Digest(_ cid: Cid) throws -> [UInt8]? {
        let mh = cid.multihash
        switch mh.type {
        case .sha2_256: return mh.digest
        case .identity: return nil
        default: throw PeergosClientError.unsupported("blocks hashed with \(mh.type.name)")
        }
    }

    /// A BAT with upstream's `Bat.calculateId` (CIDv1 raw, SHA-256 of the CBOR `{s: secret}`), the
    /// form `champ/get/bulk` caps and `block/get` carry (unlike the mirror BAT's id of the bare secret).
    static func batWithCalculatedId(_ bat: Bat) throws -> BatWithId {
        BatWithId(bat: bat)
    }

    /// The verified block, from the cache or the server; nil if the server does not have it.
    public func get(owner: PublicKeyHash, _ cid: Cid, bat: BatWithId? = nil) async throws -> [UInt8]? {
        guard let digest = try Self.sha256Digest(cid) else { return cid.multihash.digest }
        if let hit = cache.get(digest: digest) { return hit }
        guard let bytes = try await api.block(owner: owner, cid: cid, bat: bat.map { Multibase.encode($0.serialize(), .base58btc) }) else { return nil }
        guard Hash.sha256(bytes) == digest else { throw PeergosClientError.blockMismatch(cid) }
        cache.insert(verified: bytes, digest: digest)
        return bytes
    }

    /// The block, which must exist.
    public func require(owner: PublicKeyHash, _ cid: Cid, bat: BatWithId? = nil) async throws -> [UInt8] {
        guard let bytes = try await get(owner: owner, cid, bat: bat) else { throw PeergosClientError.missingBlock(cid) }
        return bytes
    }

    /// Fetches the path to each key in one `champ/get/bulk` (at most 20 keys a call, upstream's
    /// limit) and caches every answered block under its own hash. What the blocks mean is checked
    /// by the local walk that follows (``lookup(owner:root:keys:)``), which needs no trust in the order.
    func prefetch(owner: PublicKeyHash, root: Cid, keys: [(mapKey: [UInt8], bat: Bat?)]) async throws {
        for start in stride(from: 0, to: keys.count, by: 20) {
            let part = keys[start..<min(start + 20, keys.count)]
            let blocks = try await api.champLookup(owner: owner, root: root, caps: try part.map { ChunkMirrorCap(mapKey: $0.mapKey, bat: try $0.bat.map(Self.batWithCalculatedId)) })
            for block in blocks { cache.insert(verified: block, digest: Hash.sha256(block)) }
        }
    }

    /// The value CIDs under `keys` in the CHAMP at `root`, walked locally over verified blocks.
    public func lookup(owner: PublicKeyHash, root: Cid, keys: [(mapKey: [UInt8], bat: Bat?)]) async throws -> [Cid?] {
        try await prefetch(owner: owner, root: root, keys: keys)
        return try await resolving(owner: owner) { store in
            let champ = Champ(hasher: .identity, store: store)
            return try keys.map { try champ.get(root: root, key: $0.mapKey) }
        }
    }

    /// Runs a synchronous operation over the verified blocks, fetching (and verifying) any block
    /// it finds missing and running it again; bounded, so a hostile server cannot loop us.
    public func resolving<T>(owner: PublicKeyHash, overlay: StagedBlocks? = nil, _ body: (BlockStore) throws -> T) async throws -> T {
        let view = overlay ?? StagedBlocks(base: self)
        for _ in 0..<256 {
            let missing: Cid
            do { return try body(view) } catch ChampError.missingNode(let cid) {
                missing = cid
            } catch BlockStoreError.missingBlock(let cid) {
                missing = cid
            }
            _ = try await require(owner: owner, missing)
        }
        throw PeergosClientError.malformedAnswer(route: "api/v0/block/get", reason: "a read needed more than 256 fetches")
    }

    func cached(_ cid: Cid) throws -> [UInt8]? {
        guard let digest = try Self.sha256Digest(cid) else { return cid.multihash.digest }
        return cache.get(digest: digest)
    }
}

/// A synchronous block store for the protocol modules (CHAMP, cryptree): reads see blocks written
/// in this change first, then the verified cache; writes are kept here (not sent) until the
/// change is committed. A read of a block in neither answers nil, which the CHAMP reports as a
/// missing node and ``NetworkBlocks/resolving(owner:overlay:_:)`` fetches.
public final class StagedBlocks: BlockStore, @unchecked Sendable {
    let base: NetworkBlocks
    /// Blocks written in this change, by CID (dag-cbor nodes and raw fragments).
    private(set) var written: [Cid: [UInt8]] = [:]
    /// Raw blocks already sent to the server while streaming (their CIDs, to keep reachability).
    private(set) var order: [Cid] = []

    public init(base: NetworkBlocks) { self.base = base }

    public func get(_ cid: Cid) throws -> [UInt8]? {
        if let b = written[cid] { return b }
        return try base.cached(cid)
    }

    public func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        if written.updateValue(block, forKey: cid) == nil { order.append(cid) }
        return cid
    }

    /// The written dag-cbor blocks reachable from `root` through links, in a stable order: what a
    /// commit must send (blocks written and then replaced in the same change are left out).
    func reachable(from root: Cid) throws -> [(cid: Cid, block: [UInt8])] {
        var out: [(Cid, [UInt8])] = []
        var seen: Set<Cid> = []
        var stack = [root]
        while let cid = stack.popLast() {
            guard seen.insert(cid).inserted, let block = written[cid], cid.codec == .dagCbor else { continue }
            out.append((cid, block))
            Self.links(try CborObject.decode(block, options: .upstreamCompatible), into: &stack)
        }
        return out
    }

    static func links(_ object: CborObject, into out: inout [Cid]) {
        switch object {
        case .link(let bytes): if let cid = try? Cid(bytes: bytes.array) { out.append(cid) }
        case .list(let items): for item in items { links(item, into: &out) }
        case .map(let m): for entry in m.entries { links(entry.value, into: &out) }
        default: break
        }
    }

    func forget(_ cid: Cid) { written[cid] = nil }
}
