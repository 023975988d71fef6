import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServer
@testable import PeergosServerStorage
import Synchronization
import Testing

/// The `block/put/bulk` fast path stores and answers exactly the puts the router would answer 200,
/// with the router's body and headers; hands every other request, and every put whose work fails,
/// to the router whole; and keeps later requests waiting, in order, while a put's work runs.
@Suite("block/put/bulk fast path")
struct BlockPutFastPathTests {
    /// Work the fast path handed off, run when the test says; and the answers delivered back (each
    /// piece of work delivers exactly one, possibly from the group commit's writer thread).
    final class PendingWork: Sendable {
        private let queue = Mutex<[@Sendable () -> Void]>([])
        private let delivered = Mutex<[@Sendable () -> Void]>([])
        private let deliveries = DispatchSemaphore(value: 0)
        func add(_ work: @escaping @Sendable () -> Void) { queue.withLock { $0.append(work) } }
        func deliver(_ done: @escaping @Sendable () -> Void) {
            delivered.withLock { $0.append(done) }
            deliveries.signal()
        }
        var count: Int { queue.withLock { $0.count } }
        /// Runs the queued work on this thread, waits for each piece's delivery, then runs those here.
        func runAll() {
            let work = queue.withLock { q in defer { q.removeAll() }; return q }
            for w in work { w() }
            for _ in work { deliveries.wait() }
            for done in delivered.withLock({ d in defer { d.removeAll() }; return d }) { done() }
        }
    }

    struct Fixture {
        let channel: EmbeddedChannel
        let server: PeergosServer
        let dir: String
        let writer: SigningKeyPair
        let pending: PendingWork
        var owner: String { writer.publicKey.publicKeyHash.description }
        func path(_ format: String = "raw") -> String {
            "/api/v0/block/put/bulk?format=\(format)&owner=\(owner)&writer=\(owner)&transaction=t1"
        }
    }

