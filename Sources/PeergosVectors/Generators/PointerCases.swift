import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosMutable

/// The project's own mutable-pointer vectors (area "mutable"): update encodings, and signed updates
/// a server must accept or refuse, each refusal naming its rule. Expected outcomes are written by
/// hand here; the generator refuses to publish a vector the validator disagrees with.
enum PointerCases {
    static let writer = try! SigningKeyPair(seed: Hash.sha256(Array("sign:pointer-writer".utf8)))
    static let stranger = try! SigningKeyPair(seed: Hash.sha256(Array("sign:pointer-stranger".utf8)))
    static func block(_ n: Int) -> Cid { try! Cid.sha256(codec: .dagCbor, digest: Hash.sha256(Array("writer-data-\(n)".utf8))) }

    struct Case {
        let id: String
        let description: String
        let current: PointerUpdate?
        let signed: [UInt8]
        let controller: PublicKeyHash?
        let refusal: PointerRefusal?
    }

    static func cases() throws -> [Case] {
        let w = writer.publicKey.publicKeyHash
        let first = try PointerUpdate(original: nil, updated: block(1), sequence: 1)
        let second = try PointerUpdate(original: block(1), updated: block(2), sequence: 2)
        func sign(_ u: PointerUpdate, _ k: SigningKeyPair = writer) -> [UInt8] { k.secretKey.signMessage(u.serialize()) }
        var tampered = sign(second)
        tampered[10] ^= 0x01
        let big = Cid(codec: .dagCbor, multihash: try Multihash(type: .sha2_512, digest: [UInt8](repeating: 7, count: 64)))
        let big2 = Cid(codec: .dagCbor, multihash: try Multihash(type: .sha2_512, digest: [UInt8](repeating: 8, count: 64)))
        return [
            Case(id: "pointer_first_update", description: "a new pointer: no original, sequence 1", current: nil, signed: sign(first), controller: w, refusal: nil),
            Case(id: "pointer_next_update", description: "original = current updated, sequence + 1", current: first, signed: sign(second), controller: w, refusal: nil),
            Case(id: "pointer_clear", description: "moving the pointer to nothing needs no controller", current: first,
                 signed: sign(try PointerUpdate(original: block(1), updated: nil, sequence: 2)), controller: nil, refusal: nil),
            Case(id: "pointer_bad_signature", description: "a flipped bit in the signature", current: first, signed: tampered, controller: w, refusal: .badSignature),
            Case(id: "pointer_foreign_signature", description: "signed by a key other than the writer's", current: first, signed: sign(second, stranger), controller: w, refusal: .badSignature),
            Case(id: "pointer_wrong_original", description: "original is not the current updated (lost compare-and-swap)", current: second,
                 signed: sign(try PointerUpdate(original: block(1), updated: block(3), sequence: 3)), controller: w, refusal: .wrongOriginal),
            Case(id: "pointer_stale_sequence", description: "sequence equal to the current one", current: second,
                 signed: sign(try PointerUpdate(original: block(2), updated: block(3), sequence: 2)), controller: w, refusal: .sequenceNotIncreasing),
            Case(id: "pointer_missing_sequence", description: "no sequence while the current pointer has one", current: second,
                 signed: sign(try PointerUpdate(original: block(2), updated: block(3), sequence: nil)), controller: w, refusal: .sequenceNotIncreasing),
            Case(id: "pointer_controller_mismatch", description: "the new WriterData is controlled by another key", current: first,
                 signed: sign(second), controller: stranger.publicKey.publicKeyHash, refusal: .controllerMismatch),
            Case(id: "pointer_oversize", description: "signed update over 147 bytes (sha2-512 CIDs)", current: nil,
                 signed: sign(try PointerUpdate(original: big2, updated: big, sequence: 1)), controller: w, refusal: .oversize),
            Case(id: "pointer_malformed_payload", description: "a valid signature over bytes that are not a PointerUpdate", current: nil,
                 signed: writer.secretKey.signMessage(CborObject.text("not an update").serialize()), controller: w, refusal: .malformed),
            Case(id: "pointer_same_original_and_updated", description: "an update that does not change the pointer", current: first,
                 signed: writer.secretKey.signMessage(CborObject.list([.bytes(block(1).bytes), .bytes(block(1).bytes), .integer(2)]).serialize()),
                 controller: w, refusal: .malformed),
        ]
    }

    static func vectors() throws -> [[String: Any]] {
        try cases().map { c in
            let outcome = PointerValidator.validate(signed: c.signed, writer: writer.publicKey.publicKeyHash, writerKey: writer.publicKey,
                                                    current: c.current, updatedController: c.controller)
            switch (outcome, c.refusal) {
            case (.success, nil): break
            case (.failure(let got), let want?) where got == want: break
            default: throw VectorMismatch("\(c.id): validator says \(outcome)")
            }
            var v: [String: Any] = [
                "id": c.id, "kind": "pointer_validate", "description": c.description,
                "writer_public_key": Hex.encode(writer.publicKey.bytes), "signed": Hex.encode(c.signed),
                "accepted": c.refusal == nil,
            ]
            if let current = c.current { v["current_cbor"] = Hex.encode(current.serialize()) }
            if let controller = c.controller { v["updated_controller"] = Hex.encode(controller.bytes) }
            if let refusal = c.refusal { v["error"] = true; v["code"] = refusal.code }
            return v
        } + encodings()
    }

    static func encodings() throws -> [[String: Any]] {
        let cases: [(String, Cid?, Cid?, Int64?)] = [
            ("pointer_cbor_first", nil, block(1), 1), ("pointer_cbor_next", block(1), block(2), 2),
            ("pointer_cbor_legacy_no_sequence", block(1), block(2), nil), ("pointer_cbor_clear", block(2), nil, 3),
        ]
        return try cases.map { id, o, u, s in
            let update = try PointerUpdate(original: o, updated: u, sequence: s)
            return ["id": id, "kind": "pointer_update", "description": "PointerUpdate CBOR: untagged CID bytes or null, optional sequence",
                    "original": o.map { Hex.encode($0.bytes) } ?? NSNullValue.value, "updated": u.map { Hex.encode($0.bytes) } ?? NSNullValue.value,
                    "sequence": s.map { Int($0) as Any } ?? NSNullValue.value, "cbor": Hex.encode(update.serialize())]
        }
    }
}
