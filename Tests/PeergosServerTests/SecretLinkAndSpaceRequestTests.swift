import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServer
import PeergosStorage
import PeergosVectors
import Testing

/// `link/get` over a links CHAMP whose root carries a mirror BAT (the map form upstream's
/// SecretLinkChamp writes), `champ/get/bulk` over such a root, and `storage/request` (the signed
/// space request `requestSpace` and `deleteAccount` send), over HTTP.
@Suite("Secret links over a BAT root; space requests")
struct SecretLinkAndSpaceRequestTests {
    static let writer = try! SigningKeyPair(seed: Hash.sha256(Array("sign:bat-links-writer".utf8)))
    static let mirrorBat = try! Cid.sha256(codec: .raw, digest: Hash.sha256(Hash.sha256(Array("mirror-bat".utf8))))
    static func labelKey(_ label: Int64) -> [UInt8] { Hash.sha256((0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) }) }
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    @Test("link/get reads a links CHAMP in the map form: served, max 1 retrieval, expired and absent labels refused with upstream's messages; champ/get/bulk walks the map-form root")
    func batLinks() async throws {
        let server = try ServerHTTPTests.server(writers: [Self.writer])
        let w = Self.writer.publicKey.publicKeyHash
        let random = DetRandom(label: "bat-links")
        let store = RecordingBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        func capability(_ n: Int64) -> EncryptedCapability {
            EncryptedCapability(cipherText: CipherText.build(key: SymmetricKey.random(using: random), plaintext: .text("cap-\(n)"), random: random), hasUserPassword: false)
        }
        let now = Int64(Date().timeIntervalSince1970)
        // 40 links, so the root (map form, with the BAT) has plain child nodes too.
        var table: [Int64: SecretLinkTarget] = [:]
        for label in Int64(1)...40 { table[label] = SecretLinkTarget(capability: capability(label), expiry: nil, maxRetrievals: nil) }
        table[2] = SecretLinkTarget(capability: capability(2), expiry: nil, maxRetrievals: 1)
        table[3] = SecretLinkTarget(capability: capability(3), expiry: now - 60, maxRetrievals: nil)
        table[4] = SecretLinkTarget(capability: capability(4), expiry: now + 3600, maxRetrievals: 5)
        var root = try champ.createEmpty(mirrorBat: Self.mirrorBat)
        for label in table.keys.sorted() {
            let value = try store.put(table[label]!.serialize(), codec: .dagCbor)
            root = try champ.put(root: root, key: Self.labelKey(label), value: value, expected: nil, mirrorBat: Self.mirrorBat)
        }
        let targets = table
        let links = root
        let value7 = try champ.get(root: links, key: Self.labelKey(7))
        let value33 = try champ.get(root: links, key: Self.labelKey(33))
        #expect(value7 != nil && value33 != nil)
        let rootNode = try ChampNode(bytes: try store.get(links)!)
        #expect(rootNode.mirrorBat == Self.mirrorBat)
        #expect(try store.get(links)!.first == 0xa2)  // the map form
        #expect(rootNode.contents.contains { if case .child = $0 { return true } else { return false } })
        let rootBytes = try store.get(links)
        let wd = try store.put(WriterData(controller: w, secretLinks: links).serialize(), codec: .dagCbor)

        try await server.application(port: 0).test(.live) { client in
            try await LookupAndSpaceRoutesTests.upload(store, client, signer: Self.writer)
            let pointer = Self.writer.signMessage(try PointerUpdate(original: nil, updated: wd, sequence: 1).serialize())
            #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", method: .post, body: ByteBuffer(bytes: pointer))) == [1])
            func get(_ label: Int64) async throws -> TestResponse {
                try await client.execute(uri: "/api/v0/link/get?owner=\(w)&label=\(label)", method: .post)
            }
            // Every plain link is served, wherever it sits in the tree.
            for label in Int64(5)...40 {
                let answer = try await get(label)
                #expect(answer.status == .ok && ServerHTTPTests.bytes(answer) == targets[label]!.capability.serialize(), "label \(label)")
            }
            #expect(ServerHTTPTests.bytes(try await get(1)) == targets[1]!.capability.serialize())
            // Max 1 retrieval: the first is served, the second refused.
            let first = try await get(2)
            #expect(first.status == .ok && ServerHTTPTests.bytes(first) == targets[2]!.capability.serialize())
            let second = try await get(2)
            #expect(second.status == .badRequest && ServerHTTPTests.trailer(second) == "Maximum link retrievals exceed!")
            // The count is durable: still refused after the first refusal, and kept in the database.
            #expect(try await get(2).status == .badRequest)
            #expect(try server.database.countLinkRetrieval(owner: w, label: 2, limit: 1) == false)
            // Expired.
            let expired = try await get(3)
            #expect(expired.status == .badRequest && ServerHTTPTests.trailer(expired) == "Secret link expired!")
            // Not yet expired, under its limit.
            #expect(ServerHTTPTests.bytes(try await get(4)) == targets[4]!.capability.serialize())
            // Absent label.
            let absent = try await get(41)
            #expect(absent.status == .badRequest && ServerHTTPTests.trailer(absent) == "No secret link present!")

            // champ/get/bulk over the map-form root: the blocks returned verify each lookup locally.
            let keys = [Self.labelKey(7), Self.labelKey(33), Self.labelKey(41)]
            let caps = Multibase.encode(CborObject.list(keys.map { .map(["m": .bytes($0)]) }).serialize(), .base58btc)
            let bulk = try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(links)&caps=\(caps)", method: .post)
            #expect(bulk.status == .ok)
            let blocks = try CborObject.decode(ServerHTTPTests.bytes(bulk)).asList().map { try $0.asBytes() }
            #expect(blocks.first == rootBytes)
            let local = InMemoryBlockStore()
            for block in blocks { _ = try local.put(block, codec: .dagCbor) }  // nodes and SecretLinkTargets are all dag-cbor
            let localChamp = Champ(hasher: .identity, store: local)
            #expect(try localChamp.get(root: links, key: Self.labelKey(7)) == value7)
            #expect(try localChamp.get(root: links, key: Self.labelKey(33)) == value33)
            #expect(try localChamp.get(root: links, key: Self.labelKey(41)) == nil)
        }
    }

    /// A signed `SpaceRequest {u, s, a, t}` of `username` for `bytes`, at `millis`.
    static func spaceRequest(_ username: String, bytes: Int64, signer: SigningKeyPair, millis: Int64 = Int64(Date().timeIntervalSince1970 * 1000)) -> [UInt8] {
        signer.signMessage(CborObject.map(["u": .text(username), "s": .integer(bytes), "a": .bool(false), "t": .integer(millis)]).serialize())
    }

    @Test("storage/request: a request signed by the owner's identity is recorded and answered with PaymentProperties; forged, stale, foreign-name and malformed requests are refused and not recorded")
    func spaceRequests() async throws {
        let server = try ServerHTTPTests.server()
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:request-alice".utf8)))
        let bob = try SigningKeyPair(seed: Hash.sha256(Array("sign:request-bob".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:request-login".utf8)))
        try await server.application(port: 0).test(.live) { client in
            func post(_ path: String, _ body: ByteBuffer = ByteBuffer()) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, body: body)
            }
            let aliceSignup = try CoreRoutesTests.signup("alice", identity: alice, login: login)
            #expect(try await post("/peergos/v0/core/signup", aliceSignup.body).status == .ok)
            #expect(try await post("/peergos/v0/core/signup", try CoreRoutesTests.signup("bob", identity: bob, login: login).body).status == .ok)
            let a = alice.publicKey.publicKeyHash
            func request(_ signed: [UInt8], owner: PublicKeyHash = a) async throws -> TestResponse {
                try await post("/peergos/v0/storage/request?owner=\(owner)&req=\(Self.hex(signed))")
            }
            // deleteAccount's request (1,000,000 bytes), and one for 0 bytes: both recorded.
            let deleting = Self.spaceRequest("alice", bytes: 1_000_000, signer: alice)
            let answer = try await request(deleting)
            #expect(answer.status == .ok)
            let expected = CborObject.map(["annual": .bool(false), "freeQuota": .integer(server.defaultQuota), "nextCharge": .integer(0), "desiredQuota": .integer(0)])
            #expect(try CborObject.decode(ServerHTTPTests.bytes(answer)) == expected)
            // Peergos key order: shorter keys first.
            #expect(ServerHTTPTests.bytes(answer) == expected.serialize())
            let zero = Self.spaceRequest("alice", bytes: 0, signer: alice, millis: Int64(Date().timeIntervalSince1970 * 1000) - 1)
            #expect(try await request(zero).status == .ok)
            // The same signed request again: answered, recorded once.
            #expect(try await request(zero).status == .ok)
            var recorded = try server.database.spaceRequests()
            #expect(recorded.map(\.username) == ["alice", "alice"])
            #expect(recorded.map(\.signedRequest) == [deleting, zero])

            // Forged: signed by bob's key, sent as alice's.
            let forged = try await request(Self.spaceRequest("alice", bytes: 5, signer: bob))
            #expect(forged.status == .badRequest && ServerHTTPTests.trailer(forged) == "Invalid signature for space request")
            // Stale: more than 300 s old (upstream's message).
            let stale = try await request(Self.spaceRequest("alice", bytes: 5, signer: alice, millis: Int64(Date().timeIntervalSince1970 * 1000) - 301_000))
            #expect(stale.status == .badRequest && ServerHTTPTests.trailer(stale).hasPrefix("Stale auth time in space request! "))
            // Bob's name signed by alice's identity.
            let foreign = try await request(Self.spaceRequest("bob", bytes: 5, signer: alice))
            #expect(foreign.status == .badRequest)
            // Not a SpaceRequest, not hex, an owner with no account.
            #expect(try await request(alice.signMessage(CborObject.integer(1).serialize())).status == .badRequest)
            #expect(try await post("/peergos/v0/storage/request?owner=\(a)&req=zz").status == .badRequest)
            let stranger = try SigningKeyPair(seed: Hash.sha256(Array("sign:request-stranger".utf8)))
            #expect(try await request(Self.spaceRequest("stranger", bytes: 5, signer: stranger), owner: stranger.publicKey.publicKeyHash).status == .badRequest)
            recorded = try server.database.spaceRequests()
            #expect(recorded.count == 2)
            // Bob's own request is his.
            #expect(try await request(Self.spaceRequest("bob", bytes: 7, signer: bob), owner: bob.publicKey.publicKeyHash).status == .ok)
            #expect(try server.database.spaceRequests().map(\.username) == ["alice", "alice", "bob"])

            // The rest of deleteAccount: the identity's pointer is set to empty (sequence + 1).
            let empty = alice.signMessage(try PointerUpdate(original: aliceSignup.writerData, updated: nil, sequence: 2).serialize())
            #expect(ServerHTTPTests.bytes(try await post("/peergos/v0/mutable/setPointer?owner=\(a)&writer=\(a)", ByteBuffer(bytes: empty))) == [1])
            let pointer = try await post("/peergos/v0/mutable/getPointer?owner=\(a)&writer=\(a)")
            #expect(ServerHTTPTests.bytes(pointer) == empty)
        }
    }
}
