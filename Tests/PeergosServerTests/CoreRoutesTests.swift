import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServer
import PeergosVectors
import Testing

/// The PKI routes: signup (claim + writes applied atomically), lookups, chain updates, refusals.
@Suite("PKI routes over HTTP")
struct CoreRoutesTests {
    static func stream(_ fields: [Any]) -> ByteBuffer {
        var out: [UInt8] = []
        func int32(_ n: Int) { out += [UInt8(n >> 24 & 0xff), UInt8(n >> 16 & 0xff), UInt8(n >> 8 & 0xff), UInt8(n & 0xff)] }
        for f in fields {
            if let s = f as? String { int32(s.utf8.count); out += Array(s.utf8) }
            if let b = f as? [UInt8] { int32(b.count); out += b }
        }
        return ByteBuffer(bytes: out)
    }

    static let expiry = try! PKIDate("2030-06-15")
    static let provider = try! Multihash.sha256(digest: Hash.sha256(Array("node".utf8))).bytes
    static let pow = CborObject.map(["prefix": .bytes([UInt8](repeating: 0, count: 8)), "type": .integer(0x12)]).serialize()

    /// A signup body: the claim, an OpLog with the identity's WriterData block and pointer, and login data.
    static func signup(_ name: String, identity: SigningKeyPair, login: SigningKeyPair, mirrorBat: CborObject? = nil) throws -> (body: ByteBuffer, writerData: Cid) {
        let link = UserPublicKeyLink.createInitial(signer: identity, username: name, expiry: expiry, storageProviders: [provider])[0]
        let id = identity.publicKey.publicKeyHash
        let wd = WriterData(controller: id, algorithm: .default(extraSalt: "00")).serialize()
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(wd))
        let pointer = identity.signMessage(try PointerUpdate(original: nil, updated: cid, sequence: 1).serialize())
        let random = DetRandom(label: "signup-\(name)")
        let entry = EntryPoints(entries: [], boxingKeyPair: nil, identity: identity)
        let loginData = LoginData(username: name, entryPoints: .encrypt(entry, rootKey: .random(using: random), random: random), authorisedReader: login.publicKey)
        var opLog: CborMap = [
            "ops": .list([BlockWrite(writer: id, signature: identity.signMessage(Hash.sha256(wd)), block: wd, isRaw: false).toCbor(),
                          PointerWrite(writer: id, signedUpdate: pointer).toCbor()]),
            "login": loginData.toCbor(), "loginAuth": .bytes(identity.secretKey.signatureOnly(loginData.serialize())),
        ]
        if let mirrorBat { opLog["b"] = mirrorBat }
        return (stream([name, link.serialize(), CborObject.map(opLog).serialize(), pow, ""]), cid)
    }

    @Test("signup, lookups, key change, and the refusals")
    func pki() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-pki-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir)
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:core-alice".utf8)))
        let alice2 = try SigningKeyPair(seed: Hash.sha256(Array("sign:core-alice2".utf8)))
        let mallory = try SigningKeyPair(seed: Hash.sha256(Array("sign:core-mallory".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:core-login".utf8)))
        try await server.application(port: 0).test(.live) { client in
            func post(_ path: String, _ body: ByteBuffer) async throws -> TestResponse { try await client.execute(uri: path, method: .post, body: body) }
            #expect(Array(try await post("/peergos/v0/core/getChain", Self.stream(["alice"])).body.readableBytesView) == [0x80])

            let (body, wd) = try Self.signup("alice", identity: alice, login: login)
            let signed = try await post("/peergos/v0/core/signup", body)
            #expect(signed.status == .ok && Array(signed.body.readableBytesView) == [1])
            // The OpLog's writes landed with the claim.
            let id = alice.publicKey.publicKeyHash
            let pointer = try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(id)&writer=\(id)", method: .post)
            #expect(try PointerUpdate(cbor: CborObject.decode(try alice.publicKey.unsignMessage(Array(pointer.body.readableBytesView)))).updated == wd)
            #expect(try server.database.login(username: "alice")?.reader == login.publicKey.serialize())

            let chain = Array(try await post("/peergos/v0/core/getChain", Self.stream(["alice"])).body.readableBytesView)
            #expect(try PKIChainBlock.decode(chain).last?.owner == id)
            let key = Array(try await post("/peergos/v0/core/getPublicKey", Self.stream(["alice"])).body.readableBytesView)
            #expect(key.first == 1 && Array(key.dropFirst(5)) == id.serialize())
            #expect(Array(try await post("/peergos/v0/core/getPublicKey", Self.stream(["nobody"])).body.readableBytesView) == [0])
            let name = Array(try await post("/peergos/v0/core/getUsername", Self.stream([id.serialize()])).body.readableBytesView)
            #expect(String(decoding: name.dropFirst(4), as: UTF8.self) == "alice")
            #expect(try await post("/peergos/v0/core/getUsername", Self.stream([mallory.publicKey.publicKeyHash.serialize()])).status == .badRequest)

            // Refusals: the name again (another key), a reserved name, a bad username, a claim signed by the wrong key, a truncated body.
            #expect(try await post("/peergos/v0/core/signup", try Self.signup("alice", identity: mallory, login: login).body).status == .badRequest)
            #expect(try await post("/peergos/v0/core/signup", try Self.signup("admin", identity: mallory, login: login).body).status == .badRequest)
            #expect(try await post("/peergos/v0/core/signup", try Self.signup("Bad_Name", identity: mallory, login: login).body).status == .badRequest)
            let stolen = UserPublicKeyLink(owner: mallory.publicKey.publicKeyHash,
                                           claim: UserPublicKeyLink.createInitial(signer: alice, username: "eve", expiry: Self.expiry, storageProviders: [Self.provider])[0].claim)
            #expect(try await post("/peergos/v0/core/signup", Self.stream(["eve", stolen.serialize(), CborObject.map(["ops": .list([])]).serialize(), Self.pow, ""])).status == .badRequest)
            #expect(try await post("/peergos/v0/core/signup", ByteBuffer(bytes: [0, 0, 0])).status == .badRequest)
            #expect(try await post("/peergos/v0/core/getChain", ByteBuffer(bytes: [0, 0, 0, 9, 1])).status == .badRequest)

            // Key change from alice to alice2 is accepted; a takeover by mallory is not.
            let change = UserPublicKeyLink.createChain(old: alice, new: alice2, username: "alice", expiry: Self.expiry, storageProviders: [Self.provider])
            let updated = try await post("/peergos/v0/core/updateChain", Self.stream(["alice", PKIChainBlock.encode(change), Self.pow, ""]))
            #expect(Array(updated.body.readableBytesView) == [1])
            let afterChange = Array(try await post("/peergos/v0/core/getPublicKey", Self.stream(["alice"])).body.readableBytesView)
            #expect(Array(afterChange.dropFirst(5)) == alice2.publicKey.publicKeyHash.serialize())
            let takeover = UserPublicKeyLink.createInitial(signer: mallory, username: "alice", expiry: try PKIDate("2031-01-01"), storageProviders: [Self.provider])
            let refused = try await post("/peergos/v0/core/updateChain", Self.stream(["alice", PKIChainBlock.encode(takeover), Self.pow, ""]))
            #expect(refused.status == .badRequest)
            #expect(try await post("/peergos/v0/core/updateChain", Self.stream(["nobody", PKIChainBlock.encode(takeover), Self.pow, ""])).status == .badRequest)
        }
    }
}
