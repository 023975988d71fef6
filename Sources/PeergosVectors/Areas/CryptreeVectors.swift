import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage

extension VectorArea {
    /// Area "cryptree": file properties, padded fragmented ciphertexts, and cryptree nodes.
    public static let cryptree = VectorArea(name: "cryptree") { v in
        switch v.kind {
        case "file_properties": try CryptreeVectors.fileProperties(v)
        case "fragmented_padded_ciphertext": try CryptreeVectors.fragmented(v)
        case "cryptree_node": try CryptreeVectors.node(v)
        default: throw VectorSkip("unknown cryptree vector kind \(v.kind)")
        }
    }
}

enum CryptreeVectors {
    /// Data given as hex, `zeros(n)` or `det('label', n)`.
    static func data(_ text: String) throws -> [UInt8] {
        if text.hasPrefix("zeros("), text.hasSuffix(")"), let n = Int(text.dropFirst(6).dropLast()) { return [UInt8](repeating: 0, count: n) }
        if text.hasPrefix("det('"), text.hasSuffix(")") {
            let inner = text.dropFirst(5).dropLast()
            guard let quote = inner.firstIndex(of: "'"), let n = Int(inner[inner.index(after: quote)...].drop(while: { $0 == "," || $0 == " " })) else {
                throw VectorMismatch("bad det() data \(text)")
            }
            return DetRandom(label: String(inner[..<quote])).bytes(n)
        }
        guard let bytes = Hex.decode(text) else { throw VectorMismatch("bad data \(text)") }
        return bytes
    }

    static func fileProperties(_ v: Vector) throws {
        if try v.expectsError() {
            // Optional `is_directory` and `stream_secret` (default: a file without one) pin the order of checks.
            let isDirectory = try v.optionalBool("is_directory") ?? false
            let streamSecret = try v.optionalHex("stream_secret")
            try expectError(v, "file properties") {
                try FileProperties(name: try v.string("name"), isDirectory: isDirectory, mimeType: "", size: 0, modifiedSeconds: 0,
                                   createdSeconds: 0, streamSecret: streamSecret.map { SecretBytes(copying: $0) })
            }
            return
        }
        let cbor = try v.hex("cbor")
        let props = try expectSuccess("read") { try FileProperties(cborBytes: cbor) }
        try expect(props.name, equals: try v.string("name"), "name")
        try expect(props.isDirectory, equals: try v.bool("is_directory"), "is directory")
        try expect(props.mimeType, equals: try v.string("mime_type"), "MIME type")
        try expect(props.size, equals: try v.int64("size"), "size")
        try expect(props.streamSecret?.copyBytes(), equals: try v.optionalHex("stream_secret"), "stream secret")
        try expectBytes(props.serialize(), equals: cbor, "re-encoding")
        if let roundTrips = try v.optionalBool("roundtrip_equal") {
            try expect((try? FileProperties(cborBytes: props.serialize())) == props, equals: roundTrips, "reads back equal")
        }
        if v.has("decoded") { try expect(props.toCbor(), equals: try TypedCborTree.parse(try v.object("decoded")), "decoded value") }
    }

    static func fragmented(_ v: Vector) throws {
        let plain = try data(try v.string("data"))
        try expect(plain.count, equals: try v.int("data_len"), "data length")
        let plaintext = CborObject.bytes(plain)
        try expect(plaintext.encodedSize, equals: try v.int("plaintext_cbor_len"), "plaintext CBOR length")
        let key = try SymmetricKey(bytes: try v.hex("key"))
        let (ct, blocks) = try FragmentedPaddedCipherText.build(key: key, plaintext: plaintext, random: try CryptoVectors.detRandom(v))
        try expect(FragmentedPaddedCipherText.paddedLength(plaintext.encodedSize), equals: try v.int("padded_plaintext_len"), "padded length")
        try expect(ct.inlined != nil, equals: try v.bool("inline"), "inline")
        try expect((ct.header?.count ?? 0), equals: try v.int("header_len"), "header length")
        try expect(ct.fragments.count, equals: try v.int("n_fragments"), "fragment count")
        let total = (ct.header?.count ?? 0) + (ct.inlined?.count ?? 0) + (try blocks.reduce(0) { $0 + (try RawBlockPrefix.strip($1)).count })
        try expect(total, equals: try v.int("ciphertext_len"), "ciphertext length")
        for (i, f) in try v.nestedArray("fragments").enumerated() {
            guard i < ct.fragments.count else { throw VectorMismatch("fragment \(i) missing") }
            try expectBytes(ct.fragments[i].bytes, equals: try f.hex("cid"), "fragment \(i) CID")
            try expect(blocks[i].count, equals: try f.int("block_len"), "fragment \(i) block length")
            try expect(try RawBlockPrefix.strip(blocks[i]).count, equals: try f.int("ciphertext_len"), "fragment \(i) ciphertext length")
        }
        let cbor = ct.serialize()
        try expect(cbor.count, equals: try v.int("cbor_len"), "CBOR length")
        if let expected = try v.optionalHex("cbor") { try expectBytes(cbor, equals: expected, "CBOR") }
        let store = InMemoryBlockStore()
        for b in blocks { _ = try store.put(b, codec: .raw) }
        let parsed = try FragmentedPaddedCipherText(cborBytes: cbor)
        try expect(try expectSuccess("decrypt") { try parsed.decrypt(key: key, store: store) }, equals: plaintext, "decrypted plaintext")
    }

