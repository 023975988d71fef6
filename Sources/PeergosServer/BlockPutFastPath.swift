import Foundation
import HTTPTypes
import NIOCore
import PeergosMultiformats

/// The plain `block/put/bulk` request, read and answered by ``RequestFastPath`` on the
/// connection's event loop: its check (``StorageRoutes/checkedPut(_:writer:codec:server:)``, the
/// route's own) runs on ``BlockingWork/pool`` and its write is queued for the group commit, whose
/// writer thread hands the answer back to the event loop; Swift's global pool is not involved.
///
/// Why: a routed put crosses threads six times (event loop, global pool, blocking pool, writer,
/// blocking pool, global pool, event loop), each a wake-up of a sleeping thread; here it crosses
/// three (event loop, blocking pool, writer, event loop). On a 2-core AMD EPYC virtual machine a
/// wake-up and its context switch cost the kernel about 10 µs of CPU. Measured there, same session
/// (peergos-bench server, embedded, two runs each, alternating): puts at 16 connections
/// 5,956 / 6,190 -> 7,692 / 7,967 requests/s; a separate server under puts alone (perf stat) went
/// from about 4.3 to 1.9 context switches per put. The price: puts keep more of the CPU while gets
/// run too (puts during gets 2.7k / 1.3k -> 3.6k / 4.3k per second), so the p99 of those gets
/// rose (1.45 / 0.80 -> 1.48 / 1.59 ms; gets alone 0.49-0.58 ms either way).
///
/// Invariants:
/// - It takes only a request the router would route to `block/put/bulk` with the same parameters:
///   `POST` of exactly that path, a query needing no percent-decoding whose `writer` and `owner`
///   appear once each and parse as key hashes and whose `format`, if present, appears once and
///   names a codec, a `Content-Length` body within the route's limit and no `Transfer-Encoding`,
///   `Connection`, `Expect` or `Upgrade` header, on a server without faults.
/// - It answers only success, with the router's body and headers. A put whose work throws, for
///   whatever reason, stored nothing (the write is one transaction) and is handed to the router
///   whole, which runs it again and answers (and logs) its refusal as for any request.
struct BlockPutFastPath: Sendable {
    static let path = "/api/v0/block/put/bulk"

    /// A put's parameters, parsed from its head.
    struct Put: Sendable {
        let writer: PublicKeyHash
        let codec: Cid.Codec
        let contentLength: Int
    }

    let server: PeergosServer
    /// Runs a put's work off the event loop (``BlockingWork/run(_:ifCancelled:)`` in the server,
    /// inline in tests), or its second argument instead if it cannot.
    let runWork: @Sendable (_ work: @escaping @Sendable () -> Void, _ ifCancelled: @escaping @Sendable () -> Void) -> Void

    /// Calls a finished put's `done` (on the thread that finished it in the server; tests queue it).
    let deliver: @Sendable (_ done: @escaping @Sendable () -> Void) -> Void

    init(server: PeergosServer,
         runWork: @escaping @Sendable (_ work: @escaping @Sendable () -> Void, _ ifCancelled: @escaping @Sendable () -> Void) -> Void = BlockingWork.run,
         deliver: @escaping @Sendable (_ done: @escaping @Sendable () -> Void) -> Void = { $0() }) {
        self.server = server
        self.runWork = runWork
        self.deliver = deliver
    }

    /// `head`'s parameters if it is a put this path takes, else nil (the router's to answer).
    func accepts(_ head: HTTPRequest) -> Put? {
        let fields = head.headerFields
        guard head.method == .post, let target = head.path, target.hasPrefix(Self.path + "?"),
              fields[.connection] == nil, fields[.expect] == nil, fields[.upgrade] == nil, fields[.transferEncoding] == nil,
              let lengthText = fields[.contentLength], let length = Int(lengthText), length > 0, length <= StorageRoutes.putBulkBodyLimit,
              let query = Self.parameters(target.utf8.dropFirst(Self.path.utf8.count + 1)),
              let writerText = query["writer"], let ownerText = query["owner"],
              let writer = try? StorageRoutes.publicKeyHash(writerText), (try? StorageRoutes.publicKeyHash(ownerText)) != nil,
              let codec = StorageRoutes.blockCodec(format: query["format"] ?? "dag-cbor")
        else { return nil }
        return Put(writer: writer, codec: codec, contentLength: length)
    }

    /// Runs `put` with `body` where ``runWork`` does, then calls `done` there with the answer's
    /// body, or nil if the work threw or could not run (the router is then to answer).
    ///
    /// The check runs where ``runWork`` does; the write is then queued for the group commit, whose
    /// writer thread calls `done` once it is durable, so no thread waits for the commit.
    func run(_ put: Put, body: [UInt8], done: @escaping @Sendable ([UInt8]?) -> Void) {
        let server = server, deliver = deliver
        runWork({
            guard let checked = try? StorageRoutes.checkedPut(body, writer: put.writer, codec: put.codec, server: server) else {
                return deliver { done(nil) }
            }
            let answer = checked.answer
            server.database.putBlocks(checked.blocks, chargedTo: checked.username, quota: server.defaultQuota) { outcome in
                let stored = (try? outcome.get()) != nil
                deliver { done(stored ? answer : nil) }
            }
        }, { deliver { done(nil) } })
    }

    /// The query's `writer`, `owner` and `format`, when nothing in it needs decoding and none of
    /// the three appears twice; else nil. Other parameters (`transaction`) are the route's to ignore.
    static func parameters(_ query: Substring.UTF8View) -> [String: String]? {
        var found: [String: String] = [:]
        // One pass over the bytes, not two generic `contains` per part.
        let needsDecoding = query.withContiguousStorageIfAvailable { bytes in
            bytes.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
        } ?? query.contains { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }
        if needsDecoding { return nil }
        for part in query.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: false) {
            let equals = part.firstIndex(of: UInt8(ascii: "="))
            let key = String(Substring(part[..<(equals ?? part.endIndex)]))
            guard key == "writer" || key == "owner" || key == "format" else { continue }
            // Named twice, or with no value: the router's reading of it is the one that counts.
            guard let equals, found[key] == nil else { return nil }
            found[key] = String(Substring(part[part.index(after: equals)...]))
        }
        return found
    }
}
