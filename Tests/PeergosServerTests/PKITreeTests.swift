import Foundation
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServer
import PeergosStorage
import Testing

/// The server as its own PKI node: the `peergos` identity names the pki key, whose WriterData's
/// tree maps every username to its chain block, read here as a mirror would, over HTTP only.
@Suite("PKI tree")
struct PKITreeTests {
    /// A mirror's view: blocks fetched over `block/get` as the walk needs them.
    final class HTTPBlocks: BlockStore, @unchecked Sendable {
        var blocks: [Cid: [UInt8]] = [:]
        func get(_ cid: Cid) throws -> [UInt8]? { blocks[cid] }
        func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid { throw BlockStoreError.blockTooLarge(block.count) }  // a mirror only reads
    }

    struct Mirror {
        let client: any TestClientProtocol
        func bytes(_ path: String, _ body: ByteBuffer = ByteBuffer()) async throws -> [UInt8] {
            Array(try await client.execute(uri: path, method: .post, body: body).body.readableBytesView)
        }
        func block(_ cid: Cid) async throws -> [UInt8] {
            let b = try await bytes("/api/v0/block/get?arg=\(cid)")
            #expect(Hash.sha256(b) == cid.multihash.digest, "block \(cid) matches its CID")
            return b
        }
        /// The current target and sequence of `writer`'s pointer under `owner`, checked against the writer's key.
        func pointer(owner: PublicKeyHash, writer: PublicKeyHash) async throws -> PointerUpdate {
            let signed = try await bytes("/peergos/v0/mutable/getPointer?owner=\(owner)&writer=\(writer)")
            let key = try PublicSigningKey(cborBytes: try #require(writer.inlineKeyCbor))
            return try PointerUpdate(cborBytes: try key.unsignMessage(signed))
        }
        func writerData(_ cid: Cid) async throws -> WriterData {
            try WriterData(cbor: CborObject.decode(try await block(cid), options: .upstreamCompatibleWithTextLinks))
        }
        /// Walks the PKI CHAMP from `tree` for `username`, fetching each node as needed.
        func chainBlock(tree: Cid, username: String) async throws -> [UInt8]? {
            let store = HTTPBlocks()
            while true {
                do {
                    guard let value = try Champ(hasher: .blake2b, store: store).get(root: tree, key: Array(username.utf8)) else { return nil }
                    return try await block(value)
                } catch ChampError.missingNode(let cid) {
                    store.blocks[cid] = try await block(cid)
                }
            }
        }
    }