    /// A stream positioned where `marker` first occurs in `label`'s DetRandom stream (within 64 KiB):
    /// lets a vector be replayed from the first draw the node creation makes.
    static func streamAt(_ v: Vector, marker: [UInt8]) throws -> DetRandom {
        let probe = try CryptoVectors.detRandom(v).bytes(1 << 16)
        guard let offset = (0...(probe.count - marker.count)).first(where: { Array(probe[$0..<($0 + marker.count)]) == marker }) else {
            throw VectorMismatch("the node's first nonce is not in the recorded stream")
        }
        let stream = try CryptoVectors.detRandom(v)
        _ = stream.bytes(offset)
        return stream
    }

    static func node(_ v: Vector) throws {
        let cbor = try v.hex("node_cbor")
        let node = try expectSuccess("read node") { try CryptreeNode(cborBytes: cbor) }
        try expectBytes(node.serialize(), equals: cbor, "node re-encoding")
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(cbor))
        try expectBytes(cid.bytes, equals: try v.hex("node_cid"), "node CID")
        try expect(cid.description, equals: try v.string("node_cid_string"), "node CID string")
        if v.has("node_cbor_len") { try expect(cbor.count, equals: try v.int("node_cbor_len"), "node length") }
        if v.has("rbase_key") { try directory(v, node) } else { try file(v, node) }
        // Reaching here means every block opened with the recorded keys.
        try expect(true, equals: try v.optionalBool("decrypt_ok") ?? true, "decrypts")
    }

    static func directory(_ v: Vector, _ node: CryptreeNode) throws {
        let rBase = try SymmetricKey(bytes: try v.hex("rbase_key"))
        let parentKey = try SymmetricKey(bytes: try v.hex("parent_key"))
        try expect(node.isDirectory(rBase), equals: try v.bool("is_directory"), "is directory")
        let base = try expectSuccess("open base block") { try node.readFromBase(rBase) }
        try expect(base.key, equals: parentKey, "parent key from the base block")
        try expectBytes(base.nextChunk.serialize(), equals: try v.hex("next_chunk_cbor"), "next chunk")
        let meta = try expectSuccess("open parent block") { try node.readFromParent(parentKey) }
        try expectBytes(meta.properties.serialize(), equals: try v.hex("decrypted_properties_cbor"), "properties")
        try expectBytes(meta.parent?.serialize() ?? [], equals: try v.hex("parent_cap_cbor"), "parent capability")
        let bat = try Bat(secret: try v.hex("inline_bat"))
        try expect(node.bats, equals: [bat.inlineId], "node BATs")
        try expect(try node.data.decrypt(key: rBase, store: nil), equals: .list([]), "children")
        // Replay creation from the first nonce drawn (the base block's).
        let random = try streamAt(v, marker: node.fromBase.nonce)
        let props = try FileProperties(cborBytes: try v.hex("properties_cbor"))
        let rebuilt = try CryptreeNode.directory(readBaseKey: rBase, parentKey: parentKey, properties: props, parent: meta.parent,
                                                 nextChunk: base.nextChunk, children: [], inlineBat: bat, random: random)
        try expectBytes(rebuilt.node.serialize(), equals: try v.hex("node_cbor"), "node created from the same inputs and stream")
        v.ignore(["wbase_key"], because: "the write base key upstream held; the node rebuilt without it is compared byte for byte")
    }

    static func file(_ v: Vector, _ node: CryptreeNode) throws {
        let parentKey = try SymmetricKey(bytes: try v.hex("parent_key_arg"))
        let dataKey = try SymmetricKey(bytes: try v.hex("data_key"))
        try expect(node.isDirectory(parentKey), equals: false, "is directory")
        let base = try expectSuccess("open base block") { try node.readFromBase(parentKey) }
        try expect(base.key, equals: dataKey, "data key from the base block")
        let meta = try expectSuccess("open parent block") { try node.readFromParent(parentKey) }
        try expectBytes(meta.properties.serialize(), equals: try v.hex("decrypted_properties_cbor"), "properties")
        try expect(node.data.fragments.count, equals: try v.int("n_fragments"), "fragment count")
        let content = try data(try v.string("content"))
        if node.data.inlined != nil {
            try expect(try node.data.decrypt(key: dataKey, store: nil), equals: .bytes(content), "inline content")
        }
        // Replay creation from the first nonce drawn (the data's), with the links read from the node.
        guard let batCid = node.bats.first, batCid.isIdentity else { throw VectorMismatch("node has no inline BAT") }
        let random = try streamAt(v, marker: node.data.nonce)
        let rebuilt = try CryptreeNode.fileChunk(parentKey: parentKey, dataKey: dataKey, properties: try FileProperties(cborBytes: try v.hex("properties_cbor")),
                                                 parent: meta.parent, nextChunk: base.nextChunk, chunk: content,
                                                 inlineBat: try Bat(secret: batCid.multihash.digest), random: random)
        try expectBytes(rebuilt.node.serialize(), equals: try v.hex("node_cbor"), "node created from the same inputs and stream")
        if let fragment = rebuilt.blocks.first, let cid = node.data.fragments.first {
            try expect(try Cid.sha256(codec: .raw, digest: Hash.sha256(fragment)), equals: cid, "fragment CID")
            let store = InMemoryBlockStore()
            _ = try store.put(fragment, codec: .raw)
            try expect(try node.data.decrypt(key: dataKey, store: store), equals: .bytes(content), "content from fragments")
        }
    }
}
