import FuzzSupport
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServer
import PeergosStorage

/// The server's request-body parsers (`RequestBodyParsers`, the same code the routes run before
/// they touch storage). The first input byte picks the route; the rest is the body (or the query
/// text). Route 12 is a signup whose claim, block and pointer signatures are made genuine here, so
/// the OpLog checks past the signatures are reached.
let writer = FuzzKeys.writer
let signer = FuzzKeys.signer
let existing = UserPublicKeyLink.createInitial(signer: signer, username: "fuzz", expiry: try! PKIDate("2030-01-01"), storageProviders: [Array("peer".utf8)])
let current = try! PointerUpdate(original: nil, updated: Cid.sha256(codec: .dagCbor, digest: [UInt8](repeating: 1, count: 32)), sequence: 3)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzServerBodies(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var r = FuzzReader(fuzzBytes(start, count))
    let route = r.byte()
    let body = r.rest()
    let text = String(decoding: body, as: UTF8.self)
    switch route % 13 {
    case 0: _ = try? RequestBodyParsers.username(body)
    case 1: _ = try? RequestBodyParsers.getUsername(body)
    case 2: _ = try? RequestBodyParsers.signup(body)
    case 3: _ = try? RequestBodyParsers.updateChain(body, existing: route & 0x80 == 0 ? existing : [])
    case 4:
        if let blocks = try? RequestBodyParsers.blockPutBulk(body, writer: writer, raw: route & 0x80 != 0) {
            fuzzCheck(!blocks.isEmpty, "an empty bulk put was accepted")
        }
    case 5: _ = try? RequestBodyParsers.setPointer(body, writer: writer, current: route & 0x80 == 0 ? nil : current)
    case 6: _ = try? RequestBodyParsers.setPointers(body)
    case 7: _ = try? RequestBodyParsers.setLogin(body)
    case 8: _ = try? RequestBodyParsers.followRequest(body)
    case 9: _ = try? RequestBodyParsers.champCaps(text)
    case 10:
        if let bytes = try? RequestBodyParsers.hex(text) { fuzzCheck(bytes.count * 2 == text.utf8.count, "hex length mismatch") }
    case 11:
        // champ/get/bulk over a one-block store holding the body as the root.
        let store = InMemoryBlockStore()
        guard let root = try? store.put(body, codec: .dagCbor) else { return 0 }
        let keys = stride(from: 0, to: min(body.count, 64), by: 8).map { Array(body[$0..<min($0 + 8, body.count)]) }
        _ = try? RequestBodyParsers.champLookup(store, root: root, keys: keys.isEmpty ? [[]] : keys)
    default:
        _ = try? RequestBodyParsers.signup(signedSignup(opLog: body))
    }
    return 0
}

/// A signup body for "fuzz" with a genuine claim and proof field, whose OpLog is `opLog` with every
/// block write, pointer write and login signature replaced by a genuine one from `signer`.
func signedSignup(opLog: [UInt8]) -> [UInt8] {
    var log = opLog
    if case .map(var m)? = try? CborObject.decode(opLog, options: .upstreamCompatible) {
        if case .list(let ops)? = m["ops"] {
            m["ops"] = .list(ops.map { op in
                guard case .map(var o) = op else { return op }
                if case .bytes(let block)? = o["b"] {
                    o["w"] = writer.toCbor()
                    o["s"] = .bytes(signer.signMessage(Hash.sha256(block.array)))
                } else if case .bytes(let update)? = o["s"] {
                    o["w"] = writer.toCbor()
                    o["s"] = .bytes(signer.signMessage(update.array))
                }
                return .map(o)
            })
        }
        if let login = m["login"] { m["loginAuth"] = .bytes(signer.secretKey.signatureOnly(login.serialize())) }
        log = CborObject.map(m).serialize()
    }
    var out: [UInt8] = []
    func field(_ b: [UInt8]) {
        let n = UInt32(b.count)
        out += [UInt8(n >> 24), UInt8(truncatingIfNeeded: n >> 16), UInt8(truncatingIfNeeded: n >> 8), UInt8(truncatingIfNeeded: n)] + b
    }
    field(Array("fuzz".utf8))
    field(existing[0].serialize())
    field(log)
    field(CborObject.map(["prefix": .bytes([UInt8](repeating: 0, count: 8)), "type": .integer(0x12)]).serialize())
    return out
}
