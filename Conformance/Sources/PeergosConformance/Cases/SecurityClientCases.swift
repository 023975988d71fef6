import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosClient
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosStorage

/// Area `security`, client side: PEERGOS-FACTS §12 invariants 13–19 (Spec/http.md#security-invariants),
/// checked on what the server serves, read raw (every block checked against its CID): the probe
/// user's identity WriterData, owned-keys CHAMP, pointer and PKI chain (read-only), and the run's
/// account `a`'s home tree (mutating: it needs the account's keys).
enum SecurityClientCases {
    /// Every node of the CHAMP at `root`, fetched raw: (cid, bytes, node, depth).
    static func walk(_ ctx: CaseContext, owner: PublicKeyHash, root: Cid) async throws -> [(cid: Cid, bytes: [UInt8], node: ChampNode, depth: Int)] {
        var out: [(Cid, [UInt8], ChampNode, Int)] = []
        var queue: [(Cid, Int)] = [(root, 0)]
        while let (cid, depth) = queue.popLast() {
            guard out.count < 10_000, depth <= Champ.maxDepth else { throw ctx.fail("the CHAMP at \(root) is deeper or larger than any CHAMP may be") }
            let bytes = try await FlowSupport.block(ctx, owner: owner, cid)
            let node: ChampNode
            do { node = try ChampNode(bytes: bytes); try node.validate() } catch { throw ctx.fail("CHAMP node \(cid) is not a well-formed node: \(error)") }
            out.append((cid, bytes, node, depth))
            for case .child(let c) in node.contents { queue.append((c, depth + 1)) }
        }
        return out
    }

    /// The mappings of a walked CHAMP.
    static func mappings(_ nodes: [(cid: Cid, bytes: [UInt8], node: ChampNode, depth: Int)]) -> [ChampMapping] {
        nodes.flatMap { n in n.node.contents.flatMap { p -> [ChampMapping] in if case .bucket(let m) = p { return m } else { return [] } } }
    }

