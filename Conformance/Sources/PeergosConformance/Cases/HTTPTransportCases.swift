import Foundation
import PeergosMultiformats
import PeergosPKI

/// Area `http`, transport: h2c upgrade requests, gzip request bodies, body bounds and the bound on
/// base58 text (Spec/http.md#conventions, #text-limits).
enum HTTPTransportCases {
    typealias S = StorageSupport

    static var all: [ConformanceCase] { upgrade + gzip + bounds + text }

    static var upgrade: [ConformanceCase] {
        [
            ConformanceCase("http.upgrade.h2c-answered-over-http1", "A request asking to upgrade to h2c is answered over HTTP/1.1, and the server goes on answering",
                            level: .must, spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let id = try await ctx.post("api/v0/id")
                try ctx.expectStatus(id, 200, "api/v0/id")
                let headers = [("Connection", "Upgrade, HTTP2-Settings"), ("Upgrade", "h2c"), ("HTTP2-Settings", "AAEAAEAAAAIAAAABAAMAAABkAAQBAAAAAAUAAEAA")]
                for i in 1...3 {
                    let r = try await ctx.send(ProbeRequest(method: "POST", path: "api/v0/ids", headers: headers))
                    try ctx.expect(r.status != 101, "request \(i) asking for h2c was answered 101 Switching Protocols, not over HTTP/1.1")
                    try HTTPConventionCases.expectIds(ctx, r, id: id)
                }
            },
        ]
    }

    /// The probe user's identity key hash as the body of `core/getUsername`.
    static func usernameBody(_ ctx: CaseContext) async throws -> (String, [UInt8]) {
        let username = try await ctx.fixtures.probeUsername()
        let id = try await S.identity(ctx, of: username)
        var w = DataStreamWriter()
        w.byteArray(id.serialize())
        return (username, w.bytes)
    }

    static var gzip: [ConformanceCase] {
        [
            ConformanceCase("http.gzip.request-body-accepted", "A body sent with Content-Encoding: gzip is decoded (core/getUsername answers as for the plain body)",
                            level: .must, spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let (username, body) = try await usernameBody(ctx)
                let r = try await ctx.post("peergos/v0/core/getUsername", body: S.gzip(body), headers: [("Content-Encoding", "gzip")])
                try ctx.expectStatus(r, 200, "getUsername with a gzip body")
                try ctx.expect(r.body == S.dataStreamString(username), "getUsername with a gzip body: expected the DataStream string \"\(username)\", got \(RecordedExchange.show(r.body))")
            },
            ConformanceCase("http.gzip.refuses-corrupt-body", "A body marked Content-Encoding: gzip that is not gzip is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                let (_, body) = try await usernameBody(ctx)
                var broken = S.gzip(body)
                broken[broken.count - 6] ^= 0x55  // the CRC no longer matches
                for (bytes, what) in [(body, "a plain body"), (Array(broken), "gzip with a wrong CRC"), (Array(S.gzip(body).prefix(12)), "gzip cut short")] {
                    let r = try await ctx.post("peergos/v0/core/getUsername", body: bytes, headers: [("Content-Encoding", "gzip")])
                    try ctx.expectRefusal(r, "getUsername with Content-Encoding: gzip and \(what)")
                }
            },
        ]
    }

    /// A body one byte over `limit` to `path` must be refused, and the server must then answer a
    /// normal request to the same route.
    static func oversize(_ name: String, _ path: String, limit: Int, query: @escaping @Sendable (CaseContext) async throws -> [(String, String)],
                         then valid: @escaping @Sendable (CaseContext) async throws -> Void) -> ConformanceCase {
        ConformanceCase("http.\(name).refuses-oversize-body", "A /\(path) body over \(limit) bytes is refused and the server goes on answering",
                        level: .must, spec: "http.md#conventions", tags: [.readOnly]) { ctx in
            let q = try await query(ctx)
            let r: ProbeResponse
            do { r = try await ctx.post(path, query: q, body: S.randomBytes(limit + 1)) } catch {
                throw ctx.fail("a \(limit + 1)-byte body to /\(path) got no answer (it must be refused with 400 + Trailer): \(error)")
            }
            try ctx.expectRefusal(r, "a \(limit + 1)-byte body to /\(path)")
            try await valid(ctx)
        }
    }

