import FuzzSupport
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

/// Mutable pointers: `PointerUpdate` decode (strict and upstream-compatible), then
/// `PointerValidator.validate` on (0) the input as a signed update and (1) the input as the
/// payload, signed here by the writer's key so the rules past the signature are reached; and the
/// WriterData a pointer names (its `controller` decides the last rule).
let writer = FuzzKeys.writer
let cidA = try! Cid.sha256(codec: .dagCbor, digest: [UInt8](repeating: 1, count: 32))
let currents: [PointerUpdate?] = [
    nil,
    try! PointerUpdate(original: nil, updated: cidA, sequence: 7),
    try! PointerUpdate(original: nil, updated: cidA, sequence: nil),
    try! PointerUpdate(original: cidA, updated: nil, sequence: Int64.max),
]

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPointer(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var r = FuzzReader(fuzzBytes(start, count))
    let selector = r.byte()
    let payload = r.rest()
    let current = currents[Int(selector >> 2) % currents.count]
    let controller: PublicKeyHash? = selector & 0x40 == 0 ? writer : FuzzKeys.other.publicKey.publicKeyHash

    for options in [CborDecodingOptions.strict, .upstreamCompatible] {
        if let update = try? PointerUpdate(cborBytes: payload, options: options) {
            fuzzCheck((try? PointerUpdate(cbor: update.toCbor())) == update, "PointerUpdate does not round-trip")
            fuzzCheck(update.original != update.updated, "PointerUpdate with original == updated")
            _ = try? PointerUpdate.next(after: update, to: cidA)
        }
    }
    switch selector % 3 {
    case 0:
        check(PointerValidator.validate(signed: payload, writer: writer, writerKey: FuzzKeys.signer.publicKey, current: current,
                                        updatedController: controller), current)
    case 1:
        let signed = FuzzKeys.signer.signMessage(payload)
        check(PointerValidator.validate(signed: signed, writer: writer, writerKey: FuzzKeys.signer.publicKey, current: current,
                                        updatedController: controller), current)
        _ = PointerValidator.validate(signed: signed, writer: writer, writerKey: nil, current: current, updatedController: controller)
    default:
        for options in [CborDecodingOptions.strict, .upstreamCompatibleWithTextLinks] {
            if let data = try? WriterData(cborBytes: payload, options: options) {
                fuzzCheck((try? WriterData(cbor: data.toCbor())) == data, "WriterData does not round-trip")
            }
            if let proof = try? OwnerProof(cborBytes: payload, options: options) {
                _ = proof.toCbor()
            }
        }
    }
    return 0
}

func check(_ result: Result<PointerUpdate, PointerRefusal>, _ current: PointerUpdate?) {
    guard case .success(let update) = result else { return }
    fuzzCheck(update.original == current?.updated, "accepted an update whose original is not the current target")
    if let seq = current?.sequence {
        fuzzCheck((update.sequence ?? Int64.min) > seq, "accepted an update whose sequence does not increase")
    }
}
