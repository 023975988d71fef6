import Foundation
import HTTPTypes
import NIOCore
import NIOEmbedded
import NIOHTTPTypes
import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServer
@testable import PeergosServerStorage
import Testing

/// The `block/get` fast path answers exactly the requests the router would answer 200, with the
/// router's body and headers, keeps pipelined answers in request order, and passes everything
/// else on untouched.
@Suite("block/get fast path")
struct BlockGetFastPathTests {
    struct Fixture {
        let channel: EmbeddedChannel
        let dir: String
        let block: [UInt8]
        let cid: Cid
        let absent: Cid
    }

    static func fixture() throws -> Fixture {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-fastpath-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let db = try ServerDatabase(path: dir + "/peergos.sqlite")
        let block: [UInt8] = Array("a stored block".utf8)
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
        try db.putBlocks([(cid: cid, data: block)])
        let absent = try Cid.sha256(codec: .raw, digest: Hash.sha256([1, 2, 3]))
        let channel = EmbeddedChannel(handler: RequestFastPath(reads: ServerReadConnections(db), serverName: "swift-peergos"))
        return Fixture(channel: channel, dir: dir, block: block, cid: cid, absent: absent)
    }

    /// Runs `body` on a fresh fixture, then removes its database.
    static func withFixture(_ body: (Fixture) throws -> Void) throws {
        let f = try fixture()
        defer { try? FileManager.default.removeItem(atPath: f.dir) }
        try body(f)
    }

    static func head(_ path: String, method: HTTPRequest.Method = .post, fields: HTTPFields = [:]) -> HTTPRequestPart {
        .head(HTTPRequest(method: method, scheme: nil, authority: "127.0.0.1", path: path, headerFields: fields))
    }

    /// Sends one whole request (head, optional body, end).
    static func send(_ channel: EmbeddedChannel, _ head: HTTPRequestPart, body: [UInt8]? = nil) throws {
        try channel.writeInbound(head)
        if let body { try channel.writeInbound(HTTPRequestPart.body(ByteBuffer(bytes: body))) }
        try channel.writeInbound(HTTPRequestPart.end(nil))
    }

    /// The answer written by the fast path, if any: status, fields, body.
    static func answer(_ channel: EmbeddedChannel) throws -> (HTTPResponse, [UInt8])? {
        guard let first = try channel.readOutbound(as: HTTPResponsePart.self) else { return nil }
        guard case .head(let head) = first, case .body(let body)? = try channel.readOutbound(as: HTTPResponsePart.self),
              case .end? = try channel.readOutbound(as: HTTPResponsePart.self) else {
            Issue.record("answer not head, body, end: \(first)")
            return nil
        }
        return (head, Array(body.readableBytesView))
    }

    /// Every part passed on to the router, in order, as text.
    static func passedOn(_ channel: EmbeddedChannel) throws -> [String] {
        var parts: [String] = []
        while let part = try channel.readInbound(as: HTTPRequestPart.self) {
            switch part {
            case .head(let h): parts.append("head \(h.method) \(h.path ?? "")")
            case .body(let b): parts.append("body \(b.readableBytes)")
            case .end: parts.append("end")
            }
        }
        return parts
    }

    @Test("a stored block: 200 with the block, its ETag, the router's cache and server headers; nothing reaches the router")
    func storedBlock() throws {
        try Self.withFixture { f in
            try Self.send(f.channel, Self.head("/api/v0/block/get?arg=\(f.cid)&owner=z59vuwzfFDonzkssbiXWL7kZ6w4qiRZWmSo8CnegKa2e3eqabtoPYMk"))
            let (head, body) = try #require(try Self.answer(f.channel))
            #expect(head.status == .ok)
            #expect(body == f.block)
            #expect(head.headerFields[.eTag] == "\"\(f.cid)\"")
            #expect(head.headerFields[.cacheControl] == "public, max-age=31622400 immutable")
            #expect(head.headerFields[.contentLength] == "\(f.block.count)")
            #expect(head.headerFields[.server] == "swift-peergos")
            #expect(head.headerFields[.contentType] == nil)
            let date = try #require(head.headerFields[.date])
            #expect(date.hasSuffix(" GMT") && date.count == 29)
            #expect(try Self.passedOn(f.channel).isEmpty)
        }
    }

    @Test("an absent block: 200 with an empty body and no ETag, as the router answers")
    func absentBlock() throws {
        try Self.withFixture { f in
            try Self.send(f.channel, Self.head("/api/v0/block/get?arg=\(f.absent)"))
            let (head, body) = try #require(try Self.answer(f.channel))
            #expect(head.status == .ok && body.isEmpty)
            #expect(head.headerFields[.eTag] == nil && head.headerFields[.cacheControl] == nil)
            #expect(head.headerFields[.contentLength] == "0")
        }
    }

