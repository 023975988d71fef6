extension FaultMap {
    /// Area file: the variants that break the cases of area `pki`.
    static var pki: [Entry] {
        let signupRefusals = [
            "pki.signup.refuses-uppercase-username", "pki.signup.refuses-too-long-username", "pki.signup.refuses-leading-hyphen",
            "pki.signup.refuses-double-hyphen", "pki.signup.refuses-trailing-hyphen", "pki.signup.refuses-whitespace-username",
            "pki.signup.refuses-underscore-username", "pki.signup.refuses-reserved-name", "pki.signup.refuses-bad-claim-signature",
            "pki.signup.refuses-claim-signed-by-another-key", "pki.signup.refuses-claim-for-other-username",
            "pki.signup.refuses-claim-without-provider",
        ]
        return [
            (.server(.acceptInvalidChains), signupRefusals + [
                "pki.updateChain.refuses-reused-key", "pki.updateChain.refuses-decreasing-expiry", "pki.updateChain.refuses-takeover-by-other-key",
                "pki.updateChain.refuses-keychange-proof-by-wrong-key", "pki.updateChain.refuses-keychange-proof-to-other-key",
                "pki.updateChain.refuses-missing-keychange-proof", "pki.updateChain.refuses-bad-claim-signature",
            ]),
            (.server(.dropTrailer), ["pki.getUsername.refuses-unknown-key", "pki.signup.refuses-*", "pki.updateChain.refuses-*"]),
            (.server(.internalErrorOnMalformedInput), ["pki.signup.refuses-oversize-*"]),
            // The mirror's walk reads blocks that no longer hash to their CIDs.
            (.server(.corruptBlocks), ["pki.tree.mirror-reads-user-chain"]),
            (.http(.corruptAnswers("api/v0/block/get")), ["pki.tree.mirror-reads-user-chain"]),
            (.http(.acceptRefusals("peergos/v0/core/signup")), ["pki.signup.refuses-*", "security.signup.refuses-taken-or-invalid-username"]),
            (.http(.acceptRefusals("peergos/v0/core/updateChain")), ["pki.updateChain.refuses-*"]),
            (.http(.acceptRefusals("peergos/v0/core/getUsername")), ["pki.getUsername.refuses-unknown-key"]),
            // 0x80 becomes 0x81 (the client's signup check of the name then fails: account cases are skipped).
            (.http(.corruptAnswers("peergos/v0/core/getChain")), ["pki.getChain.unknown-user-is-empty-list"]),
            // false becomes true without a key; a key hash's last byte changes.
            (.http(.corruptAnswers("peergos/v0/core/getPublicKey")), [
                "pki.getChain.validates-and-ends-with-public-key", "pki.getPublicKey.unknown-user-is-false", "pki.getUsername.answers-owner-name",
                "pki.signup.refuses-*", "pki.signup.requires-proof-of-work", "pki.updateChain.accepts-key-change",
                "pki.updateChain.refuses-unknown-user",
                "pki.tree.mirror-reads-user-chain", "mutable.getPointer.answers-signed-writer-data", "login.setLogin.accepts-password-change",
                "security.public-key-hash.rehashes-to-key", "security.block-get.bytes-match-cid", "security.cbor.canonical",
                "security.champ.canonical-nodes", "flow.signup.creates-account",
            ]),
            (.http(.corruptAnswers("peergos/v0/core/updateChain")), ["pki.updateChain.accepts-key-change"]),
            (.http(.emptyAnswers("peergos/v0/core/getUsernamesGzip/")), ["pki.getUsernamesGzip.lists-user"]),
        ]
    }
}
