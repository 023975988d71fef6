import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// One cryptree node (a directory, or one chunk of a file), as stored under its map key:
/// `{v: 1, bats?: [BatId…], b: PaddedCipherText(FromBase, 64), p: PaddedCipherText(FromParent, 16),
/// d: FragmentedPaddedCipherText}`.
///
/// Keys: a directory's `b` is under its read base key and gives the parent key; `p` is under the
/// parent key; `d` (its children) is under the read base key. A file's read base key *is* its parent
/// key: `b` gives the data key, `p` is under the parent key, `d` (the chunk) under the data key.
/// The two kinds have the same shape, so a server cannot tell them apart.
///
/// Printing a node shows the number of its BAT ids, not the ids: an inline id is the BAT itself
/// (an identity multihash of its secret, as upstream lists it), so it is not rendered.
public struct CryptreeNode: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let version: Int64 = 1
    public static let baseBlockPadding = 64
    public static let metadataPadding = 16

    public let bats: [Cid]
    public let fromBase: CipherText
    public let fromParent: CipherText
    public let data: FragmentedPaddedCipherText

    public init(bats: [Cid], fromBase: CipherText, fromParent: CipherText, data: FragmentedPaddedCipherText) {
        self.bats = bats
        self.fromBase = fromBase
        self.fromParent = fromParent
        self.data = data
    }

    /// `{k: parent key (dirs) or data key (files), w?: link to the writer's signing key, n: next chunk}`.
    public struct FromBase: Hashable, Sendable, CborCodable {
        public let key: SymmetricKey
        public let signerLink: CipherText?
        public let nextChunk: RelativeCapability

        public init(key: SymmetricKey, signerLink: CipherText?, nextChunk: RelativeCapability) {
            self.key = key
            self.signerLink = signerLink
            self.nextChunk = nextChunk
        }

        public func toCbor() -> CborObject {
            var m: CborMap = ["k": key.toCbor(), "n": nextChunk.toCbor()]
            if let signerLink { m["w"] = signerLink.toCbor() }
            return .map(m)
        }

        public init(cbor: CborObject) throws {
            let m = try cbor.asMap("FromBase")
            key = try SymmetricKey(cbor: m.required("k"))
            signerLink = try m["w"].map(CipherText.init(cbor:))
            nextChunk = try RelativeCapability(cbor: m.required("n"))
        }
    }

    /// `{p?: capability of the parent directory (with the parent's parent key), s: FileProperties}`.
    public struct FromParent: Hashable, Sendable, CborCodable {
        public let parent: RelativeCapability?
        public let properties: FileProperties

        public init(parent: RelativeCapability?, properties: FileProperties) {
            self.parent = parent
            self.properties = properties
        }

        public func toCbor() -> CborObject {
            var m: CborMap = ["s": properties.toCbor()]
            if let parent { m["p"] = parent.toCbor() }
            return .map(m)
        }

        public init(cbor: CborObject) throws {
            let m = try cbor.asMap("FromParent")
            parent = try m["p"].map(RelativeCapability.init(cbor:))
            properties = try FileProperties(cbor: m.required("s"))
        }
    }

    /// A directory node. Draws the base-block nonce, the parent-block nonce, then the children's.
    public static func directory(readBaseKey: SymmetricKey, parentKey: SymmetricKey, signerLink: CipherText? = nil,
                                 properties: FileProperties, parent: RelativeCapability?, nextChunk: RelativeCapability,
                                 children: [CborObject], inlineBat: Bat?, mirrorBat: Cid? = nil, random: RandomSource) throws -> (node: CryptreeNode, blocks: [[UInt8]]) {
        guard readBaseKey != parentKey else { throw CryptreeError.equalKeys("a directory's base key and parent key must differ") }
        let base = CipherText.build(key: readBaseKey, plaintext: FromBase(key: parentKey, signerLink: signerLink, nextChunk: nextChunk).toCbor(),
                                    paddingBlockSize: baseBlockPadding, random: random)
        let meta = CipherText.build(key: parentKey, plaintext: FromParent(parent: parent, properties: properties).toCbor(),
                                    paddingBlockSize: metadataPadding, random: random)
        let (data, blocks) = try FragmentedPaddedCipherText.build(key: readBaseKey, plaintext: .list(children), random: random, mirrorBat: mirrorBat)
        return (CryptreeNode(bats: Self.batIds(inlineBat, mirrorBat), fromBase: base, fromParent: meta, data: data), blocks)
    }

    /// A file chunk node. Draws the data's randomness (nonce, fragment BATs), then the base-block
    /// nonce, then the parent-block nonce.
    public static func fileChunk(parentKey: SymmetricKey, dataKey: SymmetricKey, signerLink: CipherText? = nil,
                                 properties: FileProperties, parent: RelativeCapability?, nextChunk: RelativeCapability,
                                 chunk: [UInt8], inlineBat: Bat?, mirrorBat: Cid? = nil, random: RandomSource) throws -> (node: CryptreeNode, blocks: [[UInt8]]) {
        guard parentKey != dataKey else { throw CryptreeError.equalKeys("a file's base key and data key must differ") }
        let (data, blocks) = try FragmentedPaddedCipherText.build(key: dataKey, plaintext: .bytes(chunk), random: random, mirrorBat: mirrorBat)
        let base = CipherText.build(key: parentKey, plaintext: FromBase(key: dataKey, signerLink: signerLink, nextChunk: nextChunk).toCbor(),
                                    paddingBlockSize: baseBlockPadding, random: random)
        let meta = CipherText.build(key: parentKey, plaintext: FromParent(parent: parent, properties: properties).toCbor(),
                                    paddingBlockSize: metadataPadding, random: random)
        return (CryptreeNode(bats: Self.batIds(inlineBat, mirrorBat), fromBase: base, fromParent: meta, data: data), blocks)
    }

    /// A node's `bats`: the inline id of its own BAT, then the account's mirror BAT id (upstream order).
    static func batIds(_ inline: Bat?, _ mirror: Cid?) -> [Cid] { (inline.map { [$0.inlineId] } ?? []) + (mirror.map { [$0] } ?? []) }

    /// The same node with its data (children or chunk) replaced; base and parent blocks kept as they are.
    public func replacingData(_ data: FragmentedPaddedCipherText) -> CryptreeNode {
        CryptreeNode(bats: bats, fromBase: fromBase, fromParent: fromParent, data: data)
    }

    /// The same node with its parent block (metadata and parent link) re-encrypted under `parentKey`.
    public func replacingParentBlock(_ fromParent: FromParent, parentKey: SymmetricKey, random: RandomSource) -> CryptreeNode {
        CryptreeNode(bats: bats, fromBase: fromBase,
                     fromParent: CipherText.build(key: parentKey, plaintext: fromParent.toCbor(), paddingBlockSize: Self.metadataPadding, random: random),
                     data: data)
    }

    /// The base block, opened with the capability's read base key.
    public func readFromBase(_ readBaseKey: SymmetricKey) throws -> FromBase {
        try FromBase(cbor: fromBase.decrypt(key: readBaseKey))
    }

    /// The parent key: for a directory, from the base block; for a file, the read base key itself.
    public func parentKey(_ readBaseKey: SymmetricKey) throws -> SymmetricKey {
        if (try? FromParent(cbor: fromParent.decrypt(key: readBaseKey))) != nil { return readBaseKey }
        return try readFromBase(readBaseKey).key
    }

    /// Whether the node is a directory (upstream's test: a file's parent block opens with its read base key).
    public func isDirectory(_ readBaseKey: SymmetricKey) -> Bool {
        guard let meta = try? FromParent(cbor: fromParent.decrypt(key: readBaseKey)) else { return true }
        return meta.properties.isDirectory
    }

    /// The metadata block, opened with the parent key.
    public func readFromParent(_ parentKey: SymmetricKey) throws -> FromParent {
        try FromParent(cbor: fromParent.decrypt(key: parentKey))
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["v": .integer(Self.version), "b": fromBase.toCbor(), "p": fromParent.toCbor(), "d": data.toCbor()]
        if !bats.isEmpty { m["bats"] = .list(bats.map { .bytes($0.bytes) }) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("CryptreeNode")
        let version = try m.required("v").asInteger("v")
        guard version == Self.version else { throw CryptreeError.unsupportedVersion(version) }
        bats = try m["bats"]?.asList("bats").map { try Cid(bytes: $0.asBytes("BatId")) } ?? []
        fromBase = try CipherText(cbor: m.required("b"))
        fromParent = try CipherText(cbor: m.required("p"))
        data = try FragmentedPaddedCipherText(cbor: m.required("d"))
    }

    /// `CryptreeNode(bats: 1, fragments: 0)`.
    public var description: String { "CryptreeNode(bats: \(bats.count), fragments: \(data.fragments.count))" }
    public var debugDescription: String { description }
    /// The ciphertexts, and the number of BAT ids (not the ids).
    public var customMirror: Mirror {
        Mirror(self, children: ["batCount": bats.count, "fromBase": fromBase, "fromParent": fromParent, "data": data], displayStyle: .struct)
    }
}
