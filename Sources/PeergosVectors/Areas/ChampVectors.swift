import PeergosCHAMP
import PeergosMultiformats
import PeergosStorage

extension VectorArea {
    /// Area "champ": sequences of puts and removes, checking the root, node count and size after each.
    public static let champ = VectorArea(name: "champ") { v in
        switch v.kind {
        case "champ_sequence": try ChampVectors.sequence(v)
        default: throw VectorSkip("unknown champ vector kind \(v.kind)")
        }
    }
}

enum ChampVectors {
    static func sequence(_ v: Vector) throws {
        guard try v.int("bit_width") == Champ.bitWidth, try v.int("max_collisions") == Champ.maxCollisions else {
            throw VectorSkip("only bit width 3 with 4 mappings a bucket is implemented")
        }
        guard let hasher = ChampKeyHasher(rawValue: try v.string("key_hasher")) else { throw VectorSkip("unknown key hasher") }
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: hasher, store: store)
        var root = try champ.createEmpty()
        try expectBytes(root.bytes, equals: try v.hex("empty_root"), "empty root")
        var model: [[UInt8]: Cid] = [:]
        for (n, item) in try v.array("steps").enumerated() {
            guard let stepFields = item as? [String: Any] else { throw VectorMismatch("step \(n) is not an object") }
            let step = try Vector(fields: stepFields.merging(["id": "\(v.id)#\(n)"]) { a, _ in a })
            let key = try step.hex("key")
            let op = try step.string("op")
            let apply: () throws -> Cid = {
                switch op {
                case "put": return try champ.put(root: root, key: key, value: try Cid(bytes: try step.hex("value")), expected: model[key])
                case "remove": return try champ.remove(root: root, key: key, expected: model[key])
                default: throw VectorSkip("unknown op \(op)")
                }
            }
            if step.expectsError {
                try expectFailure("step \(n) (\(op))") { try apply() }
                continue
            }
            root = try expectSuccess("step \(n) (\(op))") { try apply() }
            if op == "put" { model[key] = try Cid(bytes: try step.hex("value")) } else { model[key] = nil }
            try expectBytes(root.bytes, equals: try step.hex("root"), "root after step \(n) (\(op))")
            if step.has("root_string") { try expect(root.description, equals: try step.string("root_string"), "root string after step \(n)") }
            if step.has("node_count") { try expect(try champ.nodeCount(root: root), equals: try step.int("node_count"), "node count after step \(n)") }
            if step.has("size") { try expect(try champ.size(root: root), equals: try step.int("size"), "size after step \(n)") }
        }
        if let block = try v.optionalHex("final_root_block_cbor") {
            try expectBytes(try store.get(root) ?? [], equals: block, "final root block")
        }
        if try v.optionalBool("final_gets_ok") == true {
            for (key, value) in model { try expect(try champ.get(root: root, key: key), equals: value, "get \(Hex.encode(key))") }
        }
    }
}
