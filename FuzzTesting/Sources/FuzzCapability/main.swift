import FuzzSupport
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats

/// Capabilities: CBOR forms (AbsoluteCapability, RelativeCapability, Bat, EncryptedCapability,
/// SecretLinkTarget, EntryPoint) in strict and upstream-compatible modes, `#…` links and
/// `secret/…` links. Whatever is accepted survives its own round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCapability(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzBytes(start, count)
    let text = String(decoding: bytes, as: UTF8.self)

    for options in [CborDecodingOptions.strict, .upstreamCompatibleWithTextLinks] {
        guard let cbor = try? CborObject.decode(bytes, options: options) else { continue }
        if let cap = try? AbsoluteCapability(cbor: cbor) {
            fuzzCheck((try? AbsoluteCapability(cbor: cap.toCbor())) == cap, "AbsoluteCapability CBOR does not round-trip")
            fuzzCheck((try? AbsoluteCapability(link: cap.link)) == cap, "AbsoluteCapability link does not round-trip")
            _ = cap.readOnly
        }
        if let rel = try? RelativeCapability(cbor: cbor) {
            fuzzCheck((try? RelativeCapability(cbor: rel.toCbor())) == rel, "RelativeCapability CBOR does not round-trip")
            if let base = try? AbsoluteCapability(cbor: AbsoluteCapability.null.toCbor()) { _ = try? rel.absolute(from: base) }
        }
        if let bat = try? Bat(cbor: cbor) {
            fuzzCheck((try? Bat(cbor: bat.toCbor())) == bat, "Bat CBOR does not round-trip")
            _ = bat.inlineId
        }
        if let enc = try? EncryptedCapability(cbor: cbor) {
            fuzzCheck((try? EncryptedCapability(cbor: enc.toCbor())) == enc, "EncryptedCapability CBOR does not round-trip")
        }
        if let target = try? SecretLinkTarget(cbor: cbor) {
            fuzzCheck((try? SecretLinkTarget(cbor: target.toCbor())) == target, "SecretLinkTarget CBOR does not round-trip")
        }
        if let entry = try? EntryPoint(cbor: cbor) {
            fuzzCheck((try? EntryPoint(cbor: entry.toCbor())) == entry, "EntryPoint CBOR does not round-trip")
        }
    }
    if let cap = try? AbsoluteCapability(link: text) {
        fuzzCheck((try? AbsoluteCapability(link: cap.link)) == cap, "capability link does not round-trip")
        fuzzCheck((try? AbsoluteCapability(cbor: cap.toCbor())) == cap, "capability from a link does not round-trip through CBOR")
    }
    if let link = try? SecretLink(link: text) {
        fuzzCheck(link.label > 0, "secret link with a non-positive label")
        fuzzCheck((try? SecretLink(link: link.link)) == link, "secret link does not round-trip")
    }
    return 0
}
