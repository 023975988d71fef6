import PeergosMultiformats

/// Checks for the multiformats kinds the project's own vectors add (Vectors/peergos/multiformats-rules.json):
/// `multihash_decode` and `multibase_decode` (see Vectors/SCHEMA.md).
enum MultiformatsRuleVectors {
    /// `input` (hex) read as one whole multihash: `type` (upstream's name), `multihash_code` and
    /// `digest`, or `error: true` with `code`.
    static func multihashDecode(_ v: Vector) throws {
        let input = try v.hex("input")
        if try v.expectsError() {
            try expectError(v, "multihash decode") { try Multihash(bytes: input) }
            return
        }
        let m = try expectSuccess("multihash decode") { try Multihash(bytes: input) }
        try expect(m.type.name, equals: try v.string("type"), "multihash type")
        try expect(Int(m.type.rawValue), equals: try v.int("multihash_code"), "multihash code")
        try expectBytes(m.digest, equals: try v.hex("digest"), "digest")
    }

    /// `input` (multibase text) decoded: `data` (hex), and with `reencodes: true` writing `data`
    /// in the base its prefix names gives `input` back; or `error: true` with `code`.
    static func multibaseDecode(_ v: Vector) throws {
        let input = try v.string("input")
        if try v.expectsError() {
            try expectError(v, "multibase decode") { try Multibase.decode(input) }
            return
        }
        let data = try expectSuccess("multibase decode") { try Multibase.decode(input) }
        try expectBytes(data, equals: try v.hex("data"), "decoded bytes")
        let reencodes = try v.bool("reencodes")
        guard let prefix = input.first, let base = Multibase(rawValue: prefix) else { throw VectorMismatch("no multibase prefix") }
        try expect(Multibase.encode(data, base) == input, equals: reencodes, "the same base writes the input back")
    }
}
