import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// Access to one cryptree node: where it is (owner, writer, map key), permission to fetch it
/// (the BAT), the key to read it, and, when writable, the key that unlocks its writer's signing key.
///
/// CBOR map `{a?: Bat, b?: write base key, k: read base key, m: bytes(32), o: owner link, w: writer link}`.
/// Decoding with `b` present yields a writable capability (upstream's `WritableAbsoluteCapability`).
///
/// Secrets: the BAT and the keys live in ``SecretBytes`` (through ``Bat`` and ``SymmetricKey``), so
/// equality compares them in constant time (`sodium_memcmp`) and hashing sees only their lengths.
/// No rendering (`description`, interpolation, `String(reflecting:)`, `dump`) shows the BAT, the
/// keys or the map key: a capability prints its owner, writer and whether it is writable. The
/// ``link`` text, which carries every secret by design, is only ever produced on request.
public struct AbsoluteCapability: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let mapKeyLength = 32

    public let owner: PublicKeyHash
    public let writer: PublicKeyHash
    public let mapKey: [UInt8]
    public let bat: Bat?
    public let readBaseKey: SymmetricKey
    public let writeBaseKey: SymmetricKey?

    public init(owner: PublicKeyHash, writer: PublicKeyHash, mapKey: [UInt8], bat: Bat?, readBaseKey: SymmetricKey, writeBaseKey: SymmetricKey? = nil) throws {
        guard mapKey.count == Self.mapKeyLength else { throw CapabilityError.invalidMapKey(length: mapKey.count) }
        self.owner = owner
        self.writer = writer
        self.mapKey = mapKey
        self.bat = bat
        self.readBaseKey = readBaseKey
        self.writeBaseKey = writeBaseKey
    }

    /// Whether this capability grants write access.
    public var isWritable: Bool { writeBaseKey != nil }

    /// The same capability without write access.
    public var readOnly: AbsoluteCapability {
        // Fields were valid for self.
        try! AbsoluteCapability(owner: owner, writer: writer, mapKey: mapKey, bat: bat, readBaseKey: readBaseKey)
    }

    /// The null capability used in follow-request rejections: NULL owner and writer, zero map key and read key.
    public static let null: AbsoluteCapability = try! AbsoluteCapability(
        owner: .null, writer: .null, mapKey: [UInt8](repeating: 0, count: 32), bat: nil,
        readBaseKey: SymmetricKey(bytes: [UInt8](repeating: 0, count: 32)))

    public func toCbor() -> CborObject {
        var m: CborMap = ["k": readBaseKey.toCbor(), "m": .bytes(mapKey), "o": owner.toCbor(), "w": writer.toCbor()]
        if let bat { m["a"] = bat.toCbor() }
        if let writeBaseKey { m["b"] = writeBaseKey.toCbor() }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("AbsoluteCapability")
        try self.init(
            owner: PublicKeyHash(cbor: m.required("o")),
            writer: PublicKeyHash(cbor: m.required("w")),
            mapKey: m.required("m").asBytes("map key"),
            bat: m["a"].map(Bat.init(cbor:)),
            readBaseKey: SymmetricKey(cbor: m.required("k")),
            writeBaseKey: m["b"].map(SymmetricKey.init(cbor:)))
    }

    /// `AbsoluteCapability(owner: z…, writer: z…, writable: false, secrets redacted)`: never the
    /// BAT, the keys or the map key (use ``link`` for the shareable text).
    public var description: String {
        "AbsoluteCapability(owner: \(owner), writer: \(writer), writable: \(isWritable), secrets redacted)"
    }
    public var debugDescription: String { description }
    /// Owner, writer and writability only.
    public var customMirror: Mirror {
        Mirror(self, children: ["owner": owner.description, "writer": writer.description, "writable": isWritable], displayStyle: .struct)
    }
}

extension AbsoluteCapability {
    /// The link form, `#` then base58 (no multibase prefix) of: the owner's and writer's CBOR,
    /// the map key followed by the BAT's CBOR (if any), the read key's CBOR, and for writable
    /// capabilities the write key's CBOR; parts separated by `/`.
    ///
    /// This text *is* the capability: it shows the BAT and the keys by design, which is why it is
    /// this explicit property and not ``description`` (which is redacted). Hand it only to whoever
    /// the capability is shared with; never log it.
    public var link: String {
        var parts = [
            Base58.encode(owner.serialize()), Base58.encode(writer.serialize()),
            Base58.encode(mapKey + (bat?.serialize() ?? [])), Base58.encode(readBaseKey.serialize()),
        ]
        if let writeBaseKey { parts.append(Base58.encode(writeBaseKey.serialize())) }
        return "#" + parts.joined(separator: "/")
    }

    /// Reads a link (the leading `#` is optional). 4 parts give a read capability, 5 a writable one.
    /// - Throws: ``CapabilityError`` naming the part that is wrong.
    public init(link: String) throws {
        let body = link.hasPrefix("#") ? link.dropFirst() : Substring(link)
        let parts = body.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 4 || parts.count == 5 else { throw CapabilityError.wrongLinkPartCount(parts.count) }
        func part<T>(_ i: Int, _ read: ([UInt8]) throws -> T) throws -> T {
            do {
                return try read(try Base58.decode(String(parts[i])))
            } catch {
                throw CapabilityError.invalidLinkPart(index: i, reason: "\(error)")
            }
        }
        let owner = try part(0) { try PublicKeyHash(cborBytes: $0) }
        let writer = try part(1) { try PublicKeyHash(cborBytes: $0) }
        let (mapKey, bat): ([UInt8], Bat?) = try part(2) { bytes in
            guard bytes.count >= Self.mapKeyLength else { throw CapabilityError.invalidMapKey(length: bytes.count) }
            let rest = Array(bytes[Self.mapKeyLength...])
            return (Array(bytes.prefix(Self.mapKeyLength)), rest.isEmpty ? nil : try Bat(cborBytes: rest))
        }
        let readKey = try part(3) { try SymmetricKey(cborBytes: $0) }
        let writeKey = parts.count == 5 ? try part(4) { try SymmetricKey(cborBytes: $0) } : nil
        try self.init(owner: owner, writer: writer, mapKey: mapKey, bat: bat, readBaseKey: readKey, writeBaseKey: writeKey)
    }
}
