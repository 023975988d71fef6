import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto

/// Where the next 5 MiB chunk of a file lives, computed from the file's stream secret so that a
/// reader can seek without reading the chunks in between:
/// `nextMapKey = SHA-256(streamSecret ‖ mapKey)`, `nextBat = Bat(SHA-256(streamSecret ‖ bat.secret))`.
/// When a file has a stream secret this must be used, whatever the node's next-chunk link says.
///
/// The stream secret and the BATs stay in ``SecretBytes``; the hash input they are copied into is
/// one buffer, sized up front so that it never reallocates, and erased after use.
public enum ChunkChain {
    /// Chunk size (upstream `Chunk.MAX_SIZE`).
    public static let chunkSize = 5 * 1024 * 1024

    public static func next(streamSecret: SecretBytes, mapKey: [UInt8], bat: Bat?) -> (mapKey: [UInt8], bat: Bat?) {
        var input: [UInt8] = []
        input.reserveCapacity(streamSecret.count + max(mapKey.count, Bat.length))
        defer { SecretBytes.erase(&input) }
        streamSecret.withUnsafeBytes { input.append(contentsOf: $0) }
        input.append(contentsOf: mapKey)
        let key = Hash.sha256(input)
        var nextBat: Bat? = nil
        if let bat {
            input.removeLast(mapKey.count)
            bat.secret.withUnsafeBytes { input.append(contentsOf: $0) }
            var digest = Hash.sha256(input)
            nextBat = try! Bat(secret: SecretBytes(consuming: &digest))  // a SHA-256 is 32 bytes
        }
        return (key, nextBat)
    }

    /// ``next(streamSecret:mapKey:bat:)`` with a stream secret given as an array (copied into
    /// secret storage for the call; the caller's array is left as it is).
    public static func next(streamSecret: [UInt8], mapKey: [UInt8], bat: Bat?) -> (mapKey: [UInt8], bat: Bat?) {
        next(streamSecret: SecretBytes(copying: streamSecret), mapKey: mapKey, bat: bat)
    }

    /// The location of chunk `index` (0 is the first chunk's own location).
    /// - Throws: ``CryptreeError/invalidChunkIndex(_:)`` for a negative index.
    public static func location(index: Int, streamSecret: SecretBytes, mapKey: [UInt8], bat: Bat?) throws -> (mapKey: [UInt8], bat: Bat?) {
        guard index >= 0 else { throw CryptreeError.invalidChunkIndex(index) }
        var current = (mapKey: mapKey, bat: bat)
        for _ in 0..<index { current = next(streamSecret: streamSecret, mapKey: current.mapKey, bat: current.bat) }
        return current
    }

    /// ``location(index:streamSecret:mapKey:bat:)`` with a stream secret given as an array (copied
    /// into secret storage for the call).
    public static func location(index: Int, streamSecret: [UInt8], mapKey: [UInt8], bat: Bat?) throws -> (mapKey: [UInt8], bat: Bat?) {
        try location(index: index, streamSecret: SecretBytes(copying: streamSecret), mapKey: mapKey, bat: bat)
    }
}

/// A child link in a directory: a RelativeCapability map with the child's name added (`n`) and
/// upstream's optional hints, which let a listing show a child without reading it: `d` (is a
/// directory), `t` (MIME type) and `c` (created, UTC epoch seconds).
public struct NamedRelativeCapability: Hashable, Sendable {
    public let name: String
    public let capability: RelativeCapability
    public let isDirectory: Bool?
    public let mimeType: String?
    public let created: Int64?

    public init(name: String, capability: RelativeCapability, isDirectory: Bool? = nil, mimeType: String? = nil, created: Int64? = nil) {
        self.name = name
        self.capability = capability
        self.isDirectory = isDirectory
        self.mimeType = mimeType
        self.created = created
    }

    public func toCbor() -> CborObject {
        guard case .map(var m) = capability.toCbor() else { return capability.toCbor() }
        m["n"] = .text(name)
        if let isDirectory { m["d"] = .bool(isDirectory) }
        if let mimeType { m["t"] = .text(mimeType) }
        if let created { m["c"] = .integer(created) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        var m = try cbor.asMap("NamedRelativeCapability")
        name = try m.required("n").asText("n")
        isDirectory = try m["d"]?.asBool("d")
        mimeType = try m["t"]?.asText("t")
        created = try m["c"]?.asInteger("c")
        m["n"] = nil
        m["d"] = nil
        m["t"] = nil
        m["c"] = nil
        capability = try RelativeCapability(cbor: .map(m))
    }
}
