/// The project's own cryptree vectors (area "cryptree", `Vectors/peergos/cryptree-rules.json`):
/// FileProperties refusals upstream's vectors leave out, and the order of the two checks
/// (Spec/cryptree.md#properties). Outcomes are written by hand; ``VectorGenerator`` checks them.
enum CryptreeRuleCases {
    static func refused(_ id: String, _ description: String, name: String, code: String, directoryWithSecret: Bool = false) -> [String: Any] {
        var v: [String: Any] = ["id": id, "kind": "file_properties", "description": description, "name": name, "error": true, "code": code]
        if directoryWithSecret {
            v["is_directory"] = true
            v["stream_secret"] = String(repeating: "11", count: 32)
        }
        return v
    }

    static func vectors() -> [[String: Any]] {
        [
            refused("file_properties_bad_name_dot", "the name \".\"", name: ".", code: "cryptree.invalid_file_name"),
            refused("file_properties_bad_name_trailing_slash", "a name ending in /", name: "docs/", code: "cryptree.invalid_file_name"),
            refused("file_properties_directory_with_stream_secret", "a directory with a stream secret", name: "Documents",
                    code: "cryptree.directory_with_stream_secret", directoryWithSecret: true),
            refused("file_properties_order_secret_before_name", "a directory with a stream secret and the name \"..\": the stream secret is checked first",
                    name: "..", code: "cryptree.directory_with_stream_secret", directoryWithSecret: true),
        ]
    }
}
