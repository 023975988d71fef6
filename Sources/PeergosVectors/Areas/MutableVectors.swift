import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosMutable

extension VectorArea {
    /// Area "mutable": pointer update encodings and the server's acceptance rules.
    public static let mutable = VectorArea(name: "mutable") { v in
        switch v.kind {
        case "pointer_update":
            let update = try PointerUpdate(original: try v.optionalHex("original").map(Cid.init(bytes:)),
                                           updated: try v.optionalHex("updated").map(Cid.init(bytes:)),
                                           sequence: try v.optionalInt64("sequence"))
            let cbor = try v.hex("cbor")
            try expectBytes(update.serialize(), equals: cbor, "CBOR")
            try expect(try PointerUpdate(cborBytes: cbor), equals: update, "read back")
        case "pointer_validate":
            let key = try PublicSigningKey(bytes: try v.hex("writer_public_key"))
            // `writer`, when given, is the pointer's PublicKeyHash and the key is what a server can
            // have from it: the inline key of an identity multihash, none for any other hash.
            let writer = try v.optionalHex("writer").map { try PublicKeyHash(cid: Cid(bytes: $0)) } ?? key.publicKeyHash
            let writerKey = v.has("writer") ? writer.inlineKeyCbor.flatMap { try? PublicSigningKey(cborBytes: $0) } : key
            let current = try v.optionalHex("current_cbor").map { try PointerUpdate(cborBytes: $0) }
            let controller = try v.optionalHex("updated_controller").map { try PublicKeyHash(cid: Cid(bytes: $0)) }
            let outcome = PointerValidator.validate(signed: try v.hex("signed"), writer: writer, writerKey: writerKey,
                                                    current: current, updatedController: controller)
            let accepted = try v.bool("accepted")
            try expect(try v.expectsError(), equals: !accepted, "error is the opposite of accepted")
            switch outcome {
            case .success:
                guard accepted else { throw VectorMismatch("accepted an update that must be refused (\(try v.expectedErrorCode()))") }
            case .failure(let refusal):
                guard !accepted else { throw VectorMismatch("refused (\(refusal.code)) an update that must be accepted") }
                try expect(refusal.code, equals: try v.expectedErrorCode(), "refusal")
            }
        default:
            throw VectorSkip("unknown mutable vector kind \(v.kind)")
        }
    }
}
