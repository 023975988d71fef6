import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

extension VectorArea {
    /// Area "pki": username claims, chain validation, key changes, merges, chain blocks, expiry, usernames.
    public static let pki = VectorArea(name: "pki") { v in
        switch v.kind {
        case "username_claim": try PKIVectors.claim(v)
        case "valid_chain": try PKIVectors.validChain(v)
        case "key_change_chain": try PKIVectors.keyChange(v)
        case "merge_chain": try PKIVectors.merge(v)
        case "pki_chain_block": try PKIVectors.chainBlock(v)
        case "expiry_rule": try PKIVectors.expiry(v)
        case "pki_date": try PKIVectors.date(v)
        case "username_regex": try expect(Usernames.matchesSyntax(try v.string("username")), equals: try v.bool("matches"), "matches the syntax")
        default: throw VectorSkip("unknown pki vector kind \(v.kind)")
        }
    }
}

enum PKIVectors {
    static func chain(_ v: Vector, _ field: String) throws -> [UserPublicKeyLink] {
        try v.hexArray(field).map { try UserPublicKeyLink(cborBytes: $0) }
    }

    static func claim(_ v: Vector) throws {
        let signer = try SigningKeyPair(seed: try v.hex("signer_seed"))
        v.ignore(["signer_seed_label"], because: "provenance: the label upstream's generator derived signer_seed from; the seed itself is used")
        try expectBytes(signer.publicKey.publicKeyHash.bytes, equals: try v.hex("owner"), "owner")
        let expiry = try PKIDate(try v.string("expiry"))
        let providers = try v.hexArray("storage_providers")
        let username = try v.string("username")
        try expectBytes(UsernameClaim.payload(username: username, expiry: expiry, storageProviders: providers), equals: try v.hex("signed_payload"), "signed payload")
        let claim = UsernameClaim.build(username: username, expiry: expiry, storageProviders: providers, signer: signer.secretKey)
        try expectBytes(claim.serialize(), equals: try v.hex("claim_cbor"), "claim CBOR")
        let link = UserPublicKeyLink(owner: signer.publicKey.publicKeyHash, claim: claim)
        let linkCbor = try v.hex("user_public_key_link_cbor")
        try expectBytes(link.serialize(), equals: linkCbor, "UserPublicKeyLink CBOR")
        try expect(try UserPublicKeyLink(cborBytes: linkCbor) == link, equals: try v.optionalBool("roundtrip_equal") ?? true, "round trip")
        try expect(claim.verify(with: signer.publicKey), equals: true, "claim verifies")
    }

    static func validChain(_ v: Vector) throws {
        let links = try expectSuccess("read chain") { try chain(v, "chain") }
        let result = ChainValidator.validate(links, username: try v.string("username"))
        let valid = try v.bool("valid")
        guard result.isValid == valid else {
            throw VectorMismatch("expected \(valid ? "valid" : "invalid"), got \(result.isValid ? "valid" : "invalid: \(result.failures)")")
        }
        let broken = Set(result.failures.map(\.code))
        // A negative vector names one rule (upstream throws on the first it meets); it must be among those broken.
        if try v.expectsError() {
            let code = try v.expectedErrorCode()
            guard broken.contains(code) else { throw VectorMismatch("expected \(code) among the rules broken, got \(broken.sorted())") }
        }
        if v.has("codes") {
            try expect(broken, equals: Set(try v.stringArray("codes")), "every rule broken")
        }
    }

    static func keyChange(_ v: Vector) throws {
        let links = try chain(v, "chain")
        guard links.count == 2 else { throw VectorMismatch("expected a 2-link chain") }
        try expectBytes(links[0].owner.bytes, equals: try v.hex("old_owner"), "old owner")
        try expectBytes(links[1].owner.bytes, equals: try v.hex("new_owner"), "new owner")
        let newOwner = try PublicKeyHash(cid: Cid(bytes: try v.hex("new_owner")))
        try expectBytes(newOwner.serialize(), equals: try v.hex("keychange_signed_payload"), "key change payload")
        try expectBytes(links[0].keyChangeProof ?? [], equals: try v.hex("keychange_proof"), "key change proof")
        try expect(links[0].claim.expiry, equals: PKIDate.max, "old link expiry")
        try expect(links[0].claim.storageProviders.isEmpty, equals: true, "old link has no providers")
        try expect(ChainValidator.validate(links, username: links[1].claim.username), equals: .valid, "chain validates")
        // Ed25519 is deterministic, so rebuilding the proof with the old key reproduces it, provided
        // the key is the one the claim verifies under.
        guard let oldKeyCbor = links[0].owner.inlineKeyCbor else { throw VectorMismatch("old owner is not an identity hash") }
        let oldKey = try PublicSigningKey(cborBytes: oldKeyCbor)
        try expectBytes(try oldKey.unsignMessage(links[0].keyChangeProof ?? []), equals: newOwner.serialize(), "proof opens to the new owner")
    }

    static func merge(_ v: Vector) throws {
        let existing = try chain(v, "existing")
        let updated = try chain(v, "updated")
        if try v.expectsError() {
            try expectError(v, "merge") { try ChainValidator.merge(existing: existing, updated: updated) }
            return
        }
        let merged = try expectSuccess("merge") { try ChainValidator.merge(existing: existing, updated: updated) }
        try expect(merged.map { $0.serialize() }, equals: try v.hexArray("merged"), "merged chain")
        if let mergedValid = try v.optionalBool("merged_valid") {
            try expect(ChainValidator.validate(merged, username: merged.last?.claim.username ?? "").isValid, equals: mergedValid, "merged chain valid")
        }
    }

    static func chainBlock(_ v: Vector) throws {
        let block = try v.hex("block_cbor")
        let links = try expectSuccess("decode block") { try PKIChainBlock.decode(block) }
        try expectBytes(PKIChainBlock.encode(links), equals: block, "block re-encoding")
        try expect(links.last?.claim.username, equals: try v.string("username"), "username")
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
        try expectBytes(cid.bytes, equals: try v.hex("block_cid"), "block CID")
        try expect(cid.description, equals: try v.string("block_cid_string"), "block CID string")
    }

    /// `pki_date`: `text` read as a claim expiry; a positive vector gives `year`, `month`, `day`
    /// and writes back as `text`; a negative one names the refusal's `code` (Spec/pki.md#links).
    static func date(_ v: Vector) throws {
        let text = try v.string("text")
        if try v.expectsError() {
            try expectError(v, "read date") { try PKIDate(text) }
            return
        }
        let date = try expectSuccess("read date") { try PKIDate(text) }
        try expect([date.year, date.month, date.day], equals: [try v.int("year"), try v.int("month"), try v.int("day")], "date")
        try expect(date.description, equals: text, "written back")
    }

    static func expiry(_ v: Vector) throws {
        let expiry = try PKIDate(try v.string("expiry"))
        let today = try PKIDate(try v.string("today"))
        try expect(expiry < today, equals: try v.bool("expired"), "expired")
    }
}
