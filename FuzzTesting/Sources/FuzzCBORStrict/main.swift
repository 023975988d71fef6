import FuzzSupport
import PeergosCBOR

/// Strict CBOR: anything accepted is the canonical encoding of what it decodes to, so it encodes
/// back to the same bytes; `decodePrefix` agrees with `decode` on the item.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCBORStrict(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzBytes(start, count)
    if let value = try? CborObject.decode(bytes, options: .strict) {
        fuzzCheck(value.serialize() == bytes, "strict decode accepted a non-canonical encoding")
        if let (prefix, length) = try? CborObject.decodePrefix(bytes, options: .strict) {
            fuzzCheck(prefix == value && length == bytes.count, "decodePrefix disagrees with decode")
        } else {
            fuzzCheck(false, "decodePrefix refused what decode accepted")
        }
    } else {
        _ = try? CborObject.decodePrefix(bytes, options: .strict)
    }
    // A shallow depth limit too (the depth check's own path).
    _ = try? CborObject.decode(bytes, options: CborDecodingOptions(mode: .strict, maximumDepth: 2))
    return 0
}
