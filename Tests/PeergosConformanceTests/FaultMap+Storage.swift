extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    static var storage: [Entry] {
        [
            (.server(.acceptForgedSignatures), [
                "storage.block-put-bulk.refuses-forged-signature", "storage.block-put-bulk.refuses-signature-of-other-block",
                "storage.block-put-bulk.refuses-signature-by-other-key", "storage.block-put-bulk.all-or-nothing",
            ]),
            (.server(.allowUnregisteredWriters), ["storage.block-put-bulk.refuses-unregistered-writer"]),
            // Blocks served with a byte flipped no longer equal what was put.
            (.server(.corruptBlocks), [
                "storage.block-put-bulk.raw-cids-recomputed", "storage.block-put-bulk.dag-cbor-cids-recomputed",
                "storage.block-put-bulk.repeat-put-same-cid", "storage.block-put-bulk.accepts-size-limit",
            ]),
            (.server(.dropTrailer), ["storage.*.refuses-*", "storage.block-put-bulk.all-or-nothing"]),
            (.server(.internalErrorOnMalformedInput), [
                "storage.transaction-start.refuses-bad-owner", "storage.block-put-bulk.refuses-signature-count-mismatch",
                "storage.block-put-bulk.refuses-malformed-dag-cbor", "storage.block-put-bulk.refuses-malformed-body",
                "storage.block-put-bulk.refuses-bad-writer", "storage.block-put-bulk.refuses-unknown-format",
                "storage.block-get.refuses-bad-cid", "storage.block-get.refuses-missing-arg", "storage.block-stat.refuses-bad-cid",
            ]),
            (.http(.acceptRefusals("api/v0/transaction/start")), ["storage.transaction-start.refuses-bad-owner"]),
            // An empty transaction id: closing it is refused ("Missing parameter arg").
            (.http(.emptyAnswers("api/v0/transaction/start")), [
                "storage.transaction-start.answers-id", "storage.transaction-close.answers-one",
                "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-controller-mismatch", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-target-not-writer-data",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure", "mutable.setPointer.refuses-wrong-original",
            ]),
            (.http(.corruptAnswers("api/v0/transaction/close")), ["storage.transaction-close.answers-one"]),
            // An absent block answered with one byte; blocks read back no longer equal what was put.
            (.http(.corruptAnswers("api/v0/block/get")), [
                "storage.block-get.absent-answers-empty", "storage.block-put-bulk.raw-cids-recomputed", "storage.block-put-bulk.dag-cbor-cids-recomputed",
                "storage.block-put-bulk.repeat-put-same-cid", "storage.block-put-bulk.accepts-size-limit",
                "storage.block-put-bulk.refuses-forged-signature", "storage.block-put-bulk.refuses-signature-of-other-block",
                "storage.block-put-bulk.refuses-signature-by-other-key", "storage.block-put-bulk.refuses-signature-count-mismatch",
                "storage.block-put-bulk.refuses-malformed-dag-cbor", "storage.block-put-bulk.refuses-over-size-limit",
                "storage.block-put-bulk.refuses-unregistered-writer", "storage.block-put-bulk.all-or-nothing",
                "storage.block-put-bulk.refuses-bad-writer", "storage.block-put-bulk.refuses-unknown-format",
                "champ.champ-get-bulk.serves-canonical-nodes",
            ] + blockReaders),
            (.http(.acceptRefusals("api/v0/block/get")), ["storage.block-get.refuses-bad-cid", "storage.block-get.refuses-missing-arg"]),
            // Every put refusal case also checks block/stat says 0 for the refused blocks.
            (.http(.corruptAnswers("api/v0/block/stat")), [
                "storage.block-stat.answers-size", "storage.block-stat.absent-answers-zero",
                "storage.block-put-bulk.refuses-forged-signature", "storage.block-put-bulk.refuses-signature-of-other-block",
                "storage.block-put-bulk.refuses-signature-by-other-key", "storage.block-put-bulk.refuses-signature-count-mismatch",
                "storage.block-put-bulk.refuses-malformed-dag-cbor", "storage.block-put-bulk.refuses-over-size-limit",
                "storage.block-put-bulk.refuses-unregistered-writer", "storage.block-put-bulk.all-or-nothing",
                "storage.block-put-bulk.refuses-bad-writer", "storage.block-put-bulk.refuses-unknown-format",
                "http.block-put-bulk.refuses-oversize-body",
            ]),
            (.http(.acceptRefusals("api/v0/block/put/bulk")), [
                "storage.block-put-bulk.refuses-*", "storage.block-put-bulk.all-or-nothing", "http.block-put-bulk.refuses-oversize-body",
                "security.block-put.checks-signature-cid-and-size", "space.block-put.refuses-over-quota",
            ]),
        ]
    }

    /// Cases of other areas that read blocks (mostly through the client library, which checks each
    /// block against its CID): a corrupted `block/get` answer fails them. Measured against the
    /// reference server; cases whose block reads happen only inside a fixture are skipped instead.
    static let blockReaders = [
        "flow.account.delete", "flow.follow.accepted", "flow.follow.follower-sees-followee", "flow.follow.sends-request", "flow.link.create",
        "flow.link.open-without-account", "flow.link.writable-holder-uploads", "flow.list.shows-size", "flow.login.refuses-wrong-password",
        "flow.login.same-identity", "flow.mkdir.creates-folder", "flow.password.change", "flow.password.old-refused", "flow.read.range-across-chunks",
        "flow.read.whole-file", "flow.revoke.follower-cannot-read", "flow.revoke.unshares", "flow.share.with-follower",
        "login.setLogin.accepts-password-change", "login.setLogin.refuses-lost-identity-update", "mutable.getPointer.answers-signed-writer-data",
        "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-body-over-1kib",
        "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
        "mutable.setPointer.refuses-wrong-original-as-cas-failure", "mutable.setPointer.refuses-wrong-original", "pki.tree.mirror-reads-user-chain",
        "security.block-get.bytes-match-cid", "security.block-put.checks-signature-cid-and-size", "security.capability.sizes-and-signer",
        "security.cbor.canonical", "security.champ.canonical-nodes", "security.cryptree.padding-nonces-and-chunks", "security.owned-keys.proofs-verify",
        "security.pointer.sequence-increases", "security.public-key-hash.rehashes-to-key", "security.secret-link.refuses-expired",
        "space.block-put.refuses-over-quota",
    ]
}
