/// Unsigned LEB128 varints, as multiformats use them.
///
/// Invariant: ``decode(_:at:)`` accepts exactly the encodings ``encode(_:)`` produces: minimal,
/// at most 10 bytes, at most 64 bits.
public enum Varint {
    /// The minimal encoding of `value`.
    public static func encode(_ value: UInt64) -> [UInt8] {
        var out: [UInt8] = []
        append(value, to: &out)
        return out
    }

    /// Appends the minimal encoding of `value` to `out`.
    public static func append(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    /// Reads a varint starting at `offset`; returns its value and how many bytes it took.
    /// - Throws: ``MultiformatsError`` for truncated, non-minimal, over-long or overflowing input.
    public static func decode<C: RandomAccessCollection>(_ bytes: C, at offset: C.Index) throws -> (value: UInt64, length: Int)
    where C.Element == UInt8 {
        var value: UInt64 = 0
        var index = offset
        var count = 0
        while true {
            guard index < bytes.endIndex else { throw MultiformatsError.truncatedVarint }
            guard count < 10 else { throw MultiformatsError.varintTooLong }
            let b = bytes[index]
            if count == 9 && b > 1 {
                // Bit 63 is the last one a 64-bit value has; a continuation here means "too long".
                throw b & 0x80 != 0 ? MultiformatsError.varintTooLong : MultiformatsError.varintOverflow
            }
            value |= UInt64(b & 0x7f) << UInt64(7 * count)
            count += 1
            index = bytes.index(after: index)
            if b & 0x80 == 0 {
                if b == 0 && count > 1 { throw MultiformatsError.nonMinimalVarint }
                return (value, count)
            }
        }
    }
}
