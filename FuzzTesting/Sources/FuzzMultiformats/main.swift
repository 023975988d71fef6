import FuzzSupport
import PeergosCBOR
import PeergosMultiformats

/// CID (binary and text), multihash, multibase, varint and PublicKeyHash parsing. Whatever is
/// accepted survives its own round trip.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzMultiformats(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzBytes(start, count)
    let text = String(decoding: bytes, as: UTF8.self)

    if let cid = try? Cid(bytes: bytes) {
        fuzzCheck(cid.bytes == bytes, "binary CID does not keep its bytes")
        fuzzCheck((try? Cid(string: cid.description)) == cid, "CID text form does not read back")
        for base in Multibase.allCases where cid.version == 1 {
            fuzzCheck((try? Cid(string: cid.string(in: base))) == cid, "CID in \(base) does not read back")
        }
        if let hash = try? PublicKeyHash(cid: cid) {
            fuzzCheck((try? PublicKeyHash(cbor: hash.toCbor())) == hash, "PublicKeyHash CBOR does not read back")
            _ = hash.inlineKeyCbor
        }
    }
    if let cid = try? Cid(string: text) {
        fuzzCheck((try? Cid(bytes: cid.bytes)) == cid, "CID read from text does not read back from its bytes")
    }
    if let decoded = try? Multibase.decode(text), let first = text.first, let base = Multibase(rawValue: first) {
        fuzzCheck((try? Multibase.decode(Multibase.encode(decoded, base))) == decoded, "multibase \(base) does not round-trip")
    }
    if let decoded = try? Base58.decode(text) {
        fuzzCheck((try? Base58.decode(Base58.encode(decoded))) == decoded, "base58 does not round-trip")
    }
    if let multihash = try? Multihash(bytes: bytes) {
        fuzzCheck((try? Multihash(bytes: multihash.bytes)) == multihash, "multihash does not round-trip")
    }
    if !bytes.isEmpty, let (value, length) = try? Varint.decode(bytes, at: 0) {
        fuzzCheck(Varint.encode(value) == Array(bytes.prefix(length)), "varint accepted a non-minimal encoding")
    }
    if let cbor = try? CborObject.decode(bytes, options: .upstreamCompatible) {
        _ = try? PublicKeyHash(cbor: cbor)
    }
    return 0
}
