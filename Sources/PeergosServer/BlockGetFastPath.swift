import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import PeergosMultiformats
import PeergosServerStorage

/// The plain `block/get` request (`POST /api/v0/block/get?arg=<cid>`), answered on the
/// connection's event loop by ``RequestFastPath`` instead of the router.
///
/// Why: a routed request crosses from the event loop to Swift's global pool and its answer back,
/// two thread wake-ups; under concurrent writes each waited for a core (the global pool's threads
/// had the longest scheduling delays, 0.12 ms on average). Measured (peergos-bench server,
/// embedded, 2 cores, two runs each, same session; `api/v0/id` 28.1-28.4k/s throughout): block/get
/// 27.9-29.3k -> 42.6-42.8k requests/s; p99 of gets alone 0.61-0.64 -> 0.40 ms, of gets during puts
/// 1.24 -> 0.67-0.88 ms.
///
/// Invariant: it answers only what the router would answer 200 with the same body and headers: a
/// request whose `arg` is the only one, needs no percent-decoding, and parses as a CID that is not
/// an identity CID, with no `Connection`, `Expect` or `Upgrade` header, on a server without
/// faults. Anything else, and any read that fails, goes to the router unchanged.
enum BlockGetFastPath {
    static let path = "/api/v0/block/get"

    /// The router's 200 answer to `head`, or nil if the router is to answer it.
    static func answer(_ head: HTTPRequest, reads: ServerReadConnections, serverName: String, allocator: ByteBufferAllocator) -> (HTTPResponse, ByteBuffer)? {
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
        return RequestFastPath.ok(data, fields: fields, serverName: serverName, allocator: allocator)
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
