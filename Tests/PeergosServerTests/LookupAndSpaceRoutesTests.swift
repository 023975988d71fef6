import CompressNIO
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServer
import PeergosStorage
import PeergosVectors
import Testing

/// A block store that keeps every block written, so a test can upload them to the server.
/// Used from one task at a time.
final class RecordingBlockStore: BlockStore, @unchecked Sendable {
    var blocks: [Cid: [UInt8]] = [:]
    func get(_ cid: Cid) throws -> [UInt8]? { blocks[cid] }
    func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid {
        let cid = try Cid.sha256(codec: codec, digest: Hash.sha256(block))
        blocks[cid] = block
        return cid
    }
}

/// `champ/get/bulk`, `champ/get`, `link/get`, `core/getUsernamesGzip`, `storage/quota|usage`,
/// `bats/getUserBats` and gzip request bodies, over HTTP.
@Suite("Lookup, space and BAT routes over HTTP")
struct LookupAndSpaceRoutesTests {
    static let writer = try! SigningKeyPair(seed: Hash.sha256(Array("sign:lookup-writer".utf8)))
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
    static func bytes(_ r: TestResponse) -> [UInt8] { Array(r.body.readableBytesView) }
    static func key(_ i: Int) -> [UInt8] { Hash.sha256(Array("key-\(i)".utf8)) }
    static func caps(_ keys: [[UInt8]]) -> String {
        Multibase.encode(CborObject.list(keys.map { .map(["m": .bytes($0)]) }).serialize(), .base58btc)
    }

    /// Uploads every block of `store` through signed bulk puts.
    static func upload(_ store: RecordingBlockStore, _ client: some TestClientProtocol, signer: SigningKeyPair = writer) async throws {
        let w = signer.publicKey.publicKeyHash
        let all = Array(store.blocks.values)
        for start in stride(from: 0, to: all.count, by: 200) {
            let chunk = Array(all[start..<min(start + 200, all.count)])
            let put = try await client.execute(uri: "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", method: .post,
                                               body: ServerHTTPTests.bulk(chunk, signer: signer))
            #expect(put.status == .ok, "\(ServerHTTPTests.trailer(put))")
        }
    }

    @Test("champ/get/bulk returns blocks enough to verify each lookup locally; bad roots and caps are refused")
    func champLookups() async throws {
        let server = try ServerHTTPTests.server(writers: [Self.writer])
        let store = RecordingBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var building = try champ.createEmpty()
        var built: [Int: Cid] = [:]
        for i in 0..<300 {
            let value = try store.put(CborObject.map(["v": .integer(Int64(i))]).serialize(), codec: .dagCbor)
            built[i] = value
            building = try champ.put(root: building, key: Self.key(i), value: value, expected: nil)
        }
        let w = Self.writer.publicKey.publicKeyHash
        let (root, values) = (building, built)
        try await server.application(port: 0).test(.live) { client in
            try await Self.upload(store, client)
            // Three present keys and two absent ones.
            let asked = [0, 150, 299, 1000, 1001]
            let response = try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)&caps=\(Self.caps(asked.map(Self.key)))", method: .post)
            #expect(response.status == .ok)
            #expect(response.headers[.eTag] == "\"\(root)\"" && response.headers[.cacheControl] == "public, max-age=31622400 immutable")
            let blocks = try CborObject.decode(Self.bytes(response)).asList().map { try $0.asBytes() }
            #expect(blocks.count == Set(blocks).count)
            // A client holding only these blocks can do every lookup and read every found value.
            let local = InMemoryBlockStore()
            for b in blocks { _ = try local.put(b, codec: .dagCbor) }
            let verifier = Champ(hasher: .identity, store: local)
            for i in asked {
                let found = try verifier.get(root: root, key: Self.key(i))
                #expect(found == values[i])
                if let found { #expect(try local.get(found) != nil) }
            }
            // The single-key forms agree.
            let single = try await client.execute(uri: "/api/v0/champ/get?owner=\(w)&arg=\(root)&arg=\(Self.hex(Self.key(150)))", method: .post)
            let singleBlocks = try CborObject.decode(Self.bytes(single)).asList().map { try $0.asBytes() }
            #expect(Set(singleBlocks).isSubset(of: Set(blocks)) && singleBlocks.contains(store.blocks[values[150]!]!))
            let bulkSingle = try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)&arg=\(Self.hex(Self.key(150)))", method: .post)
            #expect(Self.bytes(bulkSingle) == Self.bytes(single))
            // An absent root: no blocks.
            let absent = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([1, 2, 3]))
            #expect(Self.bytes(try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(absent)&caps=\(Self.caps([Self.key(0)]))", method: .post)) == [0x80])

