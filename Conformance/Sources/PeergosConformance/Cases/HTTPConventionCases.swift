import Foundation

/// Area `http`: the conventions every route shares (Spec/http.md#conventions, #errors).
enum HTTPConventionCases {
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
        ]
    }
}
