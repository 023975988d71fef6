import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServer
import Testing

/// The server over real HTTP on loopback, including a refused request for every endpoint.
@Suite("Server over HTTP")
struct ServerHTTPTests {
    /// A fresh server on which `writer`, `stranger` and each of `writers` may write, as separate
    /// users' writers (tests of routes other than signup register them directly;
    /// `WriterAuthorisationTests` covers how writers become registered over HTTP).
    static func server(writers: [SigningKeyPair] = []) throws -> PeergosServer {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-test-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir)
        for (i, key) in ([writer, stranger] + writers).enumerated() {
            try server.database.registerWriters([key.publicKey.publicKeyHash], username: "test-user-\(i)")
        }
        return server
    }

    static let writer = try! SigningKeyPair(seed: Hash.sha256(Array("sign:server-test-writer".utf8)))
    static let stranger = try! SigningKeyPair(seed: Hash.sha256(Array("sign:server-test-stranger".utf8)))

    static func bulk(_ blocks: [[UInt8]], signer: SigningKeyPair = writer) -> ByteBuffer {
        let cbor = CborObject.map(["b": .list(blocks.map { .bytes($0) }), "s": .list(blocks.map { .bytes(signer.signMessage(Hash.sha256($0))) })])
        return ByteBuffer(bytes: cbor.serialize())
    }

    static func trailer(_ r: TestResponse) -> String { r.headers[HTTPField.Name("Trailer")!]?.removingPercentEncoding?.replacingOccurrences(of: "+", with: " ") ?? "" }
    static func bytes(_ r: TestResponse) -> [UInt8] { Array(r.body.readableBytesView) }

    @Test("node id, method and path conventions")
    func conventions() async throws {
        let server = try Self.server()
        try await server.application(port: 0).test(.live) { client in
            let id = try await client.execute(uri: "/api/v0/id", method: .post)
            #expect(id.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(Self.bytes(id))) as? [String: String]
            #expect(json?["ID"] == server.nodeId.description)
            #expect(try Cid(string: json?["ID"] ?? "").codec == .libp2pKey)
            #expect(try await client.execute(uri: "/api/v0/id", method: .get).status == .methodNotAllowed)
            #expect(try await client.execute(uri: "/api/v0/nosuch", method: .post).status == .notFound)
            let unknown = try await client.execute(uri: "/peergos/v0/core/nosuch", method: .post)
            #expect(unknown.status == .badRequest)
            #expect(Self.trailer(unknown) == "Unknown pkinode method!")
            let unknownSocial = try await client.execute(uri: "/peergos/v0/social/nosuch", method: .post)
            #expect(unknownSocial.status == .badRequest && Self.trailer(unknownSocial).hasPrefix("Unknown method"))
            #expect(try await client.execute(uri: "/health", method: .get).status == .ok)
            let tid = try await client.execute(uri: "/api/v0/transaction/start?owner=\(Self.writer.publicKey.publicKeyHash)", method: .post)
            #expect(UUID(uuidString: String(decoding: Self.bytes(tid), as: UTF8.self)) != nil)
            #expect(try await client.execute(uri: "/api/v0/transaction/start", method: .post).status == .badRequest)
            // Transactions are not stubs that take anything: the owner must be a key hash.
            let badOwner = try await client.execute(uri: "/api/v0/transaction/start?owner=notakey", method: .post)
            #expect(badOwner.status == .badRequest && Self.trailer(badOwner).hasPrefix("Invalid key hash notakey"))
            #expect(try await client.execute(uri: "/api/v0/transaction/close?owner=x", method: .post).status == .badRequest)
            // A transaction closes with a bare `1`, as upstream answers (and the server lives on).
            let closed = try await client.execute(uri: "/api/v0/transaction/close?arg=\(String(decoding: Self.bytes(tid), as: UTF8.self))&owner=\(Self.writer.publicKey.publicKeyHash)", method: .post)
            #expect(closed.status == .ok && Self.bytes(closed) == Array("1".utf8))
            #expect(try await client.execute(uri: "/api/v0/id", method: .post).status == .ok)
        }
    }

    @Test("signed bulk puts: the server computes CIDs; blocks read back; forged, malformed and oversize puts are refused")
    func blocks() async throws {
        let server = try Self.server()
        let w = Self.writer.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            let cborBlock = CborObject.map(["hello": .text("peergos")]).serialize()
            let put = try await client.execute(uri: "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)&transaction=t", method: .post, body: Self.bulk([cborBlock]))
            #expect(put.status == .ok)
            let expected = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(cborBlock))
            #expect(String(decoding: Self.bytes(put), as: UTF8.self) == "{\"Hash\":\"\(expected)\"}")
            let got = try await client.execute(uri: "/api/v0/block/get?arg=\(expected)&owner=\(w)", method: .post)
            #expect(Self.bytes(got) == cborBlock)
            #expect(got.headers[.eTag] == "\"\(expected)\"")
            let stat = try await client.execute(uri: "/api/v0/block/stat?arg=\(expected)", method: .post)
            #expect(String(decoding: Self.bytes(stat), as: UTF8.self) == "{\"Size\":\(cborBlock.count)}")

            let raw: [UInt8] = [1, 2, 3]
            let rawPut = try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", method: .post, body: Self.bulk([raw]))
            #expect(String(decoding: Self.bytes(rawPut), as: UTF8.self).contains(try Cid.sha256(codec: .raw, digest: Hash.sha256(raw)).description))

            // Absent block: 200 with an empty body; a bad CID: 400.
            let absent = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([9]))
            let missing = try await client.execute(uri: "/api/v0/block/get?arg=\(absent)", method: .post)
            #expect(missing.status == .ok && Self.bytes(missing).isEmpty)
            #expect(try await client.execute(uri: "/api/v0/block/get?arg=notacid", method: .post).status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/block/stat?arg=notacid", method: .post).status == .badRequest)

            // Forged: signed by another key.
            let forged = try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", method: .post, body: Self.bulk([[7, 7]], signer: Self.stranger))
            #expect(forged.status == .badRequest)
            #expect(Self.trailer(forged) == "Invalid signature for block!")
            // Malformed CBOR in a dag-cbor put, and a malformed body.
            let bad = try await client.execute(uri: "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", method: .post, body: Self.bulk([[0x1f]]))
            #expect(bad.status == .badRequest)
            #expect(try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", method: .post, body: ByteBuffer(bytes: [0xff])).status == .badRequest)
            // Oversize: a block over 1 MiB + 100 bytes.
            let big = [UInt8](repeating: 0, count: ServerLimits.maxBlockSize + 1)
            #expect(try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", method: .post, body: Self.bulk([big])).status == .badRequest)
            // Unknown writer key (not an identity hash).
            let unknownWriter = try PublicKeyHash(cid: Cid.sha256(codec: .dagCbor, digest: Hash.sha256([1])))
            #expect(try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(unknownWriter)", method: .post, body: Self.bulk([raw])).status == .badRequest)
            // Nothing refused was stored.
            #expect(try server.database.block(try Cid.sha256(codec: .raw, digest: Hash.sha256([7, 7]))) == nil)
        }
    }

    /// Stores a WriterData controlled by `controller` and returns its CID.
    static func writerData(_ client: some TestClientProtocol, controller: SigningKeyPair, n: Int) async throws -> Cid {
        let data = WriterData(controller: controller.publicKey.publicKeyHash, tree: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([UInt8(n)]))).serialize()
        let w = controller.publicKey.publicKeyHash
        _ = try await client.execute(uri: "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", method: .post, body: bulk([data], signer: controller))
        return try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(data))
    }

    @Test("pointers: first set, read back, CAS, sequence, signature and controller rules, multi-writer commits")
    func pointers() async throws {
        let server = try Self.server()
        let w = Self.writer.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            let set = "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)"
            let a = try await Self.writerData(client, controller: Self.writer, n: 1)
            let b = try await Self.writerData(client, controller: Self.writer, n: 2)
            let c = try await Self.writerData(client, controller: Self.writer, n: 3)
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)", method: .post)).isEmpty)

            let first = Self.writer.signMessage(try PointerUpdate(original: nil, updated: a, sequence: 1).serialize())
            #expect(Self.bytes(try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: first))) == [1])
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)", method: .post)) == first)

            // Lost race: original is not the current target.
            let stale = try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: Self.writer.signMessage(try PointerUpdate(original: b, updated: c, sequence: 2).serialize())))
            #expect(stale.status == .badRequest && Self.trailer(stale).hasPrefix("PointerCAS:"))
            // Sequence not increasing.
            let seq = try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: Self.writer.signMessage(try PointerUpdate(original: a, updated: b, sequence: 1).serialize())))
            #expect(seq.status == .badRequest && Self.trailer(seq) == "Invalid sequence number update")
            // Bad signature and foreign controller: false.
            let foreign = Self.stranger.signMessage(try PointerUpdate(original: a, updated: b, sequence: 2).serialize())
            #expect(Self.bytes(try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: foreign))) == [0])
            let theirs = try await Self.writerData(client, controller: Self.stranger, n: 9)
            let hijack = Self.writer.signMessage(try PointerUpdate(original: a, updated: theirs, sequence: 2).serialize())
            #expect(Self.bytes(try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: hijack))) == [0])
            // Oversize body.
            #expect(try await client.execute(uri: set, method: .post, body: ByteBuffer(bytes: [UInt8](repeating: 1, count: 2000))).status == .badRequest)
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)", method: .post)) == first)

            // setPointers: all or nothing.
            let good = Self.writer.signMessage(try PointerUpdate(original: a, updated: b, sequence: 2).serialize())
            let other = Self.stranger.publicKey.publicKeyHash
            let badOther = Self.stranger.signMessage(try PointerUpdate(original: a, updated: theirs, sequence: 1).serialize())
            func commit(_ items: [(PublicKeyHash, [UInt8])]) -> ByteBuffer {
                ByteBuffer(bytes: CborObject.map(["p": .list(items.map { .map(["w": $0.0.toCbor(), "s": .bytes($0.1)]) })]).serialize())
            }
            let failed = try await client.execute(uri: "/peergos/v0/mutable/setPointers?owner=\(w)", method: .post, body: commit([(w, good), (other, badOther)]))
            #expect(failed.status == .badRequest)
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)", method: .post)) == first)
            let otherFirst = Self.stranger.signMessage(try PointerUpdate(original: nil, updated: theirs, sequence: 1).serialize())
            let ok = try await client.execute(uri: "/peergos/v0/mutable/setPointers?owner=\(w)", method: .post, body: commit([(w, good), (other, otherFirst)]))
            #expect(Self.bytes(ok) == [1])
            #expect(Self.bytes(try await client.execute(uri: "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)", method: .post)) == good)
            #expect(try await client.execute(uri: "/peergos/v0/mutable/setPointers?owner=\(w)", method: .post, body: ByteBuffer(bytes: [0xa0])).status == .badRequest)
        }
    }

    @Test("parallel compare-and-swaps from one base: exactly one wins")
    func concurrentCAS() async throws {
        let server = try Self.server()
        let w = Self.writer.publicKey.publicKeyHash
        try await server.application(port: 0).test(.live) { client in
            let base = try await Self.writerData(client, controller: Self.writer, n: 1)
            let first = Self.writer.signMessage(try PointerUpdate(original: nil, updated: base, sequence: 1).serialize())
            _ = try await client.execute(uri: "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", method: .post, body: ByteBuffer(bytes: first))
            var targets: [Cid] = []
            for n in 10..<26 { targets.append(try await Self.writerData(client, controller: Self.writer, n: n)) }
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for target in targets {
                    let update = Self.writer.signMessage(try PointerUpdate(original: base, updated: target, sequence: 2).serialize())
                    group.addTask {
                        let r = try await client.execute(uri: "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", method: .post, body: ByteBuffer(bytes: update))
                        return r.status == .ok && Self.bytes(r) == [1]
                    }
                }
                return try await group.reduce(into: [Bool]()) { $0.append($1) }
            }
            #expect(results.filter { $0 }.count == 1)
        }
    }
}
