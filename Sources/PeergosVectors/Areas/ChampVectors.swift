import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

extension VectorArea {
    /// Area "champ": sequences of puts and removes, checking the root, node count and size after
    /// each (`champ_sequence`); single node blocks to read or refuse (`node_decode`); one operation
    /// over a store of given blocks, hostile ones included (`champ_operation`).
    public static let champ = VectorArea(name: "champ") { v in
        switch v.kind {
        case "champ_sequence": try ChampVectors.sequence(v)
        case "node_decode": try ChampVectors.nodeDecode(v)
        case "champ_operation": try ChampVectors.operation(v)
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
        // A CHAMP carrying a mirror BAT (the secret-links CHAMP): created with it and passed it on
        // every put and remove, as upstream's SecretLinkChamp does.
        let mirrorBat = v.has("mirror_bat") ? try mirrorBat(try v.nested("mirror_bat")) : nil
        var root = try champ.createEmpty(mirrorBat: mirrorBat)
        try expectBytes(root.bytes, equals: try v.hex("empty_root"), "empty root")
        var model: [[UInt8]: Cid] = [:]
        // `error` on the sequence says whether some step fails; each such step names its error.
        let sequenceFails = try v.expectsError()
        var someStepFailed = false
        for (n, step) in try v.nestedArray("steps").enumerated() {
            let key = try step.hex("key")
            let op = try step.string("op")
            // Secret-link steps: the key is SHA-256 of the label as 8 little-endian bytes, and the
            // value the dag-cbor CID of a SecretLinkTarget block given in full.
            if let label = try step.optionalInt64("label") {
                let le = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) }
                try expectBytes(key, equals: Hash.sha256(le), "step \(n): key = SHA-256(LE64(label))")
            }
            if let block = try step.optionalHex("value_block_cbor") {
                try expectBytes(try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block)).bytes, equals: try step.hex("value"), "step \(n): value = CID of value_block_cbor")
                let target = try expectSuccess("step \(n): SecretLinkTarget") { try SecretLinkTarget(cborBytes: block) }
                try expectBytes(target.serialize(), equals: block, "step \(n): SecretLinkTarget re-encoding")
            }
            let fails = try step.expectsError()
            let apply: () throws -> Cid = {
                switch op {
                case "put":
                    // Upstream's failing puts record only the key (a hash collision depends on the key alone);
                    // such a put stores the CID of the empty raw block.
                    let value = fails ? try step.optionalHex("value").map(Cid.init(bytes:)) ?? Cid.sha256(codec: .raw, digest: Hash.sha256([]))
                                      : try Cid(bytes: try step.hex("value"))
                    return try champ.put(root: root, key: key, value: value, expected: model[key], mirrorBat: mirrorBat)
                case "remove": return try champ.remove(root: root, key: key, expected: model[key], mirrorBat: mirrorBat)
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

    /// The `mirror_bat` object: `bat_secret` = SHA-256("mirror-bat"), the BatId a CIDv1 raw
    /// sha2-256 of the secret (`mirror_bat_id`, in base58 `mirror_bat_id_string`), serialised as a
    /// CBOR byte string of the CID bytes (`mirror_bat_cbor`). Returns the BatId.
    static func mirrorBat(_ m: Vector) throws -> Cid {
        let secret = try m.hex("bat_secret")
        try expectBytes(secret, equals: Hash.sha256(Array("mirror-bat".utf8)), "mirror_bat.bat_secret")
        let id = try Cid(bytes: try m.hex("mirror_bat_id"))
        try expectBytes(id.bytes, equals: try Cid.sha256(codec: .raw, digest: Hash.sha256(secret)).bytes, "mirror_bat_id = CIDv1 raw sha2-256 of the secret")
        try expect(id.description, equals: try m.string("mirror_bat_id_string"), "mirror_bat_id_string")
        try expectBytes(CborObject.bytes(id.bytes).serialize(), equals: try m.hex("mirror_bat_cbor"), "mirror_bat_cbor")
        m.ignore(["derivation"], because: "prose describing the fields checked above")
        return id
    }

    /// `node_decode`: `node` must be read (`accepted`, re-encoding to `reencoded`, holding
    /// `mappings` mappings and `children` child links) or refused with `code`. A refused node is
    /// also refused, with the same code, by a lookup of a key in each of the 8 slots of a CHAMP
    /// whose root it is: the lookup fast path, which reads one slot from the bytes, must never
    /// answer from a node the full reader refuses.
    static func nodeDecode(_ v: Vector) throws {
        let bytes = try v.hex("node")
        let accepted = try v.bool("accepted")
        try expect(try v.expectsError(), equals: !accepted, "error is the opposite of accepted")
        guard accepted else {
            let code = try v.expectedErrorCode()
            try expectFailure("decode", code: code) { try ChampNode(bytes: bytes) }
            let store = InMemoryBlockStore()
            let root = try store.put(bytes, codec: .dagCbor)
            let champ = Champ(hasher: .identity, store: store)
            for slot in UInt8(0)..<8 {
                try expectFailure("lookup in slot \(slot)", code: code) { try champ.get(root: root, key: [slot] + [UInt8](repeating: 0, count: 31)) }
            }
            return
        }
        let node = try expectSuccess("decode") { try ChampNode(bytes: bytes) }
        try expectBytes(node.serialize(), equals: try v.hex("reencoded"), "re-encoded node")
        var mappings = 0
        var children = 0
        for payload in node.contents {
            switch payload {
            case .bucket(let m): mappings += m.count
            case .child: children += 1
            }
        }
        try expect(mappings, equals: try v.int("mappings"), "mappings")
        try expect(children, equals: try v.int("children"), "child links")
    }

    /// `champ_operation`: `blocks` are stored as dag-cbor blocks, the first being the root; `op`
    /// (`get`, `put`, `remove`, `size`) runs over it with `key`, `value` and the compare-and-swap
    /// `expected` (absent: none). Its result must be `found` (and `result`, the value), `new_root`
    /// or `size`, or for a negative vector the error `code`.
    static func operation(_ v: Vector) throws {
        guard let hasher = ChampKeyHasher(rawValue: try v.string("key_hasher")) else { throw VectorSkip("unknown key hasher") }
        let store = InMemoryBlockStore()
        let blocks = try v.hexArray("blocks")
        guard let first = blocks.first else { throw VectorFormatError.missingField("blocks[0]", vector: v.id) }
        let root = try store.put(first, codec: .dagCbor)
        for block in blocks.dropFirst() { _ = try store.put(block, codec: .dagCbor) }
        let champ = Champ(hasher: hasher, store: store)
        let op = try v.string("op")
        let fails = try v.expectsError()
        func run<T>(_ body: () throws -> T) throws -> T? {
            if fails {
                try expectError(v, op) { try body() }
                return nil
            }
            return try expectSuccess(op, body)
        }
        switch op {
        case "get":
            let key = try v.hex("key")
            guard let value = try run({ try champ.get(root: root, key: key) }) else { return }
            try expect(value != nil, equals: try v.bool("found"), "found")
            if let value { try expectBytes(value.bytes, equals: try v.hex("result"), "value") }
        case "put":
            let key = try v.hex("key")
            let value = try Cid(bytes: try v.hex("value"))
            let expected = try v.optionalHex("expected").map(Cid.init(bytes:))
            guard let newRoot = try run({ try champ.put(root: root, key: key, value: value, expected: expected) }) else { return }
            try expectBytes(newRoot.bytes, equals: try v.hex("new_root"), "new root")
        case "remove":
            let key = try v.hex("key")
            let expected = try v.optionalHex("expected").map(Cid.init(bytes:))
            guard let newRoot = try run({ try champ.remove(root: root, key: key, expected: expected) }) else { return }
            try expectBytes(newRoot.bytes, equals: try v.hex("new_root"), "new root")
        case "size":
            guard let size = try run({ try champ.size(root: root) }) else { return }
            try expect(size, equals: try v.int("size"), "size")
        default:
            throw VectorFormatError.missingField("op (get, put, remove or size)", vector: v.id)
        }
    }
}
