import PeergosCBOR
import PeergosCrypto

/// A file's or directory's metadata, encrypted in the node's parent block:
/// `{c, d, h, i?, l, m, n, p?, s, t, cn, im?, th?, tn}` — created and modified times as UTC epoch
/// seconds (`c`, `t`) plus nanoseconds (`cn`, `tn`), directory/link/hidden flags, name, MIME type,
/// size, optional thumbnail (`i`, `im`), stream secret (`p`, files only) and hash tree (`th`, kept as read).
///
/// Invariant: the name is not empty, `.` or `..` and has no `/`; directories have no stream secret.
///
/// The stream secret (which locates every later chunk and derives its BAT) lives in ``SecretBytes``:
/// equality compares it in constant time and the other fields by their CBOR, hashing sees only its
/// length, and renderings show it as `SecretBytes(32 bytes, redacted)`.
public struct FileProperties: Hashable, Sendable, CborCodable {
    public let name: String
    public let isDirectory: Bool
    public let isLink: Bool
    public let mimeType: String
    public let size: Int64
    public let modifiedSeconds: Int64
    public let modifiedNanos: Int64
    public let createdSeconds: Int64
    public let createdNanos: Int64
    public let isHidden: Bool
    public let thumbnail: (mimeType: String, data: [UInt8])?
    /// The file's stream secret (files only), in secret storage.
    public let streamSecret: SecretBytes?
    public let treeHash: CborObject?

    public init(name: String, isDirectory: Bool, isLink: Bool = false, mimeType: String, size: Int64,
                modifiedSeconds: Int64, modifiedNanos: Int64 = 0, createdSeconds: Int64, createdNanos: Int64 = 0,
                isHidden: Bool = false, thumbnail: (mimeType: String, data: [UInt8])? = nil, streamSecret: SecretBytes? = nil,
                treeHash: CborObject? = nil) throws {
        if isDirectory && streamSecret != nil { throw CryptreeError.directoryWithStreamSecret }
        if name.contains("/") || name.isEmpty || name == "." || name == ".." { throw CryptreeError.invalidFileName(name) }
        self.name = name
        self.isDirectory = isDirectory
        self.isLink = isLink
        self.mimeType = mimeType
        self.size = size
        self.modifiedSeconds = modifiedSeconds
        self.modifiedNanos = modifiedNanos
        self.createdSeconds = createdSeconds
        self.createdNanos = createdNanos
        self.isHidden = isHidden
        self.thumbnail = thumbnail
        self.streamSecret = streamSecret
        self.treeHash = treeHash
    }

    /// The same, with the stream secret given as an array (copied into secret storage; the
    /// caller's array is left as it is).
    public init(name: String, isDirectory: Bool, isLink: Bool = false, mimeType: String, size: Int64,
                modifiedSeconds: Int64, modifiedNanos: Int64 = 0, createdSeconds: Int64, createdNanos: Int64 = 0,
                isHidden: Bool = false, thumbnail: (mimeType: String, data: [UInt8])? = nil, streamSecret: [UInt8],
                treeHash: CborObject? = nil) throws {
        try self.init(name: name, isDirectory: isDirectory, isLink: isLink, mimeType: mimeType, size: size,
                      modifiedSeconds: modifiedSeconds, modifiedNanos: modifiedNanos, createdSeconds: createdSeconds,
                      createdNanos: createdNanos, isHidden: isHidden, thumbnail: thumbnail,
                      streamSecret: SecretBytes(copying: streamSecret), treeHash: treeHash)
    }

    /// The stream secrets in constant time (`sodium_memcmp`), then every other field by its CBOR.
    public static func == (a: FileProperties, b: FileProperties) -> Bool {
        let secretsEqual = a.streamSecret == b.streamSecret
        return a.publicFields() == b.publicFields() && secretsEqual
    }
    /// Every field but the stream secret, whose length only is hashed.
    public func hash(into h: inout Hasher) {
        h.combine(publicFields())
        h.combine(streamSecret)
    }

    /// Writes the stream secret into the CBOR: this copies it out of its storage.
    public func toCbor() -> CborObject {
        var m = publicFields()
        if let streamSecret { m["p"] = .bytes(streamSecret.copyBytes()) }
        return .map(m)
    }

    /// The CBOR map of every field but the stream secret.
    private func publicFields() -> CborMap {
        var m: CborMap = [
            "d": .bool(isDirectory), "l": .bool(isLink), "n": .text(name), "m": .text(mimeType), "s": .integer(size),
            "t": .integer(modifiedSeconds), "tn": .integer(modifiedNanos), "c": .integer(createdSeconds),
            "cn": .integer(createdNanos), "h": .bool(isHidden),
        ]
        if let treeHash { m["th"] = treeHash }
        if let thumbnail {
            m["i"] = .bytes(thumbnail.data)
            m["im"] = .text(thumbnail.mimeType)
        }
        return m
    }

    /// Reads properties with upstream's defaults: `l` false, `tn`/`cn` 0, `c` = `t`, `im` "image/png".
    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("FileProperties")
        let modified = try m.required("t").asInteger("t")
        try self.init(
            name: m.required("n").asText("n"), isDirectory: m.required("d").asBool("d"), isLink: m["l"]?.asBool("l") ?? false,
            mimeType: m.required("m").asText("m"), size: m.required("s").asInteger("s"),
            modifiedSeconds: modified, modifiedNanos: m["tn"]?.asInteger("tn") ?? 0,
            createdSeconds: m["c"]?.asInteger("c") ?? modified, createdNanos: m["cn"]?.asInteger("cn") ?? 0,
            isHidden: m.required("h").asBool("h"),
            thumbnail: try m["i"].map { (try m["im"]?.asText("im") ?? "image/png", try $0.asBytes("i")) },
            streamSecret: m["p"].map { try SecretBytes(copying: $0.asBytes("p")) }, treeHash: m["th"])
    }
}