    @Test("bootstrap, signup and key change are mirrored in the pki tree; pointers move by one signed step; a restart keeps it")
    func pkiTree() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-pkitree-\(UUID().uuidString)").path
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:pki-tree-alice".utf8)))
        let alice2 = try SigningKeyPair(seed: Hash.sha256(Array("sign:pki-tree-alice2".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:pki-tree-login".utf8)))
        let server = try PeergosServer(dataDirectory: dir)
        let pkiRootAfterChange = try await server.application(port: 0).test(.live) { client -> Cid? in
            let mirror = Mirror(client: client)
            // The peergos user: claimed, with a valid chain, its identity naming the pki key.
            let chainBytes = try await mirror.bytes("/peergos/v0/core/getChain", CoreRoutesTests.stream(["peergos"]))
            let chain = try PKIChainBlock.decode(chainBytes)
            #expect(ChainValidator.validate(chain, username: "peergos") == .valid)
            let identity = try #require(chain.last?.owner)
            #expect(chain.last?.claim.storageProviders == [server.nodeId.multihash.bytes])
            let identityData = try await mirror.writerData(try #require(try await mirror.pointer(owner: identity, writer: identity).updated))
            let proof = try #require(identityData.namedOwnedKeys["pki"])
            let pkiKey = try PublicSigningKey(cborBytes: try #require(proof.owned.inlineKeyCbor))
            #expect(try proof.owner(verifiedWith: pkiKey) == identity)

            // The pki key's tree holds the peergos chain.
            let first = try await mirror.pointer(owner: identity, writer: proof.owned)
            let pkiData = try await mirror.writerData(try #require(first.updated))
            #expect(pkiData.controller == proof.owned)
            #expect(try await mirror.chainBlock(tree: try #require(pkiData.tree), username: "peergos") == chainBytes)
            #expect(try await mirror.chainBlock(tree: try #require(pkiData.tree), username: "alice") == nil)

            // A signup: one more pointer step, which the pointer rules accept, and alice's chain in the tree.
            #expect(try await mirror.bytes("/peergos/v0/core/signup", try CoreRoutesTests.signup("alice", identity: alice, login: login).body) == [1])
            let afterSignup = try await mirror.pointer(owner: identity, writer: proof.owned)
            #expect(afterSignup.original == first.updated && afterSignup.sequence == (first.sequence ?? 0) + 1)
            let signedStep = try await mirror.bytes("/peergos/v0/mutable/getPointer?owner=\(identity)&writer=\(proof.owned)")
            let afterData = try await mirror.writerData(try #require(afterSignup.updated))
            #expect(PointerValidator.validate(signed: signedStep, writer: proof.owned, writerKey: pkiKey, current: first,
                                              updatedController: afterData.controller) == .success(afterSignup))
            let aliceChain = try await mirror.bytes("/peergos/v0/core/getChain", CoreRoutesTests.stream(["alice"]))
            #expect(try await mirror.chainBlock(tree: try #require(afterData.tree), username: "alice") == aliceChain)
            #expect(try await mirror.chainBlock(tree: try #require(afterData.tree), username: "peergos") == chainBytes)

            // A refused signup (the name is taken) leaves the tree as it was.
            let mallory = try SigningKeyPair(seed: Hash.sha256(Array("sign:pki-tree-mallory".utf8)))
            _ = try await mirror.bytes("/peergos/v0/core/signup", try CoreRoutesTests.signup("alice", identity: mallory, login: login).body)
            _ = try await mirror.bytes("/peergos/v0/core/signup", try CoreRoutesTests.signup("peergos", identity: mallory, login: login).body)
            #expect(try await mirror.pointer(owner: identity, writer: proof.owned) == afterSignup)

            // A key change updates alice's entry.
            let change = UserPublicKeyLink.createChain(old: alice, new: alice2, username: "alice", expiry: CoreRoutesTests.expiry, storageProviders: [CoreRoutesTests.provider])
            #expect(try await mirror.bytes("/peergos/v0/core/updateChain", CoreRoutesTests.stream(["alice", PKIChainBlock.encode(change), CoreRoutesTests.pow, ""])) == [1])
            let afterChange = try await mirror.pointer(owner: identity, writer: proof.owned)
            #expect(afterChange.sequence == (afterSignup.sequence ?? 0) + 1)
            let changedRoot = try #require(afterChange.updated)
            let changedTree = try #require(try await mirror.writerData(changedRoot).tree)
            let changedChain = try #require(try await mirror.chainBlock(tree: changedTree, username: "alice"))
            #expect(try PKIChainBlock.decode(changedChain).last?.owner == alice2.publicKey.publicKeyHash)
            return afterChange.updated
        }
        // A restart on the same data: the same identity and tree, no second bootstrap.
        let restarted = try PeergosServer(dataDirectory: dir)
        try await restarted.application(port: 0).test(.live) { client in
            let mirror = Mirror(client: client)
            let chain = try PKIChainBlock.decode(try await mirror.bytes("/peergos/v0/core/getChain", CoreRoutesTests.stream(["peergos"])))
            let identity = try #require(chain.last?.owner)
            let identityData = try await mirror.writerData(try #require(try await mirror.pointer(owner: identity, writer: identity).updated))
            let pki = try #require(identityData.namedOwnedKeys["pki"]).owned
            #expect(try await mirror.pointer(owner: identity, writer: pki).updated == pkiRootAfterChange)
        }
    }
}