    static var bounds: [ConformanceCase] {
        let owner: @Sendable (CaseContext) async throws -> [(String, String)] = { ctx in
            let id = try S.freshKey().publicKey.publicKeyHash.description
            return [("owner", id), ("writer", id)]
        }
        let getChain: @Sendable (CaseContext) async throws -> Void = { ctx in
            let r = try await ctx.post("peergos/v0/core/getChain", body: S.dataStreamString(try await ctx.fixtures.probeUsername()))
            try ctx.expectStatus(r, 200, "getChain after the refusal")
        }
        let absentStat: @Sendable (CaseContext) async throws -> Void = { ctx in
            let size = try await S.statSize(ctx, try S.randomCid().description)
            try ctx.expect(size == 0, "block/stat after the refusal: expected Size 0, got \(size)")
        }
        return [
            oversize("setPointer", "peergos/v0/mutable/setPointer", limit: 1024, query: owner) { ctx in
                let id = try S.freshKey().publicKey.publicKeyHash.description
                let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", id), ("writer", id)])
                try ctx.expectStatus(r, 200, "getPointer after the refusal")
            },
            oversize("followRequest", "peergos/v0/social/followRequest", limit: 4096, query: owner, then: getChain),
            oversize("getChain", "peergos/v0/core/getChain", limit: 4096, query: { _ in [] }, then: getChain),
            oversize("block-put-bulk", "api/v0/block/put/bulk", limit: 1_048_576 + 100 + 65_536, query: { _ in
                let id = try S.freshKey().publicKey.publicKeyHash.description
                return [("owner", id), ("writer", id), ("transaction", "t"), ("format", "raw")]
            }, then: absentStat),
        ]
    }

    static var text: [ConformanceCase] {
        [
            ConformanceCase("http.block-stat.refuses-long-base58", "A CID of more than 8,192 base58 characters is refused without being decoded",
                            level: .must, spec: "http.md#text-limits", tags: [.readOnly]) { ctx in
                // A well-formed CID (identity multihash of 6,100 bytes) whose text is just over the bound:
                // a server that decoded it would answer its size.
                if let long = try? Cid.identity(codec: .raw, data: S.randomBytes(6_100)).description, long.count > 8_192 {
                    let r = try await ctx.post("api/v0/block/stat", query: [("arg", long)])
                    try ctx.expectRefusal(r, "block/stat with a well-formed CID of \(long.count) characters")
                }
                // Refused by length (the server must not spend quadratic time decoding it; no
                // timing is asserted, since a loaded machine makes any bound unreliable).
                for length in [8_193, 60_000] {
                    let r = try await ctx.post("api/v0/block/stat", query: [("arg", "z" + String(repeating: "2", count: length))])
                    try ctx.expectRefusal(r, "block/stat with a CID of \(length + 1) characters")
                }
            },
            ConformanceCase("http.champ-get-bulk.refuses-long-caps", "A caps parameter of more than 8,192 base58 characters is refused",
                            level: .must, spec: "http.md#text-limits", tags: [.readOnly]) { ctx in
                let owner = try S.freshKey().publicKey.publicKeyHash.description
                let r = try await ctx.post("api/v0/champ/get/bulk", query: [("owner", owner), ("arg", try S.randomCid(.dagCbor).description),
                                                                           ("caps", "z" + String(repeating: "3", count: 60_000))])
                try ctx.expectRefusal(r, "champ/get/bulk with caps of 60,001 characters")
            },
        ]
    }
}
