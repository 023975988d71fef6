extension FaultMap {
    /// Area file: the variants that break the cases of area `mutable`.
    ///
    /// HTTP faults on the pointer routes also break every client-library write or read of other
    /// areas that sends to them; those cases are listed by their own areas.
    static var mutable: [Entry] {
        let setPointer = "peergos/v0/mutable/setPointer", setPointers = "peergos/v0/mutable/setPointers", getPointer = "peergos/v0/mutable/getPointer"
        return [
            (.server(.acceptForgedSignatures), [
                "mutable.setPointer.refuses-forged-signature", "mutable.setPointers.refuses-commit-with-forged-update",
            ]),
            (.server(.ignoreCompareAndSwap), [
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-original-when-absent", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointers.refuses-commit-with-lost-race",
            ]),
            (.server(.allowUnregisteredWriters), [
                "mutable.setPointer.refuses-unregistered-writer", "mutable.setPointers.refuses-unregistered-writer",
            ]),
            (.server(.dropTrailer), [
                "mutable.getPointer.refuses-missing-writer", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-oversize-update", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-wrong-original",
                "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence",
                "mutable.setPointer.refuses-original-equals-updated", "mutable.setPointer.refuses-non-cbor-payload",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure", "mutable.setPointer.refuses-original-when-absent",
                "mutable.setPointer.refuses-unregistered-writer", "mutable.setPointers.refuses-commit-with-lost-race",
                "mutable.setPointers.refuses-unregistered-writer", "mutable.setPointers.refuses-malformed-commit",
            ]),
            (.server(.internalErrorOnMalformedInput), [
                "mutable.getPointer.refuses-missing-writer", "mutable.setPointer.refuses-original-equals-updated",
                "mutable.setPointer.refuses-non-cbor-payload", "mutable.setPointers.refuses-malformed-commit",
            ]),
            // Blocks read back (a pointer's WriterData) no longer hash to their CIDs.
            (.server(.corruptBlocks), [
                "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update",
                "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-body-over-1kib", "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence",
                "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure",
            ]),
            // The same through a corrupting block/get in front of a correct server.
            (.http(.corruptAnswers("api/v0/block/get")), [
                "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update",
                "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-body-over-1kib", "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence",
                "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure",
            ]),
            // No transaction id: the new WriterData blocks cannot be put (the extra writers' fixture
            // cannot be made either: its cases are skipped).
            (.http(.emptyAnswers("api/v0/transaction/start")), [
                "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-controller-mismatch", "mutable.setPointer.refuses-equal-sequence",
                "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-target-not-writer-data",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure", "mutable.setPointer.refuses-wrong-original",
            ]),
            (.http(.acceptRefusals(setPointer)), [
                "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-oversize-update",
                "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-original-equals-updated",
                "mutable.setPointer.refuses-non-cbor-payload", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-original-when-absent", "mutable.setPointer.refuses-unregistered-writer",
                "security.pointer.one-concurrent-update-wins", "security.pointer.refuses-wrong-original",
                "security.pointer.refuses-stale-sequence", "security.pointer.refuses-oversize",
            ]),
            // true ↔ false (the extra writers' fixture then cannot be made: its cases are skipped).
            (.http(.corruptAnswers(setPointer)), [
                "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-controller-mismatch", "mutable.setPointer.refuses-target-not-writer-data",
                "flow.link.writable-holder-uploads", "flow.account.delete", "security.pointer.one-concurrent-update-wins",
                "security.pointer.refuses-controller-mismatch", "security.pointer.refuses-bad-signature",
            ]),
            (.http(.corruptAnswers(setPointers)), [
                "mutable.setPointers.applies-valid-commit", "mutable.setPointers.refuses-commit-with-forged-update",
                "flow.mkdir.creates-folder", "security.secret-link.refuses-expired", "security.pointer.sequence-increases",
                "flow.link.writable-holder-uploads", "flow.link.create", "flow.follow.follower-sees-followee", "flow.share.with-follower",
                "flow.revoke.follower-cannot-read", "flow.share.follower-reads", "flow.follow.accepted", "flow.list.shows-size",
            ]),
            // A pointer that no longer verifies (an empty answer becomes one byte).
            (.http(.corruptAnswers(getPointer)), [
                "mutable.getPointer.absent-is-empty", "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update",
                "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-oversize-update",
                "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-original-equals-updated",
                "mutable.setPointer.refuses-non-cbor-payload", "mutable.setPointer.refuses-controller-mismatch",
                "mutable.setPointer.refuses-target-not-writer-data", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-unregistered-writer", "mutable.setPointers.refuses-unregistered-writer",
                "pki.tree.mirror-reads-user-chain", "login.setLogin.refuses-lost-identity-update", "login.setLogin.accepts-password-change",
                "security.pointer.refuses-oversize", "flow.follow.sends-request", "security.owned-keys.proofs-verify",
                "security.cbor.canonical", "security.champ.canonical-nodes", "security.pointer.refuses-stale-sequence",
                "security.pointer.refuses-wrong-original", "flow.login.same-identity", "security.public-key-hash.rehashes-to-key",
                "security.pointer.one-concurrent-update-wins", "flow.account.delete", "security.block-get.bytes-match-cid",
                "flow.login.refuses-wrong-password", "security.pointer.refuses-controller-mismatch",
                "security.pointer.refuses-bad-signature", "security.secret-link.refuses-expired", "flow.password.change",
                "security.pointer.sequence-increases",
                "flow.mkdir.creates-folder", "flow.link.open-without-account", "flow.password.old-refused", "flow.link.create",
                "flow.share.with-follower", "flow.follow.accepted", "flow.revoke.follower-cannot-read",
                "flow.follow.follower-sees-followee", "flow.list.shows-size", "flow.account.deleted-login-refused",
                "flow.read.range-across-chunks", "flow.revoke.unshares", "flow.share.follower-reads", "flow.link.writable-holder-uploads",
                "flow.read.whole-file", "security.capability.sizes-and-signer", "security.cryptree.padding-nonces-and-chunks",
            ]),
        ]
    }
}
