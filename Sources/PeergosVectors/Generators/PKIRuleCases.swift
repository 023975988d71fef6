import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// The project's own PKI chain vectors: each chain breaks the rules listed with it (written by
/// hand); the generator refuses to publish a chain the validator judges otherwise.
enum PKIRuleCases {
    static func key(_ label: String) -> SigningKeyPair { try! SigningKeyPair(seed: Hash.sha256(Array("sign:\(label)".utf8))) }
    static let provider = try! Multihash.sha256(digest: Hash.sha256(Array("home-server".utf8))).bytes
    static let expiry = try! PKIDate("2030-06-15")

    static func cases() throws -> [(id: String, description: String, username: String, chain: [UserPublicKeyLink], rules: [ChainFailure.Rule])] {
        let a = key("pki-rule-a"), b = key("pki-rule-b"), c = key("pki-rule-c")
        let good = UserPublicKeyLink.createInitial(signer: a, username: "carol", expiry: expiry, storageProviders: [provider])
        let change = UserPublicKeyLink.createChain(old: a, new: b, username: "carol", expiry: expiry, storageProviders: [provider])
        let noProviders = UserPublicKeyLink.createInitial(signer: a, username: "carol", expiry: expiry, storageProviders: [])
        let twoProviders = UserPublicKeyLink.createInitial(signer: a, username: "carol", expiry: expiry, storageProviders: [provider, provider])
        let stolen = [UserPublicKeyLink(owner: b.publicKey.publicKeyHash, claim: good[0].claim)]
        let missingProof = [UserPublicKeyLink(owner: change[0].owner, claim: change[0].claim), change[1]]
        let wrongTarget = [UserPublicKeyLink(owner: change[0].owner, claim: change[0].claim,
                                             keyChangeProof: a.secretKey.signMessage(c.publicKey.publicKeyHash.serialize())), change[1]]
        let badProof = [UserPublicKeyLink(owner: change[0].owner, claim: change[0].claim,
                                          keyChangeProof: c.secretKey.signMessage(b.publicKey.publicKeyHash.serialize())), change[1]]
        let oldWithProvider = [UserPublicKeyLink(owner: a.publicKey.publicKeyHash,
                                                 claim: .build(username: "carol", expiry: .max, storageProviders: [provider], signer: a.secretKey),
                                                 keyChangeProof: change[0].keyChangeProof), change[1]]
        let blockKey = try PublicKeyHash(cid: Cid.sha256(codec: .dagCbor, digest: Hash.sha256(a.publicKey.serialize())))
        let unresolvable = [UserPublicKeyLink(owner: blockKey, claim: good[0].claim)]
        let spaced = UserPublicKeyLink.createInitial(signer: a, username: "car ol", expiry: expiry, storageProviders: [provider])
        let long = String(repeating: "x", count: 65)
        let tooLong = UserPublicKeyLink.createInitial(signer: a, username: long, expiry: expiry, storageProviders: [provider])
        return [
            ("pki_rule_valid_initial", "a valid first claim", "carol", good, []),
            ("pki_rule_valid_key_change", "a valid key change", "carol", change, []),
            ("pki_rule_empty", "an empty chain", "carol", [], [.emptyChain]),
            ("pki_rule_username_mismatch", "the claim names another user", "dave", good, [.usernameMismatch]),
            ("pki_rule_no_provider", "the last link names no storage provider", "carol", noProviders, [.lastLinkProviderCount]),
            ("pki_rule_two_providers", "the last link names two storage providers", "carol", twoProviders, [.lastLinkProviderCount]),
            ("pki_rule_stolen_claim", "another key's owner field over a valid claim", "carol", stolen, [.claimSignatureInvalid]),
            ("pki_rule_missing_proof", "a key change without its proof", "carol", missingProof, [.keyChangeProofMissing]),
            ("pki_rule_wrong_target", "a key change proof naming a third key", "carol", wrongTarget, [.keyChangeTargetMismatch]),
            ("pki_rule_bad_proof", "a key change proof signed by another key", "carol", badProof, [.keyChangeProofInvalid]),
            ("pki_rule_old_link_provider", "a superseded link that names a provider", "carol", oldWithProvider, [.earlierLinkHasProviders]),
            ("pki_rule_owner_unresolvable", "an owner named by a sha2-256 hash (the key is not inline)", "carol", unresolvable, [.ownerKeyUnavailable]),
            ("pki_rule_whitespace", "a username with a space", "car ol", spaced, [.usernameHasWhitespace]),
            ("pki_rule_too_long", "a 65-character username", long, tooLong, [.usernameTooLong]),
        ]
    }

    static func vectors() throws -> [[String: Any]] {
        try cases().map { c in
            let got = Set(ChainValidator.validate(c.chain, username: c.username).failures.map(\.rule))
            guard got == Set(c.rules) else { throw VectorMismatch("\(c.id): validator says \(got)") }
            let codes = c.rules.map { $0.code }
            var v: [String: Any] = ["id": c.id, "kind": "valid_chain", "description": c.description, "username": c.username,
                                    "chain": c.chain.map { Hex.encode($0.serialize()) }, "valid": c.rules.isEmpty,
                                    "error": !c.rules.isEmpty, "codes": codes]
            if let first = codes.first { v["code"] = first }
            return v
        }
    }
}
