import PeergosCHAMP
import PeergosCrypto
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
        // `error` on the sequence says whether some step fails; each such step names its error.
        let sequenceFails = try v.expectsError()
        var someStepFailed = false
        for (n, step) in try v.nestedArray("steps").enumerated() {
            let key = try step.hex("key")
            let op = try step.string("op")
            let fails = try step.expectsError()
            let apply: () throws -> Cid = {
                switch op {
                case "put":
                    // Upstream's failing puts record only the key (a hash collision depends on the key alone);
                    // such a put stores the CID of the empty raw block.
                    let value = fails ? try step.optionalHex("value").map(Cid.init(bytes:)) ?? Cid.sha256(codec: .raw, digest: Hash.sha256([]))
                                      : try Cid(bytes: try step.hex("value"))
                    return try champ.put(root: root, key: key, value: value, expected: model[key])
                case "remove": return try champ.remove(root: root, key: key, expected: model[key])
                default: throw VectorSkip("unknown op \(op)")
                }
            }
            if fails {
                try expectError(step, "step \(n) (\(op))") { try apply() }
                someStepFailed = true
                continue
            }
            root = try expectSuccess("step \(n) (\(op))") { try apply() }
            if op == "put" { model[key] = try Cid(bytes: try step.hex("value")) } else { model[key] = nil }
            try expectBytes(root.bytes, equals: try step.hex("root"), "root after step \(n) (\(op))")
            if step.has("root_string") { try expect(root.description, equals: try step.string("root_string"), "root string after step \(n)") }
            if step.has("node_count") { try expect(try champ.nodeCount(root: root), equals: try step.int("node_count"), "node count after step \(n)") }
            if step.has("size") { try expect(try champ.size(root: root), equals: try step.int("size"), "size after step \(n)") }
        }
        try expect(someStepFailed, equals: sequenceFails, "some step fails")
        if let block = try v.optionalHex("final_root_block_cbor") {
            try expectBytes(try store.get(root) ?? [], equals: block, "final root block")
        }
        if try v.optionalBool("final_gets_ok") == true {
            for (key, value) in model { try expect(try champ.get(root: root, key: key), equals: value, "get \(Hex.encode(key))") }
        }
    }
}
