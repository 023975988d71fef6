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
        /// The pointer's writer when it is not the writer key's identity hash (written as `writer`).
        var writerHash: PublicKeyHash? = nil
    }

    /// The writer's key named by a sha2-256 PublicKeyHash (CIDv1 dag-cbor over the key's CBOR), not inline.
    static var hashedWriter: PublicKeyHash {
        try! PublicKeyHash(cid: Cid.sha256(codec: .dagCbor, digest: Hash.sha256(writer.publicKey.serialize())))
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
        ] + (try ruleCases(first: first, second: second, sign: { sign($0) }))
    }

    /// Cases for the rules of Spec/mutable.md that the first table leaves open: the first sequence,
    /// "greater" and not "+1", a missing pointer, what is malformed, and the writer's key.
    static func ruleCases(first: PointerUpdate, second: PointerUpdate, sign: (PointerUpdate) -> [UInt8]) throws -> [Case] {
        let w = writer.publicKey.publicKeyHash
        func raw(_ items: [CborObject]) -> [UInt8] { writer.secretKey.signMessage(CborObject.list(items).serialize()) }
        let b1 = CborObject.bytes(block(1).bytes), b2 = CborObject.bytes(block(2).bytes)
        let legacy = try PointerUpdate(original: nil, updated: block(1), sequence: nil)
        return [
            Case(id: "pointer_first_any_sequence", description: "with no current pointer any sequence is accepted (a writer starts at 1; the server compares only with a current one)", current: nil,
                 signed: sign(try PointerUpdate(original: nil, updated: block(1), sequence: 7)), controller: w, refusal: nil),
            Case(id: "pointer_first_no_sequence", description: "with no current pointer an update without a sequence is accepted", current: nil,
                 signed: sign(legacy), controller: w, refusal: nil),
            Case(id: "pointer_sequence_jump", description: "any greater sequence is accepted, not only current + 1", current: second,
                 signed: sign(try PointerUpdate(original: block(2), updated: block(3), sequence: 9)), controller: w, refusal: nil),
            Case(id: "pointer_after_legacy", description: "a current pointer without a sequence accepts an update with or without one", current: legacy,
                 signed: sign(try PointerUpdate(original: block(1), updated: block(2), sequence: nil)), controller: w, refusal: nil),
            Case(id: "pointer_first_with_original", description: "with no current pointer, original must be null", current: nil,
                 signed: sign(second), controller: w, refusal: .wrongOriginal),
            Case(id: "pointer_null_original_over_existing", description: "original null while a pointer exists", current: first,
                 signed: sign(try PointerUpdate(original: nil, updated: block(2), sequence: 2)), controller: w, refusal: .wrongOriginal),
            Case(id: "pointer_clear_ignores_controller", description: "clearing (updated null) is not checked against any controller, even a foreign one", current: first,
                 signed: sign(try PointerUpdate(original: block(1), updated: nil, sequence: 2)), controller: stranger.publicKey.publicKeyHash, refusal: nil),
            Case(id: "pointer_missing_controller", description: "a non-null target whose WriterData cannot be read (no controller) is a mismatch", current: first,
                 signed: sign(second), controller: nil, refusal: .controllerMismatch),
            Case(id: "pointer_malformed_four_items", description: "a list of four items", current: first,
                 signed: raw([b1, b2, .integer(2), .integer(0)]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_one_item", description: "a list of one item", current: nil, signed: raw([b1]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_tagged_link", description: "updated as a tag-42 link instead of untagged CID bytes", current: first,
                 signed: raw([b1, .link(block(2).bytes), .integer(2)]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_not_a_cid", description: "updated is a byte string that is not a CID", current: first,
                 signed: raw([b1, .bytes([0x01, 0x71, 0x12]), .integer(2)]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_text_sequence", description: "a sequence that is not an integer", current: first,
                 signed: raw([b1, b2, .text("2")]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_both_null", description: "[null, null]: original = updated", current: nil,
                 signed: raw([.null, .null]), controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_non_minimal", description: "sequence 2 written in two bytes (18 02): not canonical CBOR", current: first,
                 signed: writer.secretKey.signMessage([0x83] + b1.serialize() + b2.serialize() + [0x18, 0x02]),
                 controller: w, refusal: .malformed),
            Case(id: "pointer_malformed_trailing_bytes", description: "a valid update followed by one more byte", current: nil,
                 signed: writer.secretKey.signMessage(first.serialize() + [0x00]), controller: w, refusal: .malformed),
            Case(id: "pointer_writer_key_by_sha256", description: "the writer is a sha2-256 PublicKeyHash of the key's CBOR (not an identity hash): the key cannot be had from it", current: nil,
                 signed: sign(first), controller: hashedWriter, refusal: .writerKeyUnavailable, writerHash: hashedWriter),
        ]
    }

    static func vectors() throws -> [[String: Any]] {
        try cases().map { c in
            let writerHash = c.writerHash ?? writer.publicKey.publicKeyHash
            let writerKey = c.writerHash == nil ? writer.publicKey : writerHash.inlineKeyCbor.flatMap { try? PublicSigningKey(cborBytes: $0) }
            let outcome = PointerValidator.validate(signed: c.signed, writer: writerHash, writerKey: writerKey,
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
            if let hash = c.writerHash { v["writer"] = Hex.encode(hash.bytes) }
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
