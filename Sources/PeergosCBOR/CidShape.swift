/// The structural shape of a binary CID, checked by the CBOR decoder inside tag 42.
///
/// Only the shape: a CIDv0 (`12 20` + 32 bytes), or `varint(version) varint(codec)
/// varint(hash code) varint(digest length) digest` with the digest running exactly to the end.
/// Semantic checks (known codecs, digest lengths per hash) belong to PeergosMultiformats.
enum CidShape {
    @inline(__always)
    static func isWellFormed(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        // The common CIDv1: one-byte version (1), codec, hash code and digest length varints.
        if bytes.count >= 4 && bytes[0] == 1 && (bytes[1] | bytes[2] | bytes[3]) < 0x80 {
            return Int(bytes[3]) == bytes.count - 4
        }
        return isWellFormedGeneral(bytes)
    }

    static func isWellFormedGeneral(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        if bytes.count == 34 && bytes[0] == 0x12 && bytes[1] == 0x20 { return true }
        var i = 0
        guard let version = readVarint(bytes, &i), version == 1,
              readVarint(bytes, &i) != nil,
              readVarint(bytes, &i) != nil,
              let length = readVarint(bytes, &i)
        else { return false }
        return UInt64(bytes.count - i) == length
    }

    private static func readVarint(_ bytes: UnsafeBufferPointer<UInt8>, _ i: inout Int) -> UInt64? {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while i < bytes.count && shift < 63 {
            let b = bytes[i]
            i += 1
            value |= UInt64(b & 0x7f) << shift
            if b & 0x80 == 0 { return value }
            shift += 7
        }
        return nil
    }
}
