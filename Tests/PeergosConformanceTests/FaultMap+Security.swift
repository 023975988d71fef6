extension FaultMap {
    /// Area file: the variants that break the cases of area `security`.
    static var security: [Entry] {
        let setPointer = "peergos/v0/mutable/setPointer"
        return [
            (.server(.acceptForgedSignatures), ["security.pointer.refuses-bad-signature", "security.block-put.checks-signature-cid-and-size"]),
            (.server(.ignoreCompareAndSwap), [
                "security.pointer.refuses-wrong-original", "security.pointer.refuses-stale-sequence", "security.pointer.one-concurrent-update-wins",
            ]),
            (.server(.dropTrailer), securityRefusals),
            (.server(.serveExpiredLinks), ["security.secret-link.refuses-expired"]),
            // The invalid username is no longer refused.
            (.server(.acceptInvalidChains), ["security.signup.refuses-taken-or-invalid-username"]),
            // Every block read no longer hashes to its CID.
            (.server(.corruptBlocks), [
                "security.block-get.bytes-match-cid", "security.cbor.canonical", "security.public-key-hash.rehashes-to-key",
                "security.champ.canonical-nodes", "security.cryptree.padding-nonces-and-chunks", "security.capability.sizes-and-signer",
                "security.owned-keys.proofs-verify", "security.pointer.sequence-increases", "security.secret-link.refuses-expired",
            ]),
            (.http(.acceptRefusals(setPointer)), [
                "security.pointer.refuses-wrong-original", "security.pointer.refuses-stale-sequence", "security.pointer.refuses-oversize",
                "security.pointer.one-concurrent-update-wins",
            ]),
            // false ↔ true.
            (.http(.corruptAnswers(setPointer)), [
                "security.pointer.refuses-bad-signature", "security.pointer.refuses-controller-mismatch", "security.pointer.one-concurrent-update-wins",
            ]),
            // Another key hash: flow.signup.creates-account fails (the cases depending on it are
            // skipped); the read-only cases look up a user whose pointer is then absent.
            (.http(.corruptAnswers("peergos/v0/core/getPublicKey")), [
                "flow.signup.creates-account", "security.block-get.bytes-match-cid", "security.cbor.canonical",
                "security.public-key-hash.rehashes-to-key", "security.champ.canonical-nodes",
            ]),
            (.http(.acceptRefusals("peergos/v0/core/signup")), ["security.signup.refuses-taken-or-invalid-username"]),
            (.http(.acceptRefusals("peergos/v0/login/getLogin")), ["security.login.refuses-stale-or-forged"]),
            (.http(.acceptRefusals("peergos/v0/login/setLogin")), ["security.login.refuses-stale-or-forged"]),
            (.http(.acceptRefusals("api/v0/block/put/bulk")), ["security.block-put.checks-signature-cid-and-size"]),
            (.http(.acceptRefusals("api/v0/link/get")), ["security.secret-link.refuses-expired"]),
        ]
    }

    /// The security cases that check a 400 + Trailer refusal.
    static let securityRefusals = [
        "security.pointer.refuses-wrong-original", "security.pointer.refuses-stale-sequence", "security.pointer.refuses-oversize",
        "security.pointer.one-concurrent-update-wins", "security.block-put.checks-signature-cid-and-size",
        "security.signup.refuses-taken-or-invalid-username", "security.follow-request.needs-owner-signatures",
        "security.login.refuses-stale-or-forged", "security.secret-link.refuses-expired",
    ]
}
