import FuzzSupport
import PeergosCBOR
import PeergosMultiformats

/// Upstream-compatible CBOR (with and without text-CID links): whatever is accepted re-encodes to
/// canonical bytes that the strict decoder reads back to the same value.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCBORUpstream(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzBytes(start, count)
    for options in [CborDecodingOptions.upstreamCompatible, .upstreamCompatibleWithTextLinks] {
        guard let value = try? CborObject.decode(bytes, options: options) else { continue }
        let canonical = value.serialize()
        guard let again = try? CborObject.decode(canonical, options: .strict) else {
            fuzzCheck(false, "canonical re-encoding of an upstream-compatible decode is not strict CBOR")
            continue
        }
        fuzzCheck(again == value, "strict re-decode differs from the upstream-compatible value")
    }
    return 0
}
