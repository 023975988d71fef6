import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosPKI
import PeergosStorage

/// The PKI tree a mirror reads (Spec/pki.md#tree): only `getPublicKey`, `getPointer` and
/// `block/get`, every block checked against its CID and every pointer against its writer's key.
enum PKITreeCases {
    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "pki.tree.mirror-reads-user-chain",
                "The peergos identity names the pki key, whose WriterData tree maps the user's name to a block equal to getChain's answer",
                level: .must, spec: "pki.md#tree", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let root = try await PKISupport.publicKey(ctx, "peergos") else { throw ctx.fail("the server knows no user \"peergos\" (the PKI's owner)") }
                let identityState = try await PointerSupport.read(ctx, owner: root, writer: root)
                guard let identityTarget = identityState.update?.updated else { throw ctx.fail("the peergos identity has no pointer") }
                let identityData = try await PointerSupport.writerData(ctx, owner: root, identityTarget)
                guard let proof = identityData.namedOwnedKeys["pki"] else { throw ctx.fail("the peergos identity WriterData names no \"pki\" key") }
                let pkiKey = proof.owned
                do {
                    let owner = try proof.owner(verifiedWith: PointerSupport.key(of: pkiKey))
                    try ctx.expect(owner == root, "the pki key's OwnerProof names \(owner), not the peergos identity")
                } catch let f as CaseFailure { throw f } catch {
                    throw ctx.fail("the pki key's OwnerProof does not verify under the pki key: \(error)")
                }
                let pkiState = try await PointerSupport.read(ctx, owner: root, writer: pkiKey)
                guard let pkiTarget = pkiState.update?.updated else { throw ctx.fail("the pki key has no pointer") }
                let pkiData = try await PointerSupport.writerData(ctx, owner: root, pkiTarget)
                try ctx.expect(pkiData.controller == pkiKey, "the pki key's WriterData has controller \(pkiData.controller)")
                guard let tree = pkiData.tree else { throw ctx.fail("the pki key's WriterData has no tree") }
                guard let chainCid = try await lookup(ctx, owner: root, root: tree, key: Array(user.utf8)) else {
                    throw ctx.fail("the PKI tree has no entry for \(user)")
                }
                let block = try await PointerSupport.block(ctx, owner: root, chainCid)
                let answered = try await PKISupport.chainBytes(ctx, user)
                try ctx.expect(block == answered, "the PKI tree's chain block for \(user) (\(block.count) bytes) differs from getChain's answer (\(answered.count) bytes)")
            },
        ]
    }

    /// A CHAMP lookup (keys hashed with BLAKE2b-512) over blocks fetched with `block/get` as the
    /// walk needs them.
    static func lookup(_ ctx: CaseContext, owner: PublicKeyHash, root: Cid, key: [UInt8]) async throws -> Cid? {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .blake2b, store: store)
        for _ in 0..<64 {
            let missing: Cid
            do { return try champ.get(root: root, key: key) } catch BlockStoreError.missingBlock(let cid) { missing = cid } catch ChampError.missingNode(let cid) { missing = cid }
            let bytes = try await PointerSupport.block(ctx, owner: owner, missing)
            _ = try store.put(bytes, codec: missing.codec)
        }
        throw ctx.fail("the PKI tree is deeper than 64 levels")
    }
}
