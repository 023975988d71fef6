import Foundation
import PeergosCBOR
import PeergosCryptree
import PeergosMultiformats
import PeergosPKI

/// Area `http`: the conventions every route shares (Spec/http.md#conventions, #errors,
/// #text-limits) and the node routes (`id`, `ids`, `blockstore/props`).
enum HTTPConventionCases {
    typealias S = StorageSupport

    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "http.id.answers-node-id", "api/v0/id answers JSON {\"ID\": node id}", level: .must, spec: "http.md#storage",
                tags: [.readOnly]
            ) { ctx in
                let r = try await ctx.post("api/v0/id")
                try ctx.expectStatus(r, 200)
                let json = try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any]
                try ctx.expect((json?["ID"] as? String)?.isEmpty == false, "the answer has no non-empty \"ID\" string")
            },
            ConformanceCase(
                "http.method.get-refused-with-405", "A GET to an API route is answered 405", level: .must, spec: "http.md#conventions",
                tags: [.readOnly]
            ) { ctx in
                for path in ["api/v0/id", "api/v0/block/get", "peergos/v0/core/getChain", "peergos/v0/mutable/getPointer"] {
                    let r = try await ctx.send(ProbeRequest(method: "GET", path: path))
                    try ctx.expectStatus(r, 405, "GET /\(path)")
                }
            },
        ] + node + methods + errors + malformed + HTTPTransportCases.all
    }

    static var node: [ConformanceCase] {
        [
            ConformanceCase("http.ids.answers-node-ids", "api/v0/ids answers JSON {\"IDS\": [node id]}, the id of api/v0/id",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let id = try await ctx.post("api/v0/id")
                try ctx.expectStatus(id, 200, "api/v0/id")
                let r = try await ctx.post("api/v0/ids")
                try expectIds(ctx, r, id: id)
            },
            ConformanceCase("http.blockstore-props.answers-flags", "api/v0/blockstore/props answers CBOR {w: false, ar: false, pr: false}",
                            level: .must, spec: "http.md#storage", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/blockstore/props")
                try ctx.expectStatus(r, 200, "blockstore/props")
                let map = try? CborObject.decode(r.body, options: .upstreamCompatible).asMap("props")
                for key in ["w", "ar", "pr"] {
                    guard case .bool(false)? = map?[key] else {
                        throw ctx.fail("blockstore/props: expected CBOR {w: false, ar: false, pr: false}, got \(RecordedExchange.show(r.body))")
                    }
                }
            },
        ]
    }

    /// Fails unless `r` is `{"IDS": [id]}` with the id of the `api/v0/id` answer `id`.
    static func expectIds(_ ctx: CaseContext, _ r: ProbeResponse, id: ProbeResponse) throws {
        try ctx.expectStatus(r, 200, "api/v0/ids")
        let node = (try? JSONSerialization.jsonObject(with: Data(id.body)) as? [String: Any])?["ID"] as? String
        let ids = (try? JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])?["IDS"] as? [String]
        try ctx.expect(node != nil && ids == [node!], "api/v0/ids: expected {\"IDS\": [\"\(node ?? "?")\"]}, got \(RecordedExchange.show(r.body))")
    }

    /// One route of each family, with the id part naming it: a GET must be answered 405.
    static let getRoutes: [(name: String, path: String)] = [
        ("block-put-bulk", "api/v0/block/put/bulk"), ("block-stat", "api/v0/block/stat"), ("champ-get-bulk", "api/v0/champ/get/bulk"),
        ("link-get", "api/v0/link/get"), ("transaction-start", "api/v0/transaction/start"), ("setPointer", "peergos/v0/mutable/setPointer"),
        ("signup", "peergos/v0/core/signup"), ("getLogin", "peergos/v0/login/getLogin"), ("followRequest", "peergos/v0/social/followRequest"),
        ("quota", "peergos/v0/storage/quota"), ("getUserBats", "peergos/v0/bats/getUserBats"),
    ]

    static var methods: [ConformanceCase] {
        getRoutes.map { route in
            ConformanceCase("http.\(route.name).get-refused-with-405", "A GET to /\(route.path) is answered 405", level: .must,
                            spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let r = try await ctx.send(ProbeRequest(method: "GET", path: route.path))
                try ctx.expectStatus(r, 405, "GET /\(route.path)")
            }
        }
    }

    static var errors: [ConformanceCase] {
        [
            ConformanceCase("http.api.unknown-path-answers-404", "A POST to an unknown /api/v0/ path is answered 404", level: .must,
                            spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/no/such/route")
                try ctx.expectStatus(r, 404, "POST /api/v0/no/such/route")
            },
            ConformanceCase("http.core.refuses-unknown-method", "An unknown core method is refused: \"Unknown pkinode method!\"", level: .must,
                            spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("peergos/v0/core/noSuchMethod", body: S.dataStreamString("x"))
                try ctx.expectRefusal(r, containing: "Unknown pkinode method!", "POST /peergos/v0/core/noSuchMethod")
            },
            ConformanceCase("http.transaction-close.refuses-with-trailer-convention",
                            "A refusal is 400 with an empty body and the URL-encoded message in Trailer", level: .must,
                            spec: "http.md#conventions", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("api/v0/transaction/close")
                try ctx.expectRefusal(r, "transaction/close without arg")
                try ctx.expect(r.body.isEmpty, "a refusal should have an empty body; it has \(r.body.count) bytes")
                let raw = r.header("Trailer") ?? ""
                try ctx.expect(!raw.contains(" ") && raw.removingPercentEncoding != nil,
                               "the Trailer message should be URL-encoded (no raw spaces, valid %-escapes): \(raw)")
            },
        ]
    }

    /// Malformed input: each must be refused (400 + Trailer), never a 500 or a dropped connection.
    static var malformed: [ConformanceCase] {
        [
            ConformanceCase("http.setPointers.refuses-malformed-cbor", "setPointers with a body that is not CBOR is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                let owner = try S.freshKey().publicKey.publicKeyHash
                let r = try await ctx.post("peergos/v0/mutable/setPointers", query: [("owner", owner.description)], body: [0xbf, 0x61, 0x70, 0x9f, 0xff])
                try ctx.expectRefusal(r, "setPointers with malformed CBOR")
            },
            ConformanceCase("http.setPointers.refuses-wrong-shape", "setPointers with CBOR of the wrong shape is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                let owner = try S.freshKey().publicKey.publicKeyHash
                let r = try await ctx.post("peergos/v0/mutable/setPointers", query: [("owner", owner.description)],
                                           body: CborObject.list([.integer(1), .text("p")]).serialize())
                try ctx.expectRefusal(r, "setPointers with a CBOR list for a body")
            },
            ConformanceCase("http.signup.refuses-truncated-datastream", "signup with a truncated DataStream body is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                var w = DataStreamWriter()
                w.string("truncated")
                w.int32(5000)
                let r = try await ctx.post("peergos/v0/core/signup", body: w.bytes + [1, 2, 3])
                try ctx.expectRefusal(r, "signup with a byte array cut short")
            },
            ConformanceCase("http.getChain.refuses-truncated-datastream", "getChain with a string length past the body's end is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                let r = try await ctx.post("peergos/v0/core/getChain", body: [0, 0, 0, 40] + Array("abc".utf8))
                try ctx.expectRefusal(r, "getChain with a truncated string")
            },
            ConformanceCase("http.getPointer.refuses-bad-cid-text", "getPointer whose owner and writer are not key hashes is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                for text in ["zNotACid0OIl", "Qm", "not base58 at all", "z"] {
                    let r = try await ctx.post("peergos/v0/mutable/getPointer", query: [("owner", text), ("writer", text)])
                    try ctx.expectRefusal(r, "getPointer with owner=writer=\"\(text)\"")
                }
            },
            ConformanceCase("http.followRequest.refuses-malformed-cbor", "followRequest with a body that is not a follow request is refused, not a 500",
                            level: .must, spec: "http.md#errors", tags: [.readOnly]) { ctx in
                // A user who exists, so the body itself is what is refused.
                let owner = try await S.identity(ctx, of: try await ctx.fixtures.probeUsername())
                let r = try await ctx.post("peergos/v0/social/followRequest", query: [("owner", owner.description)], body: [0x82, 0x01])
                try ctx.expectRefusal(r, "followRequest with truncated CBOR")
            },
        ]
    }
}
