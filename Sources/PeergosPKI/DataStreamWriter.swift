/// Java `DataOutputStream` framing, as upstream's PKI (`core/`) and social routes frame their
/// bodies: int32 big-endian; strings and byte arrays as an int32 length then the bytes; a bool as
/// one byte. Shared by the server (answers) and the client (requests).
public struct DataStreamWriter: Sendable {
    public private(set) var bytes: [UInt8] = []

    public init() {}

    public mutating func bool(_ b: Bool) { bytes.append(b ? 1 : 0) }

    public mutating func int32(_ v: Int) {
        let u = UInt32(truncatingIfNeeded: v)
        bytes += [UInt8(u >> 24), UInt8(truncatingIfNeeded: u >> 16), UInt8(truncatingIfNeeded: u >> 8), UInt8(truncatingIfNeeded: u)]
    }

    public mutating func byteArray(_ b: [UInt8]) {
        int32(b.count)
        bytes += b
    }

    public mutating func string(_ s: String) { byteArray(Array(s.utf8)) }
}