    /// A server with one registered writer, and the fast path in an embedded channel whose put work
    /// waits in `pending` until the test runs it.
    static func withFixture(_ body: (Fixture) throws -> Void) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-putpath-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let server = try PeergosServer(dataDirectory: dir)
        let writer = try SigningKeyPair(seed: Hash.sha256(Array("sign:put-fast-path".utf8)))
        try server.database.registerWriters([writer.publicKey.publicKeyHash], username: "alice")
        let pending = PendingWork()
        let puts = BlockPutFastPath(server: server, runWork: { work, _ in pending.add(work) }, deliver: { pending.deliver($0) })
        let channel = EmbeddedChannel(handler: RequestFastPath(reads: server.reads, serverName: "swift-peergos", puts: puts))
        try body(Fixture(channel: channel, server: server, dir: dir, writer: writer, pending: pending))
    }

    static func signedBody(_ blocks: [[UInt8]], writer: SigningKeyPair, forge: Bool = false) -> [UInt8] {
        let signatures = blocks.map { writer.signMessage(Hash.sha256(forge ? $0 + [0] : $0)) }
        return CborObject.map(["b": .list(blocks.map { .bytes($0) }), "s": .list(signatures.map { .bytes($0) })]).serialize()
    }

    static func head(_ path: String, length: Int?, fields extra: HTTPFields = [:]) -> HTTPRequestPart {
        var fields = extra
        if let length { fields[.contentLength] = String(length) }
        return .head(HTTPRequest(method: .post, scheme: nil, authority: "127.0.0.1", path: path, headerFields: fields))
    }

    /// Sends one whole request, its body in two parts.
    static func send(_ channel: EmbeddedChannel, _ path: String, body: [UInt8], fields: HTTPFields = [:], length: Int?? = nil) throws {
        try channel.writeInbound(head(path, length: length ?? body.count, fields: fields))
        let half = body.count / 2
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(bytes: body[..<half])))
        try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(bytes: body[half...])))
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// Runs the handed-off work, then the event loop's tasks (the answer's return to the loop).
    static func finishWork(_ f: Fixture) {
        f.pending.runAll()
        f.channel.embeddedEventLoop.run()
    }

    @Test("a signed put: stored, then 200 with upstream's body and the router's headers; nothing reaches the router")
    func storedAndAnswered() throws {
        try Self.withFixture { f in
            let blocks: [[UInt8]] = [Array("first block".utf8), Array("second block".utf8)]
            try Self.send(f.channel, f.path(), body: Self.signedBody(blocks, writer: f.writer))
            #expect(try BlockGetFastPathTests.answer(f.channel) == nil, "answered before the write")
            #expect(f.pending.count == 1)
            Self.finishWork(f)
            let (head, body) = try #require(try BlockGetFastPathTests.answer(f.channel))
            let cids = try blocks.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }
            #expect(head.status == .ok)
            #expect(String(decoding: body, as: UTF8.self) == cids.map { "{\"Hash\":\"\($0)\"}" }.joined())
            #expect(head.headerFields[.contentLength] == "\(body.count)")
            #expect(head.headerFields[.server] == "swift-peergos")
            #expect(head.headerFields[.contentType] == nil)
            let date = try #require(head.headerFields[.date])
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            for (cid, block) in zip(cids, blocks) { #expect(try f.server.reads.block(cid) == block) }
            #expect(try BlockGetFastPathTests.passedOn(f.channel).isEmpty)
        }
    }

    @Test("a put whose work fails (forged signature, unknown writer, bad dag-cbor) stores nothing and reaches the router whole")
    func failedWorkPassedOn() throws {
        try Self.withFixture { f in
            let block = Array("a block".utf8)
            let stranger = try SigningKeyPair(seed: Hash.sha256(Array("sign:stranger".utf8)))
            let strangerHash = stranger.publicKey.publicKeyHash.description
            let cases: [(path: String, body: [UInt8])] = [
                (f.path(), Self.signedBody([block], writer: f.writer, forge: true)),
                ("/api/v0/block/put/bulk?format=raw&owner=\(strangerHash)&writer=\(strangerHash)", Self.signedBody([block], writer: stranger)),
                (f.path("dag-cbor"), Self.signedBody([[0xff, 0x00]], writer: f.writer)),
                (f.path(), [0xa1, 0x61]),  // not a block write group
            ]
            for c in cases {
                try Self.send(f.channel, c.path, body: c.body)
                Self.finishWork(f)
                #expect(try BlockGetFastPathTests.answer(f.channel) == nil)
                #expect(try BlockGetFastPathTests.passedOn(f.channel) == ["head POST \(c.path)", "body \(c.body.count)", "end"])
                // The router's answer ends; the next request may be taken here again.
                try f.channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .badRequest)))
                try f.channel.writeOutbound(HTTPResponsePart.end(nil))
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
            }
            #expect(try f.server.reads.block(Cid.sha256(codec: .raw, digest: Hash.sha256(block))) == nil)
        }
    }

    @Test("anything the router might read differently is passed on whole, without running work", arguments: [
        "/api/v0/block/put/bulk?format=raw&owner=OWNER&writer=OWNER&writer=OWNER",  // twice
        "/api/v0/block/put/bulk?format=raw&owner=OWNER&writer",  // no value
        "/api/v0/block/put/bulk?format=raw&owner=OWNER",  // missing
        "/api/v0/block/put/bulk?format=raw&writer=OWNER",
        "/api/v0/block/put/bulk?format=raw&owner=OWNER&writer=%7AOWNER",  // percent-encoded: the router decodes
        "/api/v0/block/put/bulk?format=raw&owner=OWNER&writer=notakey",
        "/api/v0/block/put/bulk?format=json&owner=OWNER&writer=OWNER",  // unknown format
        "/api/v0/block/put/bulk?format=raw&format=raw&owner=OWNER&writer=OWNER",
        "/api/v0/block/put/bulk/?format=raw&owner=OWNER&writer=OWNER",
        "/api/v0/block/put/bulkx?format=raw&owner=OWNER&writer=OWNER",
        "/api/v0/block/put?format=raw&owner=OWNER&writer=OWNER",
    ])
    func passedOnWhole(_ template: String) throws {
        try Self.withFixture { f in
            let path = template.replacingOccurrences(of: "OWNER", with: f.owner)
            let body = Self.signedBody([Array("a block".utf8)], writer: f.writer)
            try Self.send(f.channel, path, body: body)
            #expect(f.pending.count == 0)
            #expect(try BlockGetFastPathTests.answer(f.channel) == nil)
            #expect(try BlockGetFastPathTests.passedOn(f.channel) == ["head POST \(path)", "body \(body.count / 2)", "body \(body.count - body.count / 2)", "end"])
        }
    }

    @Test("no Content-Length, one over the limit, Transfer-Encoding, Connection, Expect or Upgrade: passed on")
    func headersPassedOn() throws {
        let variants: [(fields: HTTPFields, length: Int??)] = [
            ([:], .some(nil)),
            ([:], .some(StorageRoutes.putBulkBodyLimit + 1)),
            ([.transferEncoding: "chunked"], nil),
            ([.connection: "keep-alive"], nil),
            ([.expect: "100-continue"], nil),
            ([.upgrade: "h2c"], nil),
        ]
        for v in variants {
            try Self.withFixture { f in
                let body = Self.signedBody([Array("a block".utf8)], writer: f.writer)
                try Self.send(f.channel, f.path(), body: body, fields: v.fields, length: v.length)
                #expect(f.pending.count == 0)
                #expect(try BlockGetFastPathTests.passedOn(f.channel).first == "head POST \(f.path())")
            }
        }
    }

    @Test("pipelined: requests behind a put wait, socket reads withheld, until its answer; then they are answered in order")
    func pipelinedBehindPut() throws {
        try Self.withFixture { f in
            let block = Array("pipelined block".utf8)
            let cid = try Cid.sha256(codec: .raw, digest: Hash.sha256(block))
            let reads = ReadCounter()
            try f.channel.pipeline.syncOperations.addHandler(reads, position: .first)
            try Self.send(f.channel, f.path(), body: Self.signedBody([block], writer: f.writer))
            // A get of the block being written and a routed request arrive while the put's work runs.
            try BlockGetFastPathTests.send(f.channel, BlockGetFastPathTests.head("/api/v0/block/get?arg=\(cid)"))
            try BlockGetFastPathTests.send(f.channel, BlockGetFastPathTests.head("/api/v0/id"))
            let before = reads.count
            f.channel.read()
            #expect(reads.count == before, "a socket read went through while a put's work ran")
            #expect(try BlockGetFastPathTests.answer(f.channel) == nil)
            #expect(try BlockGetFastPathTests.passedOn(f.channel).isEmpty)
            Self.finishWork(f)
            // The put's answer, then the get's (it sees the block), then the id request goes to the router.
            let (putHead, _) = try #require(try BlockGetFastPathTests.answer(f.channel))
            #expect(putHead.status == .ok)
            let (_, got) = try #require(try BlockGetFastPathTests.answer(f.channel))
            #expect(got == block)
            #expect(try BlockGetFastPathTests.passedOn(f.channel) == ["head POST /api/v0/id", "end"])
            #expect(reads.count == before + 1, "the withheld read was not made")
        }
    }

    @Test("a client that half-closes while a put's work runs gets its answer before the router learns of it")
    func halfClosedWhileWorking() throws {
        try Self.withFixture { f in
            let events = EventRecorder()
            try f.channel.pipeline.syncOperations.addHandler(events)
            try Self.send(f.channel, f.path(), body: Self.signedBody([Array("half-closed".utf8)], writer: f.writer))
            f.channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
            #expect(events.inputClosed == 0, "the half-closure passed while the put's work ran")
            Self.finishWork(f)
            let (head, _) = try #require(try BlockGetFastPathTests.answer(f.channel))
            #expect(head.status == .ok)
            #expect(events.inputClosed == 1)
        }
    }

    @Test("a connection closed while a put's work runs: the write still completes, nothing is answered or passed on")
    func closedWhileWorking() throws {
        try Self.withFixture { f in
            let block = Array("orphan block".utf8)
            try Self.send(f.channel, f.path(), body: Self.signedBody([block], writer: f.writer))
            try BlockGetFastPathTests.send(f.channel, BlockGetFastPathTests.head("/api/v0/id"))
            #expect(try f.channel.finish(acceptAlreadyClosed: true).isClean)
            Self.finishWork(f)
            #expect(try f.server.reads.block(Cid.sha256(codec: .raw, digest: Hash.sha256(block))) == block)
        }
    }
}