    @Test("anything the router might answer differently is passed on whole", arguments: [
        "/api/v0/block/get?arg=notacid",  // the router's 400 names the parse error
        "/api/v0/block/get?arg=%7A",  // percent-encoded: the router decodes
        "/api/v0/block/get?arg=a+b",
        "/api/v0/block/get?arg=ARG&arg=ARG",  // twice
        "/api/v0/block/get?owner=x",  // missing
        "/api/v0/block/get?arg=",
        "/api/v0/block/get",
        "/api/v0/block/get/?arg=ARG",
        "/api/v0/block/stat?arg=ARG",
        "/api/v0/block/getx?arg=ARG",
        "/api/v0/block/get?arg=IDENTITY",  // answered from the CID itself, and with faults
    ])
    func passedOnWhole(_ template: String) throws {
        try Self.withFixture { f in
            let identity = Cid(codec: .raw, multihash: try Multihash(type: .identity, digest: [1, 2, 3]))
            let path = template.replacingOccurrences(of: "ARG", with: f.cid.description).replacingOccurrences(of: "IDENTITY", with: identity.description)
            try Self.send(f.channel, Self.head(path), body: [0])
            #expect(try Self.answer(f.channel) == nil)
            #expect(try Self.passedOn(f.channel) == ["head POST \(path)", "body 1", "end"])
        }
    }

    @Test("other methods and requests with Connection, Expect or Upgrade headers are passed on")
    func headersAndMethods() throws {
        try Self.withFixture { f in
            let path = "/api/v0/block/get?arg=\(f.cid)"
            for fields: HTTPFields in [[.connection: "close"], [.expect: "100-continue"], [.upgrade: "h2c"]] {
                try Self.send(f.channel, Self.head(path, fields: fields))
                #expect(try Self.answer(f.channel) == nil)
                #expect(try Self.passedOn(f.channel) == ["head POST \(path)", "end"])
                // Complete the router's answer; after a Connection header nothing more is answered here.
                try f.channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
                try f.channel.writeOutbound(HTTPResponsePart.end(nil))
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
            }
            try Self.send(f.channel, Self.head(path))
            #expect(try Self.answer(f.channel) == nil)
            #expect(try Self.passedOn(f.channel) == ["head POST \(path)", "end"])
            try Self.withFixture { g in
                try Self.send(g.channel, Self.head("/api/v0/block/get?arg=\(g.cid)", method: .get))
                #expect(try Self.answer(g.channel) == nil)
                #expect(try Self.passedOn(g.channel) == ["head GET /api/v0/block/get?arg=\(g.cid)", "end"])
            }
        }
    }

    @Test("pipelined: a get behind an unanswered routed request goes to the router; once that answer ends, gets are answered here")
    func pipelinedOrder() throws {
        try Self.withFixture { f in
            let get = "/api/v0/block/get?arg=\(f.cid)"
            try Self.send(f.channel, Self.head("/api/v0/id"))
            try Self.send(f.channel, Self.head(get))
            #expect(try Self.answer(f.channel) == nil)
            #expect(try Self.passedOn(f.channel) == ["head POST /api/v0/id", "end", "head POST \(get)", "end"])
            // The router answers both, in order; the first answer's end leaves one still open.
            for _ in 0..<2 {
                try f.channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
                try Self.send(f.channel, Self.head(get))
                #expect(try Self.passedOn(f.channel) == ["head POST \(get)", "end"])
                try f.channel.writeOutbound(HTTPResponsePart.end(nil))
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
            }
            // Two more were passed on above; answer them, then the next get is answered here.
            for _ in 0..<2 {
                try f.channel.writeOutbound(HTTPResponsePart.head(HTTPResponse(status: .ok)))
                try f.channel.writeOutbound(HTTPResponsePart.end(nil))
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
                _ = try f.channel.readOutbound(as: HTTPResponsePart.self)
            }
            try Self.send(f.channel, Self.head(get), body: [1, 2])
            let (head, body) = try #require(try Self.answer(f.channel))
            #expect(head.status == .ok && body == f.block)
            #expect(try Self.passedOn(f.channel).isEmpty)
        }
    }

    @Test("HTTP dates are IMF-fixdate in GMT")
    func httpDates() {
        #expect(HTTPDate.format(0) == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(HTTPDate.format(1_796_292_245) == "Thu, 03 Dec 2026 10:04:05 GMT")
        #expect(HTTPDate.format(951_782_400) == "Tue, 29 Feb 2000 00:00:00 GMT")
    }
}
