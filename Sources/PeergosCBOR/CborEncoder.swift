/// Peergos' canonical CBOR encoding.
///
/// Rules (byte-exact with upstream `CborEncoder`): every head uses its shortest form; negative
/// integers use major type 1 with argument `-1 - n`; lengths are always definite; map entries
/// follow ``CborMap``'s canonical order; a link is `d8 2a` then the byte string `00 || cid`.
extension CborObject {
    /// The canonical encoding of this value.
    public func serialize() -> [UInt8] {
        let size = encodedSize
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var writer = CborWriter(base: buffer.baseAddress!)
            writer.write(self)
            initialized = size
        }
    }

    /// Appends the canonical encoding of this value to `out`.
    public func serialize(into out: inout [UInt8]) {
        out.append(contentsOf: serialize())
    }

    /// Appends the head of a definite-length list of `count` items (for callers that append
    /// already-encoded items after it).
    public static func writeListHead(_ count: Int, into out: inout [UInt8]) {
        var head = [UInt8](repeating: 0, count: CborWriter.headSize(UInt64(count)))
        head.withUnsafeMutableBufferPointer { buffer in
            var writer = CborWriter(base: buffer.baseAddress!)
            writer.head(major: 4, UInt64(count))
        }
        out += head
    }

    /// The exact length of ``serialize()``'s output.
    public var encodedSize: Int {
        switch self {
        case .integer(let v): return CborWriter.headSize(v >= 0 ? UInt64(v) : UInt64(bitPattern: -1 - v))
        case .bytes(let b): return CborWriter.headSize(UInt64(b.count)) + b.count
        case .text(let s):
            let n = s.utf8.count
            return CborWriter.headSize(UInt64(n)) + n
        case .link(let c): return 2 + CborWriter.headSize(UInt64(c.count + 1)) + 1 + c.count
        case .bool, .null: return 1
        case .list(let items):
            var n = CborWriter.headSize(UInt64(items.count))
            for item in items { n += item.encodedSize }
            return n
        case .map(let m):
            var n = CborWriter.headSize(UInt64(m.count))
            for e in m.entries {
                let k = e.key.utf8.count
                n += CborWriter.headSize(UInt64(k)) + k + e.value.encodedSize
            }
            return n
        }
    }
}

/// Writes canonical CBOR into memory already sized by ``CborObject/encodedSize``.
struct CborWriter {
    var pointer: UnsafeMutablePointer<UInt8>

    init(base: UnsafeMutablePointer<UInt8>) { pointer = base }

    /// Bytes taken by a head with this argument in its shortest form.
    @inline(__always)
    static func headSize(_ value: UInt64) -> Int {
        value < 24 ? 1 : value <= 0xff ? 2 : value <= 0xffff ? 3 : value <= 0xffff_ffff ? 5 : 9
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        pointer.pointee = b
        pointer += 1
    }

    /// Writes a head in its shortest form.
    @inline(__always)
    mutating func head(major: UInt8, _ value: UInt64) {
        let m = major << 5
        if value < 24 {
            byte(m | UInt8(value))
        } else if value <= 0xff {
            byte(m | 24)
            byte(UInt8(value))
        } else if value <= 0xffff {
            byte(m | 25)
            byte(UInt8(value >> 8))
            byte(UInt8(truncatingIfNeeded: value))
        } else if value <= 0xffff_ffff {
            byte(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { byte(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        } else {
            byte(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { byte(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        pointer.update(from: base, count: bytes.count)
        pointer += bytes.count
    }

    mutating func text(_ s: String) {
        var s = s
        s.withUTF8 { utf8 in
            head(major: 3, UInt64(utf8.count))
            raw(utf8)
        }
    }

    mutating func write(_ value: CborObject) {
        switch value {
        case .integer(let v):
            if v >= 0 { head(major: 0, UInt64(v)) } else { head(major: 1, UInt64(bitPattern: -1 - v)) }
        case .bytes(let b):
            head(major: 2, UInt64(b.count))
            b.withUnsafeBufferPointer { raw($0) }
        case .text(let s):
            text(s)
        case .list(let items):
            head(major: 4, UInt64(items.count))
            for item in items { write(item) }
        case .map(let map):
            head(major: 5, UInt64(map.count))
            for entry in map.entries {
                text(entry.key)
                write(entry.value)
            }
        case .link(let cid):
            byte(0xd8)
            byte(42)
            head(major: 2, UInt64(cid.count + 1))
            byte(0)
            cid.withUnsafeBufferPointer { raw($0) }
        case .bool(let b):
            byte(b ? 0xf5 : 0xf4)
        case .null:
            byte(0xf6)
        }
    }
}
