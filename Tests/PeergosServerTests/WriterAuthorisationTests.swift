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
import PeergosServerStorage
import Testing

/// Issue 8, item 9: only a signed-up user's writers may write (its identity, or a key its
/// WriterData proves owned by an OwnerProof), usage is charged to that user, and the per-user
/// quota is exact to the byte with upstream's refusal.
@Suite("Writer authorisation and quota")
struct WriterAuthorisationTests {
    static func directory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("peergos-auth-\(UUID().uuidString)").path
    }

    static func put(_ client: some TestClientProtocol, _ blocks: [[UInt8]], signer: SigningKeyPair, owner: PublicKeyHash, raw: Bool = true) async throws -> TestResponse {
        let w = signer.publicKey.publicKeyHash
        return try await client.execute(uri: "/api/v0/block/put/bulk?format=\(raw ? "raw" : "dag-cbor")&owner=\(owner)&writer=\(w)", method: .post,
                                        body: ServerHTTPTests.bulk(blocks, signer: signer))
    }

    static func setPointer(_ client: some TestClientProtocol, _ signer: SigningKeyPair, owner: PublicKeyHash, _ update: PointerUpdate) async throws -> TestResponse {
        let w = signer.publicKey.publicKeyHash
        return try await client.execute(uri: "/peergos/v0/mutable/setPointer?owner=\(owner)&writer=\(w)", method: .post,
                                        body: ByteBuffer(bytes: signer.signMessage(update.serialize())))
    }

    static func usage(_ client: some TestClientProtocol, _ identity: SigningKeyPair) async throws -> Int64 {
        let r = try await client.execute(uri: "/peergos/v0/storage/usage?owner=\(identity.publicKey.publicKeyHash)&auth=\(AccountRoutesTests.signedTime(identity))",
                                         method: .post)
        return try CborObject.decode(ServerHTTPTests.bytes(r)).asInteger()
    }

    static func notAllowed(_ key: SigningKeyPair) -> String { "Key not allowed to write to this server: \(key.publicKey.publicKeyHash)" }

    @Test("a key no signed-up user owns can neither put blocks nor set a pointer, and nothing of it is stored")
    func unregisteredWriterRefused() async throws {
        let server = try PeergosServer(dataDirectory: Self.directory())
        let anonymous = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-anonymous".utf8)))
        let a = anonymous.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            let block: [UInt8] = Array("anonymous bytes".utf8)
            let refused = try await Self.put(client, [block], signer: anonymous, owner: a)
            #expect(refused.status == .badRequest)
            #expect(ServerHTTPTests.trailer(refused) == Self.notAllowed(anonymous))
            #expect(try server.database.block(try Cid.sha256(codec: .raw, digest: Hash.sha256(block))) == nil)

            let data = WriterData(controller: a).serialize()
            let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(data))
            let pointer = try await Self.setPointer(client, anonymous, owner: a, PointerUpdate(original: nil, updated: cid, sequence: 1))
            #expect(pointer.status == .badRequest && ServerHTTPTests.trailer(pointer) == Self.notAllowed(anonymous))
            #expect(try server.database.pointer(writer: a) == nil)
        }
    }

    @Test("a new key becomes the user's writer once the identity's WriterData holds its OwnerProof; a proof for another owner proves nothing")
    func ownerProofAuthorisesWriter() async throws {
        let server = try PeergosServer(dataDirectory: Self.directory())
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-alice".utf8)))
        let home = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-home".utf8)))
        let stray = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-stray".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-login".utf8)))
        let id = alice.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            let (signup, signupData) = try CoreRoutesTests.signup("alice", identity: alice, login: login)
            #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/peergos/v0/core/signup", method: .post, body: signup)) == [1])
            let homeBlock: [UInt8] = Array("home's first block".utf8)
            // Before the proof is published, the new key is refused, as upstream's client never tries.
            #expect(ServerHTTPTests.trailer(try await Self.put(client, [homeBlock], signer: home, owner: id)) == Self.notAllowed(home))

            // The identity publishes a WriterData whose owned-key CHAMP holds home's proof
            // (key: the reversed key hash CBOR, as upstream's OwnedKeyChamp), and names a proof by
            // `stray` that signs a different owner.
            let store = RecordingBlockStore()
            let proof = try store.put(OwnerProof.build(owned: home, owner: id).serialize(), codec: .dagCbor)
            let champ = Champ(hasher: .identity, store: store)
            let owned = try champ.put(root: try champ.createEmpty(), key: Array(home.publicKey.publicKeyHash.serialize().reversed()), value: proof, expected: nil)
            let forged = OwnerProof.build(owned: stray, owner: home.publicKey.publicKeyHash)
            let data = try store.put(WriterData(controller: id, ownedKeys: owned, namedOwnedKeys: ["stray": forged]).serialize(), codec: .dagCbor)
            #expect(try await Self.put(client, Array(store.blocks.values), signer: alice, owner: id, raw: false).status == .ok)
            let before = try await Self.usage(client, alice)
            let moved = try await Self.setPointer(client, alice, owner: id, PointerUpdate(original: signupData, updated: data, sequence: 2))
            #expect(ServerHTTPTests.bytes(moved) == [1])

            // Now home writes, charged to alice; stray still may not.
            let accepted = try await Self.put(client, [homeBlock], signer: home, owner: id)
            #expect(accepted.status == .ok)
            #expect(try await Self.usage(client, alice) == before + Int64(homeBlock.count))
            #expect(try server.database.writerOwner(home.publicKey.publicKeyHash) == "alice")
            #expect(ServerHTTPTests.trailer(try await Self.put(client, [homeBlock], signer: stray, owner: id)) == Self.notAllowed(stray))
            #expect(try server.database.writerOwner(stray.publicKey.publicKeyHash) == nil)

            // home publishes its own WriterData and pointer.
            let homeData = WriterData(controller: home.publicKey.publicKeyHash).serialize()
            #expect(try await Self.put(client, [homeData], signer: home, owner: id, raw: false).status == .ok)
            let homeCid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(homeData))
            #expect(ServerHTTPTests.bytes(try await Self.setPointer(client, home, owner: id, PointerUpdate(original: nil, updated: homeCid, sequence: 1))) == [1])
        }
    }

    @Test("a signup whose OpLog publishes an identity WriterData owning a home-directory key registers that key, as upstream's client signs up")
    func signupRegistersOwnedWriter() async throws {
        let server = try PeergosServer(dataDirectory: Self.directory())
        let bob = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-bob".utf8)))
        let home = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-bob-home".utf8)))
        let other = try SigningKeyPair(seed: Hash.sha256(Array("sign:auth-bob-other".utf8)))
        let id = bob.publicKey.publicKeyHash
        let h = home.publicKey.publicKeyHash
        // The OpLog: the home key's WriterData and pointer come first, then the identity's, whose
        // owned-key CHAMP proves home (upstream's OpLog order is not relied on).
        let store = RecordingBlockStore()
        let proof = try store.put(OwnerProof.build(owned: home, owner: id).serialize(), codec: .dagCbor)
        let champ = Champ(hasher: .identity, store: store)
        let owned = try champ.put(root: try champ.createEmpty(), key: Array(h.serialize().reversed()), value: proof, expected: nil)
        let identityData = try store.put(WriterData(controller: id, ownedKeys: owned).serialize(), codec: .dagCbor)
        let homeDataBytes = WriterData(controller: h).serialize()
        let homeData = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(homeDataBytes))
        var ops: [CborObject] = [
            BlockWrite(writer: h, signature: home.signMessage(Hash.sha256(homeDataBytes)), block: homeDataBytes, isRaw: false).toCbor(),
            PointerWrite(writer: h, signedUpdate: home.signMessage(try PointerUpdate(original: nil, updated: homeData, sequence: 1).serialize())).toCbor(),
        ]
        for block in store.blocks.values {
            ops.append(BlockWrite(writer: id, signature: bob.signMessage(Hash.sha256(block)), block: block, isRaw: false).toCbor())
        }
        ops.append(PointerWrite(writer: id, signedUpdate: bob.signMessage(try PointerUpdate(original: nil, updated: identityData, sequence: 1).serialize())).toCbor())
        let link = UserPublicKeyLink.createInitial(signer: bob, username: "bob", expiry: CoreRoutesTests.expiry, storageProviders: [CoreRoutesTests.provider])[0]
        let body = CoreRoutesTests.stream(["bob", link.serialize(), CborObject.map(["ops": .list(ops)]).serialize(), CoreRoutesTests.pow, ""])
        // For later: a WriterData for `other`, and the identity's next WriterData proving it.
        let otherDataBytes = WriterData(controller: other.publicKey.publicKeyHash).serialize()
        let otherData = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(otherDataBytes))
        let signedUp = Set(store.blocks.keys)
        let otherProof = try store.put(OwnerProof.build(owned: other, owner: id).serialize(), codec: .dagCbor)
        let owned2 = try champ.put(root: owned, key: Array(other.publicKey.publicKeyHash.serialize().reversed()), value: otherProof, expected: nil)
        let identityData2 = try store.put(WriterData(controller: id, ownedKeys: owned2).serialize(), codec: .dagCbor)
        let added = store.blocks.filter { !signedUp.contains($0.key) }.map(\.value)
        try await server.application(port: 0).test(.live) { client in
            #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/peergos/v0/core/signup", method: .post, body: body)) == [1])
            #expect(try server.database.writerOwner(h) == "bob")
            #expect(try await Self.put(client, [Array("home block".utf8)], signer: home, owner: id).status == .ok)
            // A setPointers commit may move the identity to a WriterData proving a new key and,
            // later in the same commit, that key's first pointer (its WriterData block written by bob).
            #expect(try await Self.put(client, [otherDataBytes], signer: bob, owner: id, raw: false).status == .ok)
            #expect(try await Self.put(client, added, signer: bob, owner: id, raw: false).status == .ok)
            let commit = CborObject.map(["p": .list([
                .map(["w": id.toCbor(), "s": .bytes(bob.signMessage(try PointerUpdate(original: identityData, updated: identityData2, sequence: 2).serialize()))]),
                .map(["w": other.publicKey.publicKeyHash.toCbor(),
                      "s": .bytes(other.signMessage(try PointerUpdate(original: nil, updated: otherData, sequence: 1).serialize()))]),
            ])]).serialize()
            let committed = try await client.execute(uri: "/peergos/v0/mutable/setPointers?owner=\(id)", method: .post, body: ByteBuffer(bytes: commit))
            #expect(ServerHTTPTests.bytes(committed) == [1], "\(ServerHTTPTests.trailer(committed))")
            #expect(try server.database.writerOwner(other.publicKey.publicKeyHash) == "bob")
        }
    }

    @Test("the quota edge, exact to the byte: a put reaching the quota is accepted, one byte more is refused with upstream's message")
    func quotaEdge() async throws {
        let quota: Int64 = 20_000
        let server = try PeergosServer(dataDirectory: Self.directory(), defaultQuota: quota)
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:quota-alice".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:quota-login".utf8)))
        let id = alice.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/peergos/v0/core/signup", method: .post,
                                                                   body: try CoreRoutesTests.signup("alice", identity: alice, login: login).body)) == [1])
            let quotaAnswer = try await client.execute(uri: "/peergos/v0/storage/quota?owner=\(id)&auth=\(AccountRoutesTests.signedTime(alice))", method: .post)
            #expect(try CborObject.decode(ServerHTTPTests.bytes(quotaAnswer)) == .integer(quota))
            let used = try await Self.usage(client, alice)
            #expect(used > 0 && used < quota)
            let room = Int(quota - used)

            func message(used: Int64, size: Int) -> String {
                "Storage quota reached! \nUsed \(used) out of \(quota) bytes. Rejecting write of size \(size). \nPlease delete some files or request more space."
            }
            // One byte too many: refused, nothing stored, usage unchanged.
            let over = [UInt8](repeating: 1, count: room + 1)
            let refused = try await Self.put(client, [over], signer: alice, owner: id)
            #expect(refused.status == .badRequest && ServerHTTPTests.trailer(refused) == message(used: used, size: room + 1))
            #expect(try server.database.block(try Cid.sha256(codec: .raw, digest: Hash.sha256(over))) == nil)
            #expect(try await Self.usage(client, alice) == used)
            // Exactly the room left, split over two blocks of one put: accepted; usage is the quota.
            let exact = [[UInt8](repeating: 2, count: room / 2), [UInt8](repeating: 3, count: room - room / 2)]
            #expect(try await Self.put(client, exact, signer: alice, owner: id).status == .ok)
            #expect(try await Self.usage(client, alice) == quota)
            // Then one byte: refused.
            let oneByte = try await Self.put(client, [[4]], signer: alice, owner: id)
            #expect(ServerHTTPTests.trailer(oneByte) == message(used: quota, size: 1))
        }
        // The storage layer's refusal is typed.
        #expect(throws: ServerStorageError.quotaExceeded(used: quota, quota: quota, requested: 5)) {
            try server.database.putBlocks([(try Cid.sha256(codec: .raw, digest: Hash.sha256([5, 5, 5, 5, 5])), [5, 5, 5, 5, 5])], chargedTo: "alice", quota: quota)
        }
        #expect(ServerStorageError.quotaExceeded(used: 1, quota: 1, requested: 1).code == "storage.quota_exceeded")
    }
}
