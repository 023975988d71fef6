/// One value of the CBOR subset Peergos uses on the wire.
///
/// Invariant: every value here has exactly one encoding (see ``serialize()``), the one upstream
/// Peergos writes, so a block's bytes (and hence its CID) are a function of the value alone.
/// Floats, `undefined`, bignums and every tag except 42 are not representable, because upstream
/// neither writes nor accepts them.
public enum CborObject: Hashable, Sendable {
    /// A signed 64-bit integer (major types 0 and 1).
    case integer(Int64)
    /// A UTF-8 text string (major type 3).
    case text(String)
    /// A byte string (major type 2).
    case bytes([UInt8])
    /// `true` or `false` (simple values 20 and 21).
    case bool(Bool)
    /// `null` (simple value 22).
    case null
    /// A definite-length array (major type 4).
    case list([CborObject])
    /// A map with text keys (major type 5), kept in Peergos' canonical key order.
    case map(CborMap)
    /// A merkle link: tag 42 over a byte string `0x00 || cid`. The payload is the binary CID,
    /// without the leading `0x00` multibase byte.
    case link([UInt8])
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
