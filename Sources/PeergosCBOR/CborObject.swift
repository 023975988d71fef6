/// One value of the CBOR subset Peergos uses on the wire.
///
/// Invariant: every value here has exactly one encoding (see ``serialize()``), the one upstream
/// Peergos writes, so a block's bytes (and hence its CID) are a function of the value alone.
/// Floats, `undefined`, bignums and every tag except 42 are not representable, because upstream
/// neither writes nor accepts them.
///
/// Equality follows the encoding: two values are equal exactly when they serialise to the same
/// bytes. In particular text compares by code units, not by Swift's canonical equivalence
/// (`.text("\u{E9}") != .text("e\u{301}")`), as Java compares strings.
public enum CborObject: Hashable, Sendable {
    /// A signed 64-bit integer (major types 0 and 1).
    case integer(Int64)
    /// A UTF-8 text string (major type 3).
    case text(String)
    /// A byte string (major type 2). A decoded one shares the decoder's input (see ``CborBytes``);
    /// ``bytes(_:)-swift.type.method`` makes one from an array.
    case bytes(CborBytes)
    /// `true` or `false` (simple values 20 and 21).
    case bool(Bool)
    /// `null` (simple value 22).
    case null
    /// A definite-length array (major type 4). A decoded one is a view of its decode's tape (see
    /// ``CborList``); ``list(_:)-swift.type.method`` makes one from an array.
    case list(CborList)
    /// A map with text keys (major type 5), kept in Peergos' canonical key order.
    case map(CborMap)
    /// A merkle link: tag 42 over a byte string `0x00 || cid`. The payload is the binary CID,
    /// without the leading `0x00` multibase byte.
    case link(CborBytes)

    /// A byte string holding `bytes` (no copy).
    @inlinable
    public static func bytes(_ bytes: [UInt8]) -> CborObject { .bytes(CborBytes(bytes)) }

    /// A list of `items` (no copy).
    @inlinable
    public static func list(_ items: [CborObject]) -> CborObject { .list(CborList(items)) }

    /// A merkle link to the binary CID `cid` (no copy).
    @inlinable
    public static func link(_ cid: [UInt8]) -> CborObject { .link(CborBytes(cid)) }
}

extension CborObject {
    /// A short name of the value's kind, used in error messages.
    public var kindName: String {
        switch self {
        case .integer: return "integer"
        case .text: return "text"
        case .bytes: return "bytes"
        case .bool: return "bool"
        case .null: return "null"
        case .list: return "list"
        case .map: return "map"
        case .link: return "link"
        }
    }
}

extension CborObject {
    public static func == (a: CborObject, b: CborObject) -> Bool {
        switch (a, b) {
        case (.integer(let x), .integer(let y)): return x == y
        case (.text(let x), .text(let y)): return CborMap.keysEqual(x, y)
        case (.bytes(let x), .bytes(let y)): return x == y
        case (.bool(let x), .bool(let y)): return x == y
        case (.null, .null): return true
        case (.list(let x), .list(let y)): return x == y
        case (.map(let x), .map(let y)): return x == y
        case (.link(let x), .link(let y)): return x == y
        default: return false
        }
    }

    public func hash(into hasher: inout Hasher) {
        switch self {
        case .integer(let v): hasher.combine(0 as UInt8); hasher.combine(v)
        case .text(let s): hasher.combine(1 as UInt8); CborObject.hashText(s, into: &hasher)
        case .bytes(let b): hasher.combine(2 as UInt8); hasher.combine(b)
        case .bool(let v): hasher.combine(3 as UInt8); hasher.combine(v)
        case .null: hasher.combine(4 as UInt8)
        case .list(let items): hasher.combine(5 as UInt8); hasher.combine(items)
        case .map(let m): hasher.combine(6 as UInt8); hasher.combine(m)
        case .link(let c): hasher.combine(7 as UInt8); hasher.combine(c)
        }
    }

    /// Hashes a string by its UTF-8 bytes, consistently with ``CborMap/keysEqual(_:_:)``.
    static func hashText(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
        hasher.combine(text.utf8.count)
    }
}
