import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage
import PeergosVectors
import Testing

/// Builds a small tree in memory (a folder holding a subfolder and a 12 MiB file, the file in
/// three chunks chained by its stream secret), stores the nodes in the writer's CHAMP, and reads
/// everything back starting from the root folder's capability alone.
@Suite("Cryptree end to end")
struct CryptreeTreeTests {
    final class Tree {
        let store = InMemoryBlockStore()
        let random = DetRandom(label: "cryptree-tree-test")
        let writer: SigningKeyPair
        let champ: Champ
        var root: Cid

        init() throws {
            writer = try SigningKeyPair.random(using: random)
            champ = Champ(hasher: .identity, store: store)
            root = try champ.createEmpty()
        }

        func location() -> (mapKey: [UInt8], bat: Bat) { (random.bytes(32), Bat.random(using: random)) }

        func store(_ node: CryptreeNode, blocks: [[UInt8]], at mapKey: [UInt8]) throws {
            for block in blocks { _ = try store.put(block, codec: .raw) }
            let cid = try store.put(node.serialize(), codec: .dagCbor)
            root = try champ.put(root: root, key: mapKey, value: cid, expected: nil)
        }

        func node(at mapKey: [UInt8]) throws -> CryptreeNode {
            let cid = try #require(try champ.get(root: root, key: mapKey))
            return try CryptreeNode(cborBytes: try #require(try store.get(cid)))
        }
    }

    static func props(_ name: String, directory: Bool, size: Int64, secret: SecretBytes? = nil) throws -> FileProperties {
        try FileProperties(name: name, isDirectory: directory, mimeType: directory ? "" : "application/octet-stream", size: size,
                           modifiedSeconds: 1_700_000_000, createdSeconds: 1_700_000_000, streamSecret: secret)
    }

    @Test("a folder, a subfolder and a 12 MiB file read back through capabilities alone")
    func roundTrip() throws {
        let t = try Tree()
        let owner = t.writer.publicKey.publicKeyHash
        let content = (0..<(12 * 1024 * 1024)).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ $0 >> 13) }

        // Root folder location and keys.
        let rootLoc = t.location()
        let rootBase = SymmetricKey.random(using: t.random), rootParentKey = SymmetricKey.random(using: t.random)
        let rootCap = try AbsoluteCapability(owner: owner, writer: owner, mapKey: rootLoc.mapKey, bat: rootLoc.bat, readBaseKey: rootBase)
        let toRoot = try RelativeCapability(writer: nil, mapKey: rootLoc.mapKey, bat: rootLoc.bat, readBaseKey: rootParentKey)

        // Subfolder.
        let docsLoc = t.location()
        let docsBase = SymmetricKey.random(using: t.random), docsParent = SymmetricKey.random(using: t.random)
        let docsNext = try RelativeCapability(writer: nil, mapKey: t.random.bytes(32), bat: Bat.random(using: t.random), readBaseKey: docsBase)
        let docs = try CryptreeNode.directory(readBaseKey: docsBase, parentKey: docsParent, properties: try Self.props("docs", directory: true, size: 0),
                                              parent: toRoot, nextChunk: docsNext, children: [], inlineBat: docsLoc.bat, random: t.random)
        try t.store(docs.node, blocks: docs.blocks, at: docsLoc.mapKey)

        // The file, in three chunks at locations chained by its stream secret.
        let fileLoc = t.location()
        let fileBase = SymmetricKey.random(using: t.random), dataKey = SymmetricKey.random(using: t.random)
        let secret = t.random.secretBytes(32)
        let fileProps = try Self.props("big.bin", directory: false, size: Int64(content.count), secret: secret)
        let chunks = stride(from: 0, to: content.count, by: ChunkChain.chunkSize).map { Array(content[$0..<min($0 + ChunkChain.chunkSize, content.count)]) }
        #expect(chunks.count == 3)
        for (i, chunk) in chunks.enumerated() {
            let here = try ChunkChain.location(index: i, streamSecret: secret, mapKey: fileLoc.mapKey, bat: fileLoc.bat)
            let next = ChunkChain.next(streamSecret: secret, mapKey: here.mapKey, bat: here.bat)
            let nextCap = try RelativeCapability(writer: nil, mapKey: next.mapKey, bat: next.bat, readBaseKey: fileBase)
            let made = try CryptreeNode.fileChunk(parentKey: fileBase, dataKey: dataKey, properties: fileProps, parent: i == 0 ? toRoot : nil,
                                                  nextChunk: nextCap, chunk: chunk, inlineBat: here.bat, random: t.random)
            // A 5 MiB chunk pads to 5 MiB + 6 bytes: 22 header bytes, then five 1 MiB fragments.
            #expect(made.blocks.count == (chunk.count == ChunkChain.chunkSize ? 5 : 2))
            try t.store(made.node, blocks: made.blocks, at: here.mapKey)
        }

