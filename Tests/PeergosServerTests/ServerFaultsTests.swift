import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
@_spi(FaultInjection) import PeergosServer
import PeergosVectors
import Testing

/// Each `ServerFaults` switch breaks what it says: the same request is refused by the ordinary
/// server (`faults: []`, with the refusal asserted) and let through, or answered wrongly, by a
/// server with only that fault.
@Suite("Server fault injection")
struct ServerFaultsTests {
    typealias Client = any TestClientProtocol

    /// A fresh server with `faults`, on which `ServerHTTPTests.writer`, `.stranger` and `writers`
    /// may write (as `ServerHTTPTests.server` registers them), serving `body` over loopback.
    static func run(_ faults: ServerFaults, writers: [SigningKeyPair] = [], _ body: @Sendable (PeergosServer, Client) async throws -> Void) async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-faults-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try PeergosServer(dataDirectory: dir, faults: faults)
        for (i, key) in ([ServerHTTPTests.writer, ServerHTTPTests.stranger] + writers).enumerated() {
            try server.database.registerWriters([key.publicKey.publicKeyHash], username: "test-user-\(i)")
        }
        try await server.application(port: 0).test(.live) { client in try await body(server, client) }
    }

    static func post(_ client: Client, _ uri: String, _ body: [UInt8] = []) async throws -> TestResponse {
        try await client.execute(uri: uri, method: .post, body: ByteBuffer(bytes: body))
    }

    static let writer = ServerHTTPTests.writer
    static let w = writer.publicKey.publicKeyHash

    /// Puts `writer`'s WriterData (properly signed) and returns its CID, so pointer updates to it
    /// pass the controller rule.
    static func writerData(_ client: Client, salt: String = "00") async throws -> Cid {
        let bytes = WriterData(controller: w, algorithm: .default(extraSalt: salt)).serialize()
        let put = try await WriterAuthorisationTests.put(client, [bytes], signer: writer, owner: w, raw: false)
        #expect(put.status == .ok, "\(ServerHTTPTests.trailer(put))")
        return try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(bytes))
    }

    static func setPointer(_ client: Client, _ signed: [UInt8]) async throws -> TestResponse {
        try await post(client, "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", signed)
    }

    @Test("the SPI initialisers carry the faults; the public ones mean none")
    func threaded() async throws {
        try await LoopbackServer.with(faults: [.dropTrailer, .corruptBlocks]) { s in #expect(s.server.faults == [.dropTrailer, .corruptBlocks]) }
        try await LoopbackServer.with { s in #expect(s.server.faults == []) }
        #expect(try ServerHTTPTests.server().faults == [])
    }

    @Test("acceptForgedSignatures: blocks and pointer updates signed by the wrong key, or not at all, are accepted")
    func acceptForgedSignatures() async throws {
        let block: [UInt8] = Array("forged block".utf8)
        // `writer`'s block, signed by `stranger`.
        let forgedBlock = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(ServerHTTPTests.stranger.signMessage(Hash.sha256(block)))])]).serialize()
        let blockCid = try Cid.sha256(codec: .raw, digest: Hash.sha256(block))
        let putPath = "/api/v0/block/put/bulk?format=raw&owner=\(Self.w)&writer=\(Self.w)"
        for faults: ServerFaults in [[], .acceptForgedSignatures] {
            try await Self.run(faults) { server, client in
                let put = try await Self.post(client, putPath, forgedBlock)
                let data = try await Self.writerData(client)
                let payload = try PointerUpdate(original: nil, updated: data, sequence: 1).serialize()
                // Signed by the wrong key, then a garbage signature over the same payload.
                let wrongKey = try await Self.setPointer(client, ServerHTTPTests.stranger.signMessage(payload))
                let garbage = [UInt8](repeating: 7, count: 64) + payload
                let garbageAnswer = try await Self.setPointer(client, garbage)
                if faults.isEmpty {
                    #expect(put.status == .badRequest && ServerHTTPTests.trailer(put) == "Invalid signature for block!")
                    #expect(try server.database.block(blockCid) == nil)
                    #expect(ServerHTTPTests.bytes(wrongKey) == [0] && ServerHTTPTests.bytes(garbageAnswer) == [0])
                    #expect(try server.database.pointer(writer: Self.w) == nil)
                } else {
                    #expect(put.status == .ok && ServerHTTPTests.bytes(put) == Array("{\"Hash\":\"\(blockCid)\"}".utf8))
                    #expect(try server.database.block(blockCid) == block)
                    #expect(ServerHTTPTests.bytes(wrongKey) == [1])
                    // The garbage-signed update moves from the stored (forged) one: the CAS rules still apply.
                    #expect(garbageAnswer.status == .badRequest && ServerHTTPTests.trailer(garbageAnswer).hasPrefix("PointerCAS:"))
                    let next = [UInt8](repeating: 7, count: 64) + (try PointerUpdate(original: data, updated: try await Self.writerData(client, salt: "01"), sequence: 2).serialize())
                    #expect(ServerHTTPTests.bytes(try await Self.setPointer(client, next)) == [1])
                    #expect(try server.database.pointer(writer: Self.w) == next)
                }
            }
        }
    }

    @Test("ignoreCompareAndSwap: a wrong original or a non-increasing sequence is accepted, and two writers from one base both succeed")
    func ignoreCompareAndSwap() async throws {
        for faults: ServerFaults in [[], .ignoreCompareAndSwap] {
            try await Self.run(faults) { server, client in
                let base = try await Self.writerData(client, salt: "00")
                let a = try await Self.writerData(client, salt: "0a")
                let b = try await Self.writerData(client, salt: "0b")
                #expect(ServerHTTPTests.bytes(try await Self.setPointer(client, Self.writer.signMessage(try PointerUpdate(original: nil, updated: base, sequence: 1).serialize()))) == [1])
                // Two writers read the same base and move it.
                let first = try await Self.setPointer(client, Self.writer.signMessage(try PointerUpdate(original: base, updated: a, sequence: 2).serialize()))
                let second = try await Self.setPointer(client, Self.writer.signMessage(try PointerUpdate(original: base, updated: b, sequence: 2).serialize()))
                #expect(ServerHTTPTests.bytes(first) == [1])
                // A stale sequence with the right original.
                let stale = Self.writer.signMessage(try PointerUpdate(original: faults.isEmpty ? a : b, updated: base, sequence: 1).serialize())
                let staleAnswer = try await Self.setPointer(client, stale)
                if faults.isEmpty {
                    #expect(second.status == .badRequest && ServerHTTPTests.trailer(second) == "PointerCAS:\(a),2,claimed")
                    #expect(staleAnswer.status == .badRequest && ServerHTTPTests.trailer(staleAnswer) == "Invalid sequence number update")
                    let stored = try #require(try server.database.pointer(writer: Self.w))
                    #expect(try PointerUpdate(cbor: CborObject.decode(try Self.writer.publicKey.unsignMessage(stored))).updated == a)
                } else {
                    #expect(ServerHTTPTests.bytes(second) == [1])
                    #expect(ServerHTTPTests.bytes(staleAnswer) == [1])
                    #expect(try server.database.pointer(writer: Self.w) == stale)
                }
            }
        }
    }

    @Test("corruptBlocks: block/get and champ/get/bulk serve every block with one byte flipped")
    func corruptBlocks() async throws {
        let store = RecordingBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var root = try champ.createEmpty()
        let keys = (0..<3).map(LookupAndSpaceRoutesTests.key)
        for (i, key) in keys.enumerated() { root = try champ.put(root: root, key: key, value: try store.put(CborObject.text("value-\(i)").serialize(), codec: .dagCbor), expected: nil) }
        let champRoot = root
        for faults: ServerFaults in [[], .corruptBlocks] {
            try await Self.run(faults) { _, client in
                try await LookupAndSpaceRoutesTests.upload(store, client, signer: Self.writer)
                let got = ServerHTTPTests.bytes(try await Self.post(client, "/api/v0/block/get?arg=\(champRoot)"))
                let original = try #require(store.blocks[champRoot])
                let bulk = try await Self.post(client, "/api/v0/champ/get/bulk?arg=\(champRoot)&caps=\(LookupAndSpaceRoutesTests.caps(keys))")
                let served = try CborObject.decode(ServerHTTPTests.bytes(bulk)).asList("blocks").map { try $0.asBytes("block") }
                #expect(served.count >= 4)  // the root and three values at least
                let stored = Set(store.blocks.values)
                if faults.isEmpty {
                    #expect(got == original)
                    #expect(served.allSatisfy { stored.contains($0) })
                } else {
                    #expect(got.count == original.count && zip(got, original).filter { $0 != $1 }.count == 1)
                    #expect(!served.contains { stored.contains($0) })
                }
            }
        }
    }

    @Test("dropTrailer: a refusal is a bare 400, without the Trailer message")
    func dropTrailer() async throws {
        for faults: ServerFaults in [[], .dropTrailer] {
            try await Self.run(faults) { _, client in
                let refused = try await Self.post(client, "/api/v0/block/get?arg=zz")
                #expect(refused.status == .badRequest)
                #expect(ServerHTTPTests.bytes(refused).isEmpty)
                let trailer = refused.headers[HTTPField.Name("Trailer")!]
                if faults.isEmpty { #expect(ServerHTTPTests.trailer(refused).hasPrefix("Invalid cid zz")) } else { #expect(trailer == nil) }
                // Answers that are not refusals are untouched.
                #expect(ServerHTTPTests.bytes(try await Self.post(client, "/api/v0/block/stat?arg=\(try Cid.sha256(codec: .raw, digest: Hash.sha256([1])))")) == Array("{\"Size\":0}".utf8))
            }
        }
    }

    @Test("acceptInvalidChains: signup with a bad claim signature or an over-long username, and a chain update expiring early, are stored as sent")
    func acceptInvalidChains() async throws {
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:faults-alice".utf8)))
        let mallory = try SigningKeyPair(seed: Hash.sha256(Array("sign:faults-mallory".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:faults-login".utf8)))
        let longName = String(repeating: "a", count: UsernameClaim.maximumUsernameLength + 1)
        // Mallory's key, alice's signature on the claim.
        let stolen = UserPublicKeyLink(owner: mallory.publicKey.publicKeyHash,
                                       claim: UserPublicKeyLink.createInitial(signer: alice, username: "eve", expiry: CoreRoutesTests.expiry, storageProviders: [CoreRoutesTests.provider])[0].claim)
        let stolenBody = CoreRoutesTests.stream(["eve", stolen.serialize(), CborObject.map(["ops": .list([])]).serialize(), CoreRoutesTests.pow, ""])
        // A renewal of alice's claim that expires before her current one.
        let early = UserPublicKeyLink.createInitial(signer: alice, username: "alice", expiry: try PKIDate("2029-01-01"), storageProviders: [CoreRoutesTests.provider])
        let earlyBody = CoreRoutesTests.stream(["alice", PKIChainBlock.encode(early), CoreRoutesTests.pow, ""])
        for faults: ServerFaults in [[], .acceptInvalidChains] {
            try await Self.run(faults) { server, client in
                #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/peergos/v0/core/signup", method: .post,
                                                                       body: try CoreRoutesTests.signup("alice", identity: alice, login: login).body)) == [1])
                let eve = try await client.execute(uri: "/peergos/v0/core/signup", method: .post, body: stolenBody)
                let long = try await client.execute(uri: "/peergos/v0/core/signup", method: .post,
                                                    body: try CoreRoutesTests.signup(longName, identity: mallory, login: login).body)
                let update = try await client.execute(uri: "/peergos/v0/core/updateChain", method: .post, body: earlyBody)
                if faults.isEmpty {
                    #expect(eve.status == .badRequest && ServerHTTPTests.trailer(eve) == "Invalid claim chain: claimSignatureInvalid (link 0)")
                    #expect(long.status == .badRequest && ServerHTTPTests.trailer(long) == "Invalid username \(longName)")
                    #expect(update.status == .badRequest && ServerHTTPTests.trailer(update) == PKIError.expiryBeforeExisting.description)
                    #expect(try server.database.chain(username: "eve") == nil && server.database.chain(username: longName) == nil)
                    #expect(try PKIChainBlock.decode(try #require(try server.database.chain(username: "alice"))).last?.owner == alice.publicKey.publicKeyHash)
                } else {
                    #expect(ServerHTTPTests.bytes(eve) == [1] && ServerHTTPTests.bytes(long) == [1] && ServerHTTPTests.bytes(update) == [1])
                    #expect(try server.database.chain(username: "eve") == PKIChainBlock.encode([stolen]))
                    #expect(try server.database.chain(username: longName) != nil)
                    #expect(try server.database.chain(username: "alice") == PKIChainBlock.encode(early))
                }
            }
        }
    }

    @Test("serveExpiredLinks: an expired secret link and one past its retrievals are served")
    func serveExpiredLinks() async throws {
        let random = DetRandom(label: "fault-secret-links")
        let store = RecordingBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var links = try champ.createEmpty()
        func labelKey(_ label: Int64) -> [UInt8] { Hash.sha256((0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) }) }
        func capability(_ n: Int) -> EncryptedCapability {
            EncryptedCapability(cipherText: CipherText.build(key: SymmetricKey.random(using: random), plaintext: .text("cap-\(n)"), random: random), hasUserPassword: false)
        }
        let expired = SecretLinkTarget(capability: capability(1), expiry: Int64(Date().timeIntervalSince1970) - 60, maxRetrievals: nil)
        let once = SecretLinkTarget(capability: capability(2), expiry: nil, maxRetrievals: 1)
        for (label, target) in [(Int64(1), expired), (2, once)] {
            links = try champ.put(root: links, key: labelKey(label), value: try store.put(target.serialize(), codec: .dagCbor), expected: nil)
        }
        let wd = try store.put(WriterData(controller: Self.w, secretLinks: links).serialize(), codec: .dagCbor)
        for faults: ServerFaults in [[], .serveExpiredLinks] {
            try await Self.run(faults) { _, client in
                try await LookupAndSpaceRoutesTests.upload(store, client, signer: Self.writer)
                #expect(ServerHTTPTests.bytes(try await Self.setPointer(client, Self.writer.signMessage(try PointerUpdate(original: nil, updated: wd, sequence: 1).serialize()))) == [1])
                let first = try await Self.post(client, "/api/v0/link/get?owner=\(Self.w)&label=1")
                #expect(ServerHTTPTests.bytes(try await Self.post(client, "/api/v0/link/get?owner=\(Self.w)&label=2")) == once.capability.serialize())
                let second = try await Self.post(client, "/api/v0/link/get?owner=\(Self.w)&label=2")
                if faults.isEmpty {
                    #expect(ServerHTTPTests.trailer(first) == "Secret link expired!")
                    #expect(second.status == .badRequest && ServerHTTPTests.trailer(second) == "Maximum link retrievals exceed!")
                } else {
                    #expect(ServerHTTPTests.bytes(first) == expired.capability.serialize())
                    #expect(ServerHTTPTests.bytes(second) == once.capability.serialize())
                }
            }
        }
    }

    @Test("allowUnregisteredWriters: a key no user owns can put blocks and set its pointer")
    func allowUnregisteredWriters() async throws {
        let anonymous = try SigningKeyPair(seed: Hash.sha256(Array("sign:faults-anonymous".utf8)))
        let a = anonymous.publicKey.publicKeyHash
        let data = WriterData(controller: a).serialize()
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(data))
        for faults: ServerFaults in [[], .allowUnregisteredWriters] {
            try await Self.run(faults) { server, client in
                let put = try await WriterAuthorisationTests.put(client, [data], signer: anonymous, owner: a, raw: false)
                let pointer = try await WriterAuthorisationTests.setPointer(client, anonymous, owner: a, PointerUpdate(original: nil, updated: cid, sequence: 1))
                if faults.isEmpty {
                    #expect(put.status == .badRequest && ServerHTTPTests.trailer(put) == WriterAuthorisationTests.notAllowed(anonymous))
                    #expect(pointer.status == .badRequest && ServerHTTPTests.trailer(pointer) == WriterAuthorisationTests.notAllowed(anonymous))
                    #expect(try server.database.block(cid) == nil && server.database.pointer(writer: a) == nil)
                } else {
                    #expect(put.status == .ok && ServerHTTPTests.bytes(pointer) == [1])
                    #expect(try server.database.block(cid) == data && server.database.pointer(writer: a) != nil)
                    #expect(try server.database.writerOwner(a) == nil)
                }
            }
        }
    }

    @Test("internalErrorOnMalformedInput: unparseable parameters and bodies get 500; other refusals stay 400")
    func internalErrorOnMalformedInput() async throws {
        let malformed: [(String, [UInt8])] = [
            ("/api/v0/block/get?arg=zz", []),                       // bad CID text
            ("/peergos/v0/mutable/getPointer?writer=zz", []),       // bad key-hash text
            ("/api/v0/block/get", []),                              // missing parameter
            ("/peergos/v0/core/getChain", [0, 0, 0, 9, 1]),         // truncated DataStream
            ("/peergos/v0/mutable/setPointers", [0xff]),            // malformed CBOR
            ("/api/v0/block/put/bulk?format=raw&owner=\(Self.w)&writer=\(Self.w)", [0xa1, 0x61, 0x62, 0x01]),  // CBOR of the wrong shape
        ]
        for faults: ServerFaults in [[], .internalErrorOnMalformedInput] {
            try await Self.run(faults) { _, client in
                for (path, body) in malformed {
                    let r = try await Self.post(client, path, body)
                    #expect(r.status == (faults.isEmpty ? .badRequest : .internalServerError), "\(path)")
                }
                // Well-formed but refused: 400 either way.
                let refused = try await Self.post(client, "/api/v0/block/put/bulk?format=raw&owner=\(Self.w)&writer=\(Self.w)",
                                                  Array(ServerHTTPTests.bulk([[1, 2, 3]], signer: ServerHTTPTests.stranger).readableBytesView))
                #expect(refused.status == .badRequest && ServerHTTPTests.trailer(refused) == "Invalid signature for block!")
            }
        }
    }
}
