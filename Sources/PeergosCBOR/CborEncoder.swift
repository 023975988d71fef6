/// Peergos' canonical CBOR encoding.
///
/// Rules (byte-exact with upstream `CborEncoder`): every head uses its shortest form; negative
/// integers use major type 1 with argument `-1 - n`; lengths are always definite; map entries
/// follow ``CborMap``'s canonical order; a link is `d8 2a` then the byte string `00 || cid`.
extension CborObject {
    /// The canonical encoding of this value.
    public func serialize() -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(encodedSizeHint)
        serialize(into: &out)
        return out
    }

    /// Appends the canonical encoding of this value to `out`.
    public func serialize(into out: inout [UInt8]) {
        switch self {
        case .integer(let v):
            if v >= 0 {
                CborObject.writeHead(major: 0, UInt64(v), into: &out)
            } else {
                CborObject.writeHead(major: 1, UInt64(bitPattern: -1 - v), into: &out)
            }
        case .bytes(let b):
            CborObject.writeHead(major: 2, UInt64(b.count), into: &out)
            out.append(contentsOf: b)
        case .text(let s):
            var s = s
            s.withUTF8 { utf8 in
                CborObject.writeHead(major: 3, UInt64(utf8.count), into: &out)
                out.append(contentsOf: utf8)
            }
        case .list(let items):
            CborObject.writeHead(major: 4, UInt64(items.count), into: &out)
            for item in items { item.serialize(into: &out) }
        case .map(let map):
            CborObject.writeHead(major: 5, UInt64(map.count), into: &out)
            for entry in map.entries {
                CborObject.text(entry.key).serialize(into: &out)
                entry.value.serialize(into: &out)
            }
        case .link(let cid):
            out.append(0xd8)
            out.append(42)
            CborObject.writeHead(major: 2, UInt64(cid.count + 1), into: &out)
            out.append(0)
            out.append(contentsOf: cid)
        case .bool(let b):
            out.append(b ? 0xf5 : 0xf4)
        case .null:
            out.append(0xf6)
        }
    }

    /// Writes a head in its shortest form.
    @inline(__always)
    static func writeHead(major: UInt8, _ value: UInt64, into out: inout [UInt8]) {
        let m = major << 5
        if value < 24 {
            out.append(m | UInt8(value))
        } else if value <= 0xff {
            out.append(m | 24)
            out.append(UInt8(value))
        } else if value <= 0xffff {
            out.append(m | 25)
            out.append(UInt8(value >> 8))
            out.append(UInt8(truncatingIfNeeded: value))
        } else if value <= 0xffff_ffff {
            out.append(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        } else {
            out.append(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
    }

    /// A cheap upper-ish estimate of the encoded size, to size the output buffer once.
    var encodedSizeHint: Int {
        switch self {
        case .integer, .bool, .null: return 9
        case .bytes(let b): return b.count + 9
        case .text(let s): return s.utf8.count + 9
        case .link(let c): return c.count + 12
        case .list(let items): return items.reduce(9) { $0 + $1.encodedSizeHint }
        case .map(let m): return m.entries.reduce(9) { $0 + $1.key.utf8.count + 9 + $1.value.encodedSizeHint }
        }
    }
}