    /// The node at `cap`, fetched raw through the writer's pointer, WriterData and CHAMP.
    static func node(_ ctx: CaseContext, _ cap: AbsoluteCapability) async throws -> (cid: Cid, node: CryptreeNode) {
        guard let update = try await FlowSupport.pointer(ctx, owner: cap.owner, writer: cap.writer), let target = update.updated else {
            throw ctx.fail("the writer \(cap.writer) has no pointer")
        }
        let data = try WriterData(cbor: CborObject.decode(try await FlowSupport.block(ctx, owner: cap.owner, target), options: .upstreamCompatibleWithTextLinks))
        guard let tree = data.tree else { throw ctx.fail("the WriterData of \(cap.writer) has no tree") }
        let walked = try await walk(ctx, owner: cap.owner, root: tree)
        guard let value = mappings(walked).first(where: { $0.key == cap.mapKey })?.value else { throw ctx.fail("the tree of \(cap.writer) has nothing at the capability's map key") }
        let bat = try cap.bat.map { Multibase.encode(BatWithId(bat: $0).serialize(), .base58btc) }
        let bytes = try await FlowSupport.block(ctx, owner: cap.owner, value, bat: bat)
        do { return (value, try CryptreeNode(cbor: CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks))) } catch {
            throw ctx.fail("block \(value) is not a cryptree node: \(error)")
        }
    }

    /// Every map in `cbor` that looks like a capability (has `m` and `k`).
    static func capabilityMaps(_ cbor: CborObject) -> [CborMap] {
        switch cbor {
        case .map(let m):
            let here: [CborMap] = (m["m"] != nil && m["k"] != nil) ? [m] : []
            return here + m.entries.flatMap { capabilityMaps($0.value) }
        case .list(let l): return l.flatMap(capabilityMaps)
        default: return []
        }
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "security.cbor.canonical", "The probe user's identity WriterData, pointer payload and PKI chain are canonical CBOR (re-encoding gives the same bytes)",
                level: .must, spec: "http.md#security-invariants", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let id = try await FlowSupport.publicKey(ctx, user) else { throw ctx.fail("getPublicKey does not know \(user)") }
                let (cid, bytes, _) = try await FlowSupport.identityData(ctx, owner: id)
                let signed = try await FlowSupport.signedPointer(ctx, owner: id, writer: id) ?? []
                let payload = try FlowSupport.signingKey(ctx, id).unsignMessage(signed)
                var w = DataStreamWriter()
                w.string(user)
                let chain = try await ctx.post("peergos/v0/core/getChain", body: w.bytes)
                try ctx.expectStatus(chain, 200, "getChain")
                for (what, b) in [("WriterData \(cid)", bytes), ("the identity pointer payload", payload), ("the PKI chain", chain.body)] {
                    guard let decoded = try? CborObject.decode(b, options: .upstreamCompatibleWithTextLinks) else { throw ctx.fail("\(what) is not CBOR") }
                    try ctx.expect(decoded.serialize() == b, "\(what) is not canonical CBOR: re-encoding changes its bytes")
                }
            },
            ConformanceCase(
                "security.public-key-hash.rehashes-to-key", "Key hashes the server names (getPublicKey, the chain, WriterData controller and follow-request key) re-hash from their keys",
                level: .must, spec: "http.md#security-invariants", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let id = try await FlowSupport.publicKey(ctx, user) else { throw ctx.fail("getPublicKey does not know \(user)") }
                try ctx.expect(id.cid.isIdentity && id.cid.codec == .dagCbor, "the identity \(id) is not an identity-multihash dag-cbor CID")
                let key = try FlowSupport.signingKey(ctx, id)
                try ctx.expect(try PublicKeyHash(keyCbor: key.serialize()) == id, "the key inlined in \(id) does not hash back to it")
                let chain = try await ctx.client().api.chain(username: user)
                try ctx.expect(chain.last?.owner == id, "the PKI chain of \(user) ends with \(String(describing: chain.last?.owner)), getPublicKey answers \(id)")
                let data = try await FlowSupport.identityData(ctx, owner: id).data
                try ctx.expect(data.controller == id, "the identity WriterData's controller is \(data.controller), not \(id)")
                if let receiver = data.followRequestReceiver {
                    if receiver.cid.isIdentity {
                        try ctx.expect((try? PublicBoxingKey(cborBytes: receiver.inlineKeyCbor ?? [])) != nil, "the follow-request key hash \(receiver) inlines no boxing key")
                    } else {
                        let block = try await FlowSupport.block(ctx, owner: id, receiver.cid)  // checks SHA-256(block) against the hash
                        try ctx.expect((try? PublicBoxingKey(cborBytes: block, options: .upstreamCompatible)) != nil, "the follow-request key block \(receiver) is not a boxing key")
                    }
                }
            },
            ConformanceCase(
                "security.champ.canonical-nodes", "The probe user's owned-keys and secret-links CHAMPs are canonical: well-formed nodes, every key found by its hash, every non-root subtree at least 5 mappings",
                level: .must, spec: "champ.md#remove", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let id = try await FlowSupport.publicKey(ctx, user) else { throw ctx.fail("getPublicKey does not know \(user)") }
                let data = try await FlowSupport.identityData(ctx, owner: id).data
                let roots = [data.ownedKeys, data.secretLinks].compactMap { $0 }
                guard !roots.isEmpty else { throw CaseSkip("\(user)'s identity WriterData has no CHAMP") }
                for root in roots {
                    let nodes = try await walk(ctx, owner: id, root: root)
                    let store = InMemoryBlockStore()
                    for n in nodes {
                        try ctx.expect(ChampNode.reencodes(n.node, n.bytes), "CHAMP node \(n.cid) does not re-encode to its own bytes")
                        _ = try store.put(n.bytes, codec: .dagCbor)
                    }
                    let champ = Champ(hasher: .identity, store: store)
                    for m in mappings(nodes) {
                        try ctx.expect(try champ.get(root: root, key: m.key) == m.value, "a key of the CHAMP \(root) is stored where a lookup by its hash does not find it")
                    }
                    for n in nodes where n.cid != root {
                        let count = try champ.size(root: n.cid)
                        try ctx.expect(count >= 5, "the non-root CHAMP node \(n.cid) holds \(count) mappings; it should have been inlined in its parent")
                    }
                }
            },
            ConformanceCase(
                "security.cryptree.padding-nonces-and-chunks", "Cryptree nodes of the account's tree are padded (64/16/4096), have 24-byte nonces, chunks of at most 5 MiB and FromBase keys distinct from base keys",
                level: .must, spec: "cryptree.md#fragments", tags: [.mutating], dependsOn: ["flow.signup.creates-account"],
                serialGroup: FlowSteps.filesGroup
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                _ = try await FlowSteps.uploaded(ctx)
                for path in ["/\(a.username)", FlowSteps.folder(a), FlowSteps.bigPath(a)] {
                    let cap = try await a.session.resolve(path).capability
                    let (cid, n) = try await node(ctx, cap)
                    try ctx.expect(n.fromBase.nonce.count == 24 && n.fromParent.nonce.count == 24 && n.data.nonce.count == 24, "\(path) (\(cid)): a nonce is not 24 bytes")
                    try ctx.expect((n.fromBase.ciphertext.count - 16) % 64 == 0, "\(path): the base block has \(n.fromBase.ciphertext.count) ciphertext bytes, not 16 + a multiple of 64")
                    try ctx.expect((n.fromParent.ciphertext.count - 16) % 16 == 0, "\(path): the parent block has \(n.fromParent.ciphertext.count) ciphertext bytes, not 16 + a multiple of 16")
                    let dataLength = n.data.inlined?.count ?? n.data.header?.count ?? -1
                    try ctx.expect(dataLength >= 16 && (dataLength - 16) % 4096 <= FragmentedPaddedCipherText.maxCborOverhead,
                                   "\(path): the data ciphertext (inlined or header) has \(dataLength) bytes, not 16 + 4096k (+ at most 6)")
                    try ctx.expect(n.data.fragments.count <= 5, "\(path): a chunk of \(n.data.fragments.count) fragments of up to 1 MiB is over 5 MiB")
                    let isDirectory = n.isDirectory(cap.readBaseKey)
                    let parentKey = try n.parentKey(cap.readBaseKey)
                    let fromBase = try n.readFromBase(cap.readBaseKey)
                    try ctx.expect(fromBase.key != cap.readBaseKey && (isDirectory || fromBase.key != parentKey),
                                   "\(path): the FromBase key equals the node's base or parent key")
                }
            },
            ConformanceCase(
                "security.capability.sizes-and-signer", "Capabilities of the account's tree have 32-byte map keys and BATs, and the writable home capability opens a signing key hashing to its writer",
                level: .must, spec: "capabilities.md#absolute", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let home = a.session.home
                try ctx.expect(home.mapKey.count == 32 && home.bat?.secret.count == 32, "the home capability's map key or BAT is not 32 bytes")
                let (_, n) = try await node(ctx, home)
                guard let link = try n.readFromBase(home.readBaseKey).signerLink, let writeKey = home.writeBaseKey else {
                    throw ctx.fail("the home folder node has no signer link for its writable capability")
                }
                let m = try link.decrypt(key: writeKey).asMap("signer")
                let pair = try SigningKeyPair(secretKey: SecretSigningKey(cbor: m.required("s")))
                try ctx.expect(pair.publicKey.publicKeyHash == home.writer && (try PublicKeyHash(cbor: m.required("p"))) == home.writer,
                               "the home folder's signing key hashes to \(pair.publicKey.publicKeyHash), not the capability's writer \(home.writer)")
                let children = try n.data.decrypt(key: home.readBaseKey, store: nil)
                let caps = capabilityMaps(children)
                try ctx.expect(!caps.isEmpty, "the home folder lists no child capabilities")
                for c in caps {
                    try ctx.expect((try? c.required("m").asBytes("m"))?.count == 32, "a child capability's map key is not 32 bytes")
                    if let bat = c["a"] {
                        try ctx.expect((try? bat.asMap("bat").required("s").asBytes("s"))?.count == 32, "a child capability's BAT is not 32 bytes")
                    }
                }
            },
            ConformanceCase(
                "security.owned-keys.proofs-verify", "The account's home writer is proved owned in its identity's owned-keys CHAMP, by a proof its key signed over the owner",
                level: .must, spec: "http.md#authorisation", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let id = a.session.id
                let data = try await FlowSupport.identityData(ctx, owner: id).data
                guard let root = data.ownedKeys else { throw ctx.fail("the identity WriterData names no owned-keys CHAMP") }
                var proved: Set<PublicKeyHash> = []
                for m in mappings(try await walk(ctx, owner: id, root: root)) {
                    guard let v = m.value else { continue }
                    let proof = try OwnerProof(cbor: CborObject.decode(try await FlowSupport.block(ctx, owner: id, v), options: .upstreamCompatible))
                    let owner = try? proof.owner(verifiedWith: FlowSupport.signingKey(ctx, proof.owned))
                    try ctx.expect(owner == id, "the owner proof of \(proof.owned) does not verify as signed by that key over \(id)")
                    proved.insert(proof.owned)
                }
                for (_, proof) in data.namedOwnedKeys {
                    try ctx.expect((try? proof.owner(verifiedWith: FlowSupport.signingKey(ctx, proof.owned))) == id, "the named owner proof of \(proof.owned) does not verify")
                    proved.insert(proof.owned)
                }
                try ctx.expect(a.session.home.writer == id || proved.contains(a.session.home.writer),
                               "the home writer \(a.session.home.writer) has no owner proof under the identity")
            },
            ConformanceCase(
                "security.pointer.sequence-increases", "A writer's pointer moves with a strictly greater sequence and an original equal to the previous target",
                level: .must, spec: "mutable.md#sequences", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let s = try await ctx.fixtures.account("seq")
                let (owner, writer) = (s.session.id, s.session.home.writer)
                guard let p1 = try await FlowSupport.pointer(ctx, owner: owner, writer: writer), let seq1 = p1.sequence else {
                    throw ctx.fail("the home writer's pointer after signup is missing or has no sequence")
                }
                try await s.session.mkdir("/\(s.username)/one")
                guard let p2 = try await FlowSupport.pointer(ctx, owner: owner, writer: writer), let seq2 = p2.sequence else {
                    throw ctx.fail("the home writer's pointer after mkdir is missing or has no sequence")
                }
                try ctx.expect(seq2 > seq1, "the pointer's sequence went from \(seq1) to \(seq2)")
                try ctx.expect(p2.updated != p1.updated, "mkdir committed, but the pointer still names the same WriterData")
                if seq2 == seq1 + 1 { try ctx.expect(p2.original == p1.updated, "the next update's original is not the previous update's target") }
            },
        ]
    }
}

extension ChampNode {
    /// Whether `node` re-encodes to exactly `bytes` (canonical form).
    static func reencodes(_ node: ChampNode, _ bytes: [UInt8]) -> Bool { node.serialize() == bytes }
}
