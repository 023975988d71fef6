import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import PeergosMultiformats
import PeergosServerStorage
import Synchronization

/// Answers the plain `block/get` request (`POST /api/v0/block/get?arg=<cid>`) on the connection's
/// event loop, where it was read, instead of handing it to the router.
///
/// Why: a routed request crosses from the event loop to Swift's global pool and its answer back,
/// two thread wake-ups; under concurrent writes each waited for a core (the global pool's threads
/// had the longest scheduling delays, 0.12 ms on average). Measured (peergos-bench server,
/// embedded, 2 cores, two runs each, same session; `api/v0/id` 28.1-28.4k/s throughout): block/get
/// 27.9-29.3k -> 42.6-42.8k requests/s; p99 of gets alone 0.61-0.64 -> 0.40 ms, of gets during puts
/// 1.24 -> 0.67-0.88 ms.
///
/// Invariants:
/// - It answers only what the router would answer 200 with the same body and headers: a request
///   whose `arg` is the only one, needs no percent-decoding, and parses as a CID that is not an
///   identity CID, with no `Connection`, `Expect` or `Upgrade` header, on a server without faults.
///   Anything else, and any read that fails, goes to the router unchanged.
/// - Answers keep request order: it answers only while no request it passed on is still waiting
///   for its answer's end (HTTP/1.1 answers must follow the order of pipelined requests).
/// - It sits behind Hummingbird's connection-state handler, so idle time-outs and graceful shutdown
///   see every request and answer.
final class BlockGetFastPath: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    static let path = "/api/v0/block/get"

    private let reads: ServerReadConnections
    private let serverName: String
    /// Requests passed on whose answer has not ended yet.
    private var passedOn = 0
    /// The answer to the request being read (its remaining body and end are dropped), if answering here.
    private var answering: (head: HTTPResponse, body: ByteBuffer)?
    /// Set once a request passed on asked to close the connection: nothing more is answered here.
    private var closing = false

    init(reads: ServerReadConnections, serverName: String) {
        self.reads = reads
        self.serverName = serverName
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case .head(let head):
            if passedOn == 0, !closing, let answer = answer(head, allocator: context.channel.allocator) {
                answering = answer
                return
            }
            passedOn += 1
            if head.headerFields[.connection] != nil { closing = true }
            context.fireChannelRead(data)
        case .body:
            if answering == nil { context.fireChannelRead(data) }
        case .end:
            guard let (head, body) = answering else { return context.fireChannelRead(data) }
            answering = nil
            context.write(wrapOutboundOut(.head(head)), promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
        }
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), passedOn > 0 { passedOn -= 1 }
        context.write(data, promise: promise)
    }

    /// The router's 200 answer to `head`, or nil if the router is to answer it.
    private func answer(_ head: HTTPRequest, allocator: ByteBufferAllocator) -> (HTTPResponse, ByteBuffer)? {
        guard head.method == .post, let target = head.path, target.utf8.count > Self.path.utf8.count + 1,
              target.hasPrefix(Self.path + "?"),
              head.headerFields[.connection] == nil, head.headerFields[.expect] == nil, head.headerFields[.upgrade] == nil,
              let arg = Self.onlyArgument(target.utf8.dropFirst(Self.path.utf8.count + 1)),
              let cid = try? Cid(string: arg), !cid.isIdentity
        else { return nil }
        // A read that fails is the router's to answer (and to log); an absent block is not a failure.
        let stored: [UInt8]?
        do { stored = try reads.block(cid) } catch { return nil }
        let data = stored ?? []
        var fields = HTTPFields()
        if stored != nil {
            fields[.eTag] = "\"\(StorageRoutes.canonicalText(of: cid, parsedFrom: arg))\""
            fields[.cacheControl] = "public, max-age=31622400 immutable"
        }
        fields[.contentLength] = String(data.count)
        fields[.date] = HTTPDate.now()
        fields[.server] = serverName
        var body = allocator.buffer(capacity: data.count)
        body.writeBytes(data)
        return (HTTPResponse(status: .ok, headerFields: fields), body)
    }

    /// The value of `arg` when the query holds exactly one `arg` and nothing needs decoding; else nil.
    static func onlyArgument(_ query: Substring.UTF8View) -> String? {
        var found: Substring.UTF8View?
        for part in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            if part.contains(UInt8(ascii: "%")) || part.contains(UInt8(ascii: "+")) { return nil }
            guard part.starts(with: "arg".utf8) else { continue }
            let rest = part.dropFirst(3)
            guard rest.first == UInt8(ascii: "=") else { continue }
            if found != nil { return nil }
            found = rest.dropFirst()
        }
        guard let found, !found.isEmpty else { return nil }
        return String(Substring(found))
    }
}

/// An HTTP `Date` header value (RFC 9110 IMF-fixdate), formatted at most once a second.
enum HTTPDate {
    private static let cache = Mutex<(second: Int, text: String)>((-1, ""))

    static func now() -> String {
        let second = Int(Date().timeIntervalSince1970.rounded(.down))
        if let text = cache.withLock({ $0.second == second ? $0.text : nil }) { return text }
        let text = format(second)
        cache.withLock { $0 = (second, text) }
        return text
    }

    /// `secondsSinceEpoch` in GMT, e.g. `Thu, 01 Jan 1970 00:00:00 GMT` (Gregorian calendar).
    static func format(_ secondsSinceEpoch: Int) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(secondsFromGMT: 0) ?? calendar.timeZone
        let c = calendar.dateComponents([.weekday, .day, .month, .year, .hour, .minute, .second],
                                        from: Date(timeIntervalSince1970: TimeInterval(secondsSinceEpoch)))
        let days = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"], months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        func two(_ n: Int?) -> String { let n = n ?? 0; return n < 10 ? "0\(n)" : "\(n)" }
        let weekday = days[((c.weekday ?? 1) - 1 + 7) % 7], month = months[((c.month ?? 1) - 1 + 12) % 12]
        return "\(weekday), \(two(c.day)) \(month) \(c.year ?? 1970) \(two(c.hour)):\(two(c.minute)):\(two(c.second)) GMT"
    }
}
