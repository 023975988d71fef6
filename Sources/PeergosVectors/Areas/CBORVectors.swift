import Foundation
import PeergosCBOR
import PeergosMultiformats

extension VectorArea {
    /// Area "cbor": canonical encoding of typed trees, upstream-compatible decoding (kind
    /// `encode` and `decode`, from upstream) and strict decoding (kind `decode_strict`, ours).
    public static let cbor = VectorArea(name: "cbor") { vector in
        switch vector.kind {
        case "encode": try CBORVectors.checkEncode(vector)
        case "decode": try CBORVectors.checkDecode(vector, bytes: try vector.hex("cbor"), options: .upstreamCompatibleWithTextLinks)
        case "decode_strict":
            let bytes = try vector.hex("cbor")
            try CBORVectors.checkDecode(vector, bytes: bytes, options: .strict)
            // What upstream's lenient decoder does with the same bytes (our upstream-compatible mode).
            if vector.has("upstream") { try CBORVectors.checkDecode(try vector.nested("upstream"), bytes: bytes, options: .upstreamCompatibleWithTextLinks) }
        default: throw VectorSkip("unknown cbor vector kind \(vector.kind)")
        }
    }
}

/// Checks for the cbor area.
enum CBORVectors {
    static func checkEncode(_ v: Vector) throws {
        let input = try TypedCborTree.parse(try v.object("input"))
        let expected = try v.hex("cbor")
        try expectBytes(input.serialize(), equals: expected, "encoding")
        if let order = try v.has("serialized_key_order") ? v.stringArray("serialized_key_order") : nil {
            guard case .map(let m) = input else { throw VectorMismatch("serialized_key_order given for a value that is not a map") }
            try expect(m.keys, equals: order, "serialised key order")
        }
        if let roundTrips = try v.optionalBool("decode_roundtrip_equal") {
            let decoded = try? CborObject.decode(expected, options: .strict)
            try expect(decoded == input, equals: roundTrips, "strict decode of the encoding equals the input")
        }
    }

    /// Decodes `bytes`: a negative vector must fail with its code (and, when it gives one, at its
    /// `offset`); a positive one must decode to `decoded` and re-encode to `reencoded` when given.
    static func checkDecode(_ v: Vector, bytes: [UInt8], options: CborDecodingOptions) throws {
        if try v.expectsError() {
            let error = try expectError(v, "decode") { try CborObject.decode(bytes, options: options) }
            if let offset = try v.optionalInt("offset") {
                guard let cborError = error as? CborError else { throw VectorMismatch("expected a CborError, got \(error)") }
                try expect(cborError.offset, equals: offset, "error offset")
            }
            return
        }
        let decoded = try expectSuccess("decode") { try CborObject.decode(bytes, options: options) }
        if v.has("decoded") {
            let expected = try TypedCborTree.parse(try v.object("decoded"))
            try expect(decoded, equals: expected, "decoded value")
            try TypedCborTree.checkOrder(decoded, against: try v.object("decoded"))
        }
        if let reencoded = try v.optionalHex("reencoded") {
            try expectBytes(decoded.serialize(), equals: reencoded, "re-encoding")
        }
    }
}

/// The vectors' typed JSON form of a CBOR value:
/// `{"t": "int|text|bytes|bool|null|list|map|link", "v": ...}`; ints are decimal strings, bytes
/// and links hex, a map's `v` is `[[key, node], ...]`.
public enum TypedCborTree {
    public static func parse(_ node: [String: Any]) throws -> CborObject {
        guard let t = node["t"] as? String else { throw VectorFormatError.badTypedNode("typed node without \"t\"") }
        let v = node["v"]
        switch t {
        case "int":
            if let s = v as? String, let i = Int64(s) { return .integer(i) }
            if let n = v as? NSNumber, !Vector.isBoolean(n), n.stringValue == String(n.int64Value) { return .integer(n.int64Value) }
            throw VectorFormatError.badTypedNode("bad int node")
        case "text":
            guard let s = v as? String else { throw VectorFormatError.badTypedNode("bad text node") }
            return .text(s)
        case "bytes":
            guard let s = v as? String, let b = Hex.decode(s) else { throw VectorFormatError.badTypedNode("bad bytes node") }
            return .bytes(b)
        case "link":
            guard let s = v as? String, let b = Hex.decode(s) else { throw VectorFormatError.badTypedNode("bad link node") }
            return .link(b)
        case "bool":
            guard let b = Vector.boolean(v) else { throw VectorFormatError.badTypedNode("bad bool node") }
            return .bool(b)
        case "null":
            return .null
        case "list":
            guard let items = v as? [Any] else { throw VectorFormatError.badTypedNode("bad list node") }
            return .list(try items.map { item in
                guard let o = item as? [String: Any] else { throw VectorFormatError.badTypedNode("bad list item") }
                return try parse(o)
            })
        case "map":
            guard let pairs = v as? [Any] else { throw VectorFormatError.badTypedNode("bad map node") }
            var entries: [(String, CborObject)] = []
            for pair in pairs {
                guard let kv = pair as? [Any], kv.count == 2, let k = kv[0] as? String, let o = kv[1] as? [String: Any] else {
                    throw VectorFormatError.badTypedNode("bad map entry")
                }
                entries.append((k, try parse(o)))
            }
            return .map(try CborMap(entries))
        default:
            throw VectorFormatError.badTypedNode("unknown typed node \(t)")
        }
    }

    /// The typed JSON form of a value (the inverse of ``parse(_:)``).
    public static func render(_ value: CborObject) -> [String: Any] {
        switch value {
        case .integer(let i): return ["t": "int", "v": String(i)]
        case .text(let s): return ["t": "text", "v": s]
        case .bytes(let b): return ["t": "bytes", "v": Hex.encode(b.array)]
        case .link(let c): return ["t": "link", "v": Hex.encode(c.array)]
        case .bool(let b): return ["t": "bool", "v": b]
        case .null: return ["t": "null"]
        case .list(let items): return ["t": "list", "v": items.map(render)]
        case .map(let m): return ["t": "map", "v": m.entries.map { [$0.key, render($0.value)] as [Any] }]
        }
    }

    /// Checks that every map in `value` lists its keys in the order the typed tree gives.
    static func checkOrder(_ value: CborObject, against node: [String: Any]) throws {
        switch value {
        case .map(let m):
            let pairs = (node["v"] as? [Any]) ?? []
            let keys = pairs.compactMap { ($0 as? [Any])?.first as? String }
            try expect(m.keys, equals: keys, "map key order")
            for (entry, pair) in zip(m.entries, pairs) {
                if let o = (pair as? [Any])?.last as? [String: Any] { try checkOrder(entry.value, against: o) }
            }
        case .list(let items):
            let nodes = (node["v"] as? [Any]) ?? []
            for (item, n) in zip(items, nodes) {
                if let o = n as? [String: Any] { try checkOrder(item, against: o) }
            }
        default:
            break
        }
    }
}
