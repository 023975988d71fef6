/// Java `DataInputStream`/`DataOutputStream` framing used by upstream's `core/` routes:
/// int32 big-endian; strings and byte arrays as an int32 length then the bytes; bool as one byte.
struct DataStreamReader {
    let bytes: [UInt8]
    var offset = 0
    let maxField: Int

    init(_ bytes: [UInt8], maxField: Int = 4 << 20) {
        self.bytes = bytes
        self.maxField = maxField
    }

    mutating func int32() throws -> Int {
        guard bytes.count - offset >= 4 else { throw PeergosServerError.malformed("Truncated request") }
        let v = bytes[offset..<(offset + 4)].reduce(0) { $0 << 8 | Int($1) }
        offset += 4
        return Int(Int32(truncatingIfNeeded: v))
    }

    /// A length-prefixed byte array of at most `max` bytes (upstream's per-field bound), or `maxField`.
    mutating func byteArray(max: Int? = nil) throws -> [UInt8] {
        let n = try int32()
        let bound = Swift.min(max ?? maxField, maxField)
        guard n >= 0, n <= bound, bytes.count - offset >= n else { throw PeergosServerError.malformed("Invalid field length \(n) (at most \(bound))") }
        defer { offset += n }
        return Array(bytes[offset..<(offset + n)])
    }

    mutating func string() throws -> String {
        let b = try byteArray()
        guard let s = String(validating: b, as: UTF8.self) else { throw PeergosServerError.malformed("Invalid UTF-8 string") }
        return s
    }
}
