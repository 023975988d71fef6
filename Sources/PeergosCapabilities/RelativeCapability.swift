import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// A capability relative to the one it is found through (child, parent and next-chunk links):
/// `{w?: writer (only when it differs), m: map key, a?: Bat, k: read base key, l?: SymmetricLink}`,
/// where `l` is the target's write base key encrypted under the source's (a `CipherText` of a
/// SymmetricKey), present only when the write keys differ.
///
/// Secrets (the BAT, the read key) live in ``SecretBytes`` through ``Bat`` and ``SymmetricKey``:
/// equality compares them in constant time, and no rendering shows them or the map key.
public struct RelativeCapability: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let writer: PublicKeyHash?
    public let mapKey: [UInt8]
    public let bat: Bat?
    public let readBaseKey: SymmetricKey
    public let writeLink: CipherText?

    public init(writer: PublicKeyHash?, mapKey: [UInt8], bat: Bat?, readBaseKey: SymmetricKey, writeLink: CipherText? = nil) throws {
        guard mapKey.count == AbsoluteCapability.mapKeyLength else { throw CapabilityError.invalidMapKey(length: mapKey.count) }
        self.writer = writer
        self.mapKey = mapKey
        self.bat = bat
        self.readBaseKey = readBaseKey
        self.writeLink = writeLink
    }

    /// The absolute capability this one names when found through `source`: same owner; writer
    /// `w` or the source's; write key decrypted from `l` with the source's write key when both exist.
    public func absolute(from source: AbsoluteCapability) throws -> AbsoluteCapability {
        var writeKey: SymmetricKey? = nil
        if let writeLink, let sourceWrite = source.writeBaseKey {
            writeKey = try SymmetricKey(cbor: writeLink.decrypt(key: sourceWrite))
        }
        return try AbsoluteCapability(owner: source.owner, writer: writer ?? source.writer, mapKey: mapKey, bat: bat,
                                      readBaseKey: readBaseKey, writeBaseKey: writeKey)
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["m": .bytes(mapKey), "k": readBaseKey.toCbor()]
        if let writer { m["w"] = writer.toCbor() }
        if let bat { m["a"] = bat.toCbor() }
        if let writeLink { m["l"] = writeLink.toCbor() }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("RelativeCapability")
        try self.init(writer: m["w"].map(PublicKeyHash.init(cbor:)), mapKey: m.required("m").asBytes("m"),
                      bat: m["a"].map(Bat.init(cbor:)), readBaseKey: SymmetricKey(cbor: m.required("k")),
                      writeLink: m["l"].map(CipherText.init(cbor:)))
    }

    /// `RelativeCapability(writer: z… or same, write link: false, secrets redacted)`.
    public var description: String {
        "RelativeCapability(writer: \(writer.map(\.description) ?? "same"), write link: \(writeLink != nil), secrets redacted)"
    }
    public var debugDescription: String { description }
    /// The writer and whether there is a write link only.
    public var customMirror: Mirror {
        Mirror(self, children: ["writer": writer.map(\.description) ?? "same", "hasWriteLink": writeLink != nil], displayStyle: .struct)
    }
}