/// Counts the socket reads asked for through it.
final class ReadCounter: ChannelOutboundHandler, @unchecked Sendable {
    typealias OutboundIn = Any
    private(set) var count = 0
    func read(context: ChannelHandlerContext) {
        count += 1
        context.read()
    }
}

/// Counts the half-closures that reach it.
final class EventRecorder: ChannelInboundHandler, @unchecked Sendable {
    typealias InboundIn = HTTPRequestPart
    private(set) var inputClosed = 0
    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if case ChannelEvent.inputClosed? = event as? ChannelEvent { inputClosed += 1 }
        context.fireUserInboundEventTriggered(event)
    }
}

/// The put fast path inside the real server, over real HTTP/1.1 (Hummingbird's own pipeline).
@Suite("block/put/bulk fast path over HTTP")
struct BlockPutFastPathHTTPTests {
    struct Answer {
        let status: String
        let fields: [(name: String, value: String)]
        let body: [UInt8]
        func field(_ name: String) -> String? { fields.first { $0.name.lowercased() == name }?.value }
    }

    /// Splits what a connection received into its answers (each with a Content-Length body).
    static func answers(_ bytes: [UInt8]) -> [Answer] {
        var rest = bytes[...]
        var out: [Answer] = []
        while let end = rest.firstRange(of: Array("\r\n\r\n".utf8)) {
            let lines = String(decoding: rest[..<end.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
            let fields = lines.dropFirst().map { line -> (name: String, value: String) in
                let parts = line.split(separator: ":", maxSplits: 1)
                return (String(parts[0]), parts.count > 1 ? parts[1].trimmingCharacters(in: .whitespaces) : "")
            }
            let length = Int(fields.first { $0.name.lowercased() == "content-length" }?.value ?? "0") ?? 0
            let bodyStart = end.upperBound
            guard rest.distance(from: bodyStart, to: rest.endIndex) >= length else { break }
            let bodyEnd = rest.index(bodyStart, offsetBy: length)
            out.append(Answer(status: lines[0], fields: fields, body: Array(rest[bodyStart..<bodyEnd])))
            rest = rest[bodyEnd...]
        }
        return out
    }

    static func put(_ body: [UInt8], writer: SigningKeyPair, extraHeader: String = "") -> [UInt8] {
        let hash = writer.publicKey.publicKeyHash.description
        let head = "POST /api/v0/block/put/bulk?format=raw&owner=\(hash)&writer=\(hash)&transaction=t HTTP/1.1\r\nHost: localhost\r\n"
            + extraHeader + "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    @Test("pipelined and half-closed: fast-path and routed puts answer alike, a failing put gets the router's refusal, all in order")
    func sameAnswersInOrder() async throws {
        let server = try ServerHTTPTests.server()
        let writer = ServerHTTPTests.writer
        try await server.application(port: 0).test(.live) { client in
            let port = try #require(client.port)
            let a = Array("block taken by the fast path".utf8), b = Array("block the router takes".utf8)
            let cidA = try Cid.sha256(codec: .raw, digest: Hash.sha256(a)), cidB = try Cid.sha256(codec: .raw, digest: Hash.sha256(b))
            let socket = try RawSocket(port: port)
            let requests: [[UInt8]] = [
                Self.put(BlockPutFastPathTests.signedBody([a], writer: writer), writer: writer),
                // A Connection header keeps a request from the fast path.
                Self.put(BlockPutFastPathTests.signedBody([b], writer: writer), writer: writer, extraHeader: "Connection: keep-alive\r\n"),
                Array("POST /api/v0/block/get?arg=\(cidA) HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".utf8),
                Self.put(BlockPutFastPathTests.signedBody([Array("forged".utf8)], writer: writer, forge: true), writer: writer),
                Array("POST /api/v0/id HTTP/1.1\r\nHost: localhost\r\nContent-Length: 0\r\n\r\n".utf8),
            ]
            #expect(socket.send(requests.flatMap { $0 }))
            socket.shutdownWrite()
            let (bytes, end) = try await socket.readToEnd()
            #expect(end == .closed)
            let answers = Self.answers(bytes)
            try #require(answers.count == 5, "\(answers.map(\.status))")
            let (fast, routed) = (answers[0], answers[1])
            #expect(fast.status == "HTTP/1.1 200 OK" && routed.status == "HTTP/1.1 200 OK")
            #expect(String(decoding: fast.body, as: UTF8.self) == "{\"Hash\":\"\(cidA)\"}")
            #expect(String(decoding: routed.body, as: UTF8.self) == "{\"Hash\":\"\(cidB)\"}")
            // The same headers, in the same order, with the same values but the date and length.
            #expect(fast.fields.map { $0.name.lowercased() } == routed.fields.map { $0.name.lowercased() })
            for (f, r) in zip(fast.fields, routed.fields) where !["date", "content-length"].contains(f.name.lowercased()) {
                #expect(f.value == r.value, "\(f.name)")
            }
            #expect(answers[2].status == "HTTP/1.1 200 OK" && answers[2].body == a)
            #expect(answers[3].status == "HTTP/1.1 400 Bad Request")
            #expect(answers[3].field("trailer")?.contains("Invalid+signature") == true, "\(answers[3].fields)")
            #expect(answers[4].status == "HTTP/1.1 200 OK" && answers[4].body == Array("{\"ID\":\"\(server.nodeId)\"}".utf8))
            #expect(try server.database.block(cidA) == a && server.database.block(cidB) == b)
        }
    }
}