            // Refusals: too many caps, caps that are not a CBOR list of caps, a bad root CID, a root
            // that is not a CHAMP node, no key at all.
            let many = try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)&caps=\(Self.caps((0..<21).map(Self.key)))", method: .post)
            #expect(many.status == .badRequest && ServerHTTPTests.trailer(many) == "Too many caps in bulk champ get call! 21")
            let garbage = Multibase.encode([0xa1, 0x61], .base58btc)
            #expect(try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)&caps=\(garbage)", method: .post).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)&caps=\(Multibase.encode(CborObject.list([.integer(1)]).serialize(), .base58btc))", method: .post).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=notacid&caps=\(Self.caps([Self.key(0)]))", method: .post).status == .badRequest)
            let notChamp = try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(values[0]!)&caps=\(Self.caps([Self.key(0)]))", method: .post)
            #expect(notChamp.status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/champ/get/bulk?owner=\(w)&arg=\(root)", method: .post).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/champ/get?owner=\(w)&arg=\(root)&arg=zz", method: .post).status == .badRequest)
        }
    }

    @Test("link/get serves a published secret link; expired, over-retrieved, unknown and unpublished links are refused")
    func secretLinks() async throws {
        let server = try ServerHTTPTests.server(writers: [Self.writer])
        let owner = Self.writer
        let w = owner.publicKey.publicKeyHash
        let random = DetRandom(label: "secret-links")
        let store = RecordingBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var links = try champ.createEmpty()
        func labelKey(_ label: Int64) -> [UInt8] { Hash.sha256((0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) }) }
        func capability(_ n: Int) -> EncryptedCapability {
            EncryptedCapability(cipherText: CipherText.build(key: SymmetricKey.random(using: random), plaintext: .text("cap-\(n)"), random: random), hasUserPassword: false)
        }
        let targets: [Int64: SecretLinkTarget] = [
            7: SecretLinkTarget(capability: capability(7), expiry: nil, maxRetrievals: nil),
            8: SecretLinkTarget(capability: capability(8), expiry: nil, maxRetrievals: 2),
            9: SecretLinkTarget(capability: capability(9), expiry: Int64(Date().timeIntervalSince1970) - 60, maxRetrievals: nil),
            -5: SecretLinkTarget(capability: capability(5), expiry: Int64(Date().timeIntervalSince1970) + 3600, maxRetrievals: nil),
        ]
        for (label, target) in targets {
            links = try champ.put(root: links, key: labelKey(label), value: try store.put(target.serialize(), codec: .dagCbor), expected: nil)
        }
        let wd = try store.put(WriterData(controller: w, secretLinks: links).serialize(), codec: .dagCbor)
        try await server.application(port: 0).test(.live) { client in
            func get(_ label: String, owner: PublicKeyHash = w) async throws -> TestResponse {
                try await client.execute(uri: "/api/v0/link/get?owner=\(owner)&label=\(label)", method: .post)
            }
            // Before anything is published: refused.
            #expect(ServerHTTPTests.trailer(try await get("7")) == "No secret link published!")
            try await Self.upload(store, client)
            let pointer = owner.signMessage(try PointerUpdate(original: nil, updated: wd, sequence: 1).serialize())
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", method: .post, body: ByteBuffer(bytes: pointer))) == [1])

            #expect(Self.bytes(try await get("7")) == targets[7]!.capability.serialize())
            #expect(Self.bytes(try await get("7")) == targets[7]!.capability.serialize())
            #expect(Self.bytes(try await get("-5")) == targets[-5]!.capability.serialize())
            // At most two retrievals of label 8.
            #expect(Self.bytes(try await get("8")) == targets[8]!.capability.serialize())
            #expect(try await get("8").status == .ok)
            let third = try await get("8")
            #expect(third.status == .badRequest && ServerHTTPTests.trailer(third) == "Maximum link retrievals exceed!")
            #expect(ServerHTTPTests.trailer(try await get("9")) == "Secret link expired!")
            #expect(ServerHTTPTests.trailer(try await get("10")) == "No secret link present!")
            #expect(try await get("x").status == .badRequest)
            #expect(try await get("7", owner: ServerHTTPTests.stranger.publicKey.publicKeyHash).status == .badRequest)
        }
    }

    @Test("usernames (gzip), quota, usage and mirror BATs, with their signed-time checks; gzip request bodies")
    func accountQueries() async throws {
        let server = try ServerHTTPTests.server()
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:space-alice".utf8)))
        let bob = try SigningKeyPair(seed: Hash.sha256(Array("sign:space-bob".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:space-login".utf8)))
        let bat = BatWithId(bat: Bat.random(using: DetRandom(label: "space-bat")))
        try await server.application(port: 0).test(.live) { client in
            func post(_ path: String, _ body: ByteBuffer = ByteBuffer()) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, body: body)
            }
            #expect(try await post("/peergos/v0/core/signup", try CoreRoutesTests.signup("alice", identity: alice, login: login, mirrorBat: bat.toCbor()).body).status == .ok)
            #expect(try await post("/peergos/v0/core/signup", try CoreRoutesTests.signup("bob", identity: bob, login: login).body).status == .ok)
            // A signup whose mirror BAT is not a BatWithId is refused, and nothing of it is stored.
            let carol = try SigningKeyPair(seed: Hash.sha256(Array("sign:space-carol".utf8)))
            let badBat = try await post("/peergos/v0/core/signup", try CoreRoutesTests.signup("carol", identity: carol, login: login, mirrorBat: .integer(1)).body)
            #expect(badBat.status == .badRequest && ServerHTTPTests.trailer(badBat).hasPrefix("Invalid mirror BAT"))
            #expect(try server.database.chain(username: "carol") == nil)

            // Usernames: gzip'd JSON, all names or those with a prefix.
            let names = try await post("/peergos/v0/core/getUsernamesGzip/")
            #expect(names.headers[.contentEncoding] == "gzip" && names.headers[.contentType] == "application/json")
            var gz = ByteBuffer(bytes: Self.bytes(names))
            let json = try gz.decompress(with: .gzip())
            #expect(try JSONSerialization.jsonObject(with: Data(json.readableBytesView)) as? [String] == ["alice", "bob", "peergos"])  // and the server's own PKI user
            var gzB = ByteBuffer(bytes: Self.bytes(try await post("/peergos/v0/core/getUsernamesGzip/b")))
            #expect(try JSONSerialization.jsonObject(with: Data(try gzB.decompress(with: .gzip()).readableBytesView)) as? [String] == ["bob"])

            // Quota (24 h window) and usage (300 s window), signed by the owner's identity.
            let a = alice.publicKey.publicKeyHash
            let quota = try await post("/peergos/v0/storage/quota?owner=\(a)&auth=\(AccountRoutesTests.signedTime(alice, offsetSeconds: -3600))")
            #expect(try CborObject.decode(Self.bytes(quota)) == .integer(1 << 30))
            #expect(try await post("/peergos/v0/storage/quota?owner=\(a)&auth=\(AccountRoutesTests.signedTime(alice, offsetSeconds: -25 * 3600))").status == .badRequest)
            #expect(try await post("/peergos/v0/storage/quota?owner=\(a)&auth=\(AccountRoutesTests.signedTime(bob))").status == .badRequest)
            func usage() async throws -> Int64 {
                try CborObject.decode(Self.bytes(try await post("/peergos/v0/storage/usage?owner=\(a)&auth=\(AccountRoutesTests.signedTime(alice))"))).asInteger()
            }
            let before = try await usage()
            #expect(before > 0)  // the signup's WriterData block
            let block = [UInt8](repeating: 0x42, count: 1000)
            _ = try await post("/api/v0/block/put/bulk?format=raw&owner=\(a)&writer=\(a)", ServerHTTPTests.bulk([block], signer: alice))
            #expect(try await usage() == before + 1000)
            _ = try await post("/api/v0/block/put/bulk?format=raw&owner=\(a)&writer=\(a)", ServerHTTPTests.bulk([block], signer: alice))
            #expect(try await usage() == before + 1000)  // the same block again takes no more room
            #expect(try await post("/peergos/v0/storage/usage?owner=\(a)&auth=\(AccountRoutesTests.signedTime(alice, offsetSeconds: -600))").status == .badRequest)
            let stranger = ServerHTTPTests.stranger
            #expect(try await post("/peergos/v0/storage/usage?owner=\(stranger.publicKey.publicKeyHash)&auth=\(AccountRoutesTests.signedTime(stranger))").status == .badRequest)

            // Mirror BATs: a request signed for this path by the account's identity.
            func signedRequest(_ key: SigningKeyPair, path: String = "peergos/v0/bats/getUserBats", offset: Double = 0) -> String {
                let millis = Int64((Date().timeIntervalSince1970 + offset) * 1000)
                return Self.hex(key.signMessage(CborObject.map(["p": .text(path), "t": .integer(millis)]).serialize()))
            }
            let bats = try await post("/peergos/v0/bats/getUserBats?username=alice&auth=\(signedRequest(alice))")
            #expect(try CborObject.decode(Self.bytes(bats)) == .list([bat.toCbor()]))
            #expect(Self.bytes(try await post("/peergos/v0/bats/getUserBats?username=bob&auth=\(signedRequest(bob))")) == [0x80])
            #expect(try await post("/peergos/v0/bats/getUserBats?username=alice&auth=\(signedRequest(bob))").status == .badRequest)
            #expect(try await post("/peergos/v0/bats/getUserBats?username=alice&auth=\(signedRequest(alice, path: "peergos/v0/bats/addBat"))").status == .badRequest)
            #expect(try await post("/peergos/v0/bats/getUserBats?username=alice&auth=\(signedRequest(alice, offset: -600))").status == .badRequest)
            #expect(try await post("/peergos/v0/bats/getUserBats?username=nobody&auth=\(signedRequest(alice))").status == .badRequest)

            // A gzip-encoded request body is read decoded; a corrupt one, or one that decodes past
            // the route's limit, is refused.
            var plain = CoreRoutesTests.stream(["alice"])
            let zipped = try plain.compress(with: .gzip())
            var gzipHeaders = HTTPFields()
            gzipHeaders[.contentEncoding] = "gzip"
            let chain = try await client.execute(uri: "/peergos/v0/core/getChain", method: .post, headers: gzipHeaders, body: zipped)
            let stored = try server.database.chain(username: "alice")
            #expect(chain.status == .ok && Self.bytes(chain) == stored)
            #expect(try await client.execute(uri: "/peergos/v0/core/getChain", method: .post, headers: gzipHeaders, body: ByteBuffer(bytes: [1, 2, 3, 4])).status == .badRequest)
            var bomb = ByteBuffer(bytes: [UInt8](repeating: 0, count: 1 << 20))
            let bombZipped = try bomb.compress(with: .gzip())
            let refused = try await client.execute(uri: "/peergos/v0/core/getChain", method: .post, headers: gzipHeaders, body: bombZipped)
            #expect(refused.status == .badRequest)
        }
    }
}
