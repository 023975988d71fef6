import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats

/// A BAT with its id, as a fragmented ciphertext lists them: `{b: Bat, i: bytes(CID)}`, where the
/// id is `Bat.sha256Id` (CIDv1 raw, sha2-256 of the BAT's CBOR).
public struct BatWithId: Hashable, Sendable, CborCodable {
    public let bat: Bat
    public let id: Cid

    public init(bat: Bat, id: Cid) {
        self.bat = bat
        self.id = id
    }

    public init(bat: Bat) { self.init(bat: bat, id: bat.sha256Id) }

    public func toCbor() -> CborObject { .map(["b": bat.toCbor(), "i": .bytes(id.bytes)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("BatWithId")
        bat = try Bat(cbor: m.required("b"))
        id = try Cid(bytes: m.required("i").asBytes("i"))
    }
}

/// The prefix of every raw fragment block: magic `71 1d 10 cf 3d 32 2f 2b`, then the CBOR list of
/// the block's BAT ids (the inline id of its own BAT, then a mirror BAT id if any).
public enum RawBlockPrefix {
    public static let magic: [UInt8] = [0x71, 0x1d, 0x10, 0xcf, 0x3d, 0x32, 0x2f, 0x2b]

    public static func make(bat: Bat, mirror: Cid? = nil) -> [UInt8] {
        let ids = [bat.inlineId] + (mirror.map { [$0] } ?? [])
        return magic + CborObject.list(ids.map { .bytes($0.bytes) }).serialize()
    }

    /// The fragment's data with the prefix removed.
    public static func strip(_ block: [UInt8]) throws -> [UInt8] {
        Array(block[try dataRange(of: block)])
    }

    /// Where the fragment's data lies in `block` (after the magic and the id list), with the
    /// errors of ``strip(_:)``: ``CryptreeError/badRawBlockPrefix``, or the CBOR error of the list.
    ///
    /// The id list is a few dozen bytes: it is read from a copy of at most the first 512 bytes
    /// after the magic, and from all of them only when that fails, so that the error (if any) is
    /// the one the whole block gives. A prefix read from fewer bytes reads the same from more.
    public static func dataRange(of block: [UInt8]) throws -> Range<Int> {
        guard block.count >= magic.count, block[..<magic.count].elementsEqual(magic) else { throw CryptreeError.badRawBlockPrefix }
        let window = 512
        if block.count - magic.count > window,
           let (_, length) = try? CborObject.decodePrefix(Array(block[magic.count..<(magic.count + window)]), options: .strict) {
            return (magic.count + length)..<block.count
        }
        let (_, length) = try CborObject.decodePrefix(Array(block[magic.count...]), options: .strict)
        return (magic.count + length)..<block.count
    }
}

/// Upstream's `ChunkMirrorCap`: one key of a `champ/get/bulk` lookup, `{m: mapKey, b?: BatWithId}`,
/// the BAT's id being `Bat.calculateId` (``Bat/sha256Id``). The request's `caps` parameter is
/// ``encodeCaps(_:)`` (vectors: Vectors/peergos/client-wire.json, `champ_caps`).
public struct ChunkMirrorCap: Hashable, Sendable, CborCodable {
    public let mapKey: [UInt8]
    public let bat: BatWithId?

    public init(mapKey: [UInt8], bat: BatWithId?) {
        self.mapKey = mapKey
        self.bat = bat
    }

    /// A cap for `mapKey` carrying `bat` with its calculated id.
    public init(mapKey: [UInt8], bat: Bat?) {
        self.init(mapKey: mapKey, bat: bat.map { BatWithId(bat: $0) })
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["m": .bytes(mapKey)]
        if let bat { m["b"] = bat.toCbor() }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("ChunkMirrorCap")
        mapKey = try m.required("m").asBytes("m")
        bat = try m["b"].map(BatWithId.init(cbor:))
    }

    /// The CBOR list of the caps, as `champ/get/bulk` carries it.
    public static func capsCbor(_ caps: [ChunkMirrorCap]) -> CborObject { .list(caps.map { $0.toCbor() }) }

    /// The `caps` query parameter: Multibase base58btc of ``capsCbor(_:)``.
    public static func encodeCaps(_ caps: [ChunkMirrorCap]) -> String {
        Multibase.encode(capsCbor(caps).serialize(), .base58btc)
    }

    /// Reads a `caps` parameter back.
    public static func decodeCaps(_ text: String) throws -> [ChunkMirrorCap] {
        try CborObject.decode(try Multibase.decode(text), options: .upstreamCompatible).asList("caps").map(ChunkMirrorCap.init(cbor:))
    }
}