        // The root folder lists both.
        let children = [
            NamedRelativeCapability(name: "docs", capability: try RelativeCapability(writer: nil, mapKey: docsLoc.mapKey, bat: docsLoc.bat, readBaseKey: docsBase)),
            NamedRelativeCapability(name: "big.bin", capability: try RelativeCapability(writer: nil, mapKey: fileLoc.mapKey, bat: fileLoc.bat, readBaseKey: fileBase)),
        ]
        let rootNext = try RelativeCapability(writer: nil, mapKey: t.random.bytes(32), bat: Bat.random(using: t.random), readBaseKey: rootBase)
        let rootNode = try CryptreeNode.directory(readBaseKey: rootBase, parentKey: rootParentKey, properties: try Self.props("alice", directory: true, size: 0),
                                                  parent: nil, nextChunk: rootNext, children: children.map { $0.toCbor() },
                                                  inlineBat: rootLoc.bat, random: t.random)
        try t.store(rootNode.node, blocks: rootNode.blocks, at: rootLoc.mapKey)

        // Read back from rootCap alone.
        let dir = try t.node(at: rootCap.mapKey)
        #expect(dir.isDirectory(rootCap.readBaseKey))
        let rootMeta = try dir.readFromParent(try dir.parentKey(rootCap.readBaseKey))
        #expect(rootMeta.properties.name == "alice")
        let listed = try dir.data.decrypt(key: rootCap.readBaseKey, store: t.store).asList().map(NamedRelativeCapability.init(cbor:))
        #expect(listed.map(\.name) == ["docs", "big.bin"])

        let docsCap = try listed[0].capability.absolute(from: rootCap)
        let docsNode = try t.node(at: docsCap.mapKey)
        #expect(docsNode.isDirectory(docsCap.readBaseKey))
        let docsMeta = try docsNode.readFromParent(try docsNode.parentKey(docsCap.readBaseKey))
        #expect(docsMeta.properties.name == "docs")
        #expect(try docsNode.data.decrypt(key: docsCap.readBaseKey, store: t.store) == .list([]))
        // The back-link leads to the root folder's metadata, not its children.
        let up = try #require(docsMeta.parent).absolute(from: docsCap)
        #expect(up.mapKey == rootCap.mapKey)
        #expect(try dir.readFromParent(up.readBaseKey).properties.name == "alice")
        #expect(throws: CryptoError.decryptionFailed) { try dir.data.decrypt(key: up.readBaseKey, store: t.store) }

        let fileCap = try listed[1].capability.absolute(from: rootCap)
        let first = try t.node(at: fileCap.mapKey)
        #expect(!first.isDirectory(fileCap.readBaseKey))
        let meta = try first.readFromParent(fileCap.readBaseKey)
        #expect(meta.properties.size == Int64(content.count))
        let streamSecret = try #require(meta.properties.streamSecret)
        var read: [UInt8] = []
        var location = (mapKey: fileCap.mapKey, bat: fileCap.bat)
        while read.count < content.count {
            let chunkNode = try t.node(at: location.mapKey)
            let key = try chunkNode.readFromBase(fileCap.readBaseKey).key
            read += try chunkNode.data.decrypt(key: key, store: t.store).asBytes()
            location = ChunkChain.next(streamSecret: streamSecret, mapKey: location.mapKey, bat: location.bat)
        }
        #expect(read == content)
    }

    @Test("the chunk chain is SHA-256 of the stream secret and the current location")
    func chunkChain() throws {
        let raw = [UInt8](repeating: 9, count: 32), mapKey = [UInt8](repeating: 1, count: 32), batSecret = [UInt8](repeating: 2, count: 32)
        let secret = SecretBytes(copying: raw)
        let bat = try Bat(secret: batSecret)
        let next = ChunkChain.next(streamSecret: secret, mapKey: mapKey, bat: bat)
        #expect(next.mapKey == Hash.sha256(raw + mapKey))
        #expect(next.bat?.secret.copyBytes() == Hash.sha256(raw + batSecret))
        #expect(ChunkChain.next(streamSecret: raw, mapKey: mapKey, bat: bat) == next)
        #expect(try ChunkChain.location(index: 2, streamSecret: secret, mapKey: mapKey, bat: bat).mapKey == ChunkChain.next(streamSecret: secret, mapKey: next.mapKey, bat: next.bat).mapKey)
    }

    @Test("file names and key reuse are refused")
    func refusals() throws {
        for bad in ["", ".", "..", "a/b"] {
            #expect(throws: CryptreeError.invalidFileName(bad)) { try Self.props(bad, directory: false, size: 0) }
        }
        #expect(throws: CryptreeError.directoryWithStreamSecret) { try Self.props("d", directory: true, size: 0, secret: SecretBytes(copying: [1])) }
        let k = SymmetricKey.random(using: SystemRandom.shared)
        let next = try RelativeCapability(writer: nil, mapKey: [UInt8](repeating: 0, count: 32), bat: nil, readBaseKey: k)
        #expect(throws: CryptreeError.self) {
            try CryptreeNode.fileChunk(parentKey: k, dataKey: k, properties: try Self.props("f", directory: false, size: 0), parent: nil,
                                       nextChunk: next, chunk: [], inlineBat: nil, random: SystemRandom.shared)
        }
    }
}
