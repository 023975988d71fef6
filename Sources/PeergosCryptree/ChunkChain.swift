import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto

/// Where the next 5 MiB chunk of a file lives, computed from the file's stream secret so that a
/// reader can seek without reading the chunks in between:
/// `nextMapKey = SHA-256(streamSecret ‖ mapKey)`, `nextBat = Bat(SHA-256(streamSecret ‖ bat.secret))`.
/// When a file has a stream secret this must be used, whatever the node's next-chunk link says.
public enum ChunkChain {
    /// Chunk size (upstream `Chunk.MAX_SIZE`).
    public static let chunkSize = 5 * 1024 * 1024

    public static func next(streamSecret: [UInt8], mapKey: [UInt8], bat: Bat?) -> (mapKey: [UInt8], bat: Bat?) {
        let key = Hash.sha256(streamSecret + mapKey)
        let nextBat = bat.map { try! Bat(secret: Hash.sha256(streamSecret + $0.secret)) }  // a SHA-256 is 32 bytes
        return (key, nextBat)
    }

    /// The location of chunk `index` (0 is the first chunk's own location).
    /// - Throws: ``CryptreeError/invalidChunkIndex(_:)`` for a negative index.
    public static func location(index: Int, streamSecret: [UInt8], mapKey: [UInt8], bat: Bat?) throws -> (mapKey: [UInt8], bat: Bat?) {
        guard index >= 0 else { throw CryptreeError.invalidChunkIndex(index) }
        var current = (mapKey: mapKey, bat: bat)
        for _ in 0..<index { current = next(streamSecret: streamSecret, mapKey: current.mapKey, bat: current.bat) }
        return current
    }
}

/// A child link in a directory: a RelativeCapability map with the child's name added (`n`).
public struct NamedRelativeCapability: Hashable, Sendable {
    public let name: String
    public let capability: RelativeCapability

    public init(name: String, capability: RelativeCapability) {
        self.name = name
        self.capability = capability
    }

    public func toCbor() -> CborObject {
        guard case .map(var m) = capability.toCbor() else { return capability.toCbor() }
        m["n"] = .text(name)
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        var m = try cbor.asMap("NamedRelativeCapability")
        name = try m.required("n").asText("n")
        m["n"] = nil
        m["d"] = nil
        m["t"] = nil
        m["c"] = nil
        capability = try RelativeCapability(cbor: .map(m))
    }
}
