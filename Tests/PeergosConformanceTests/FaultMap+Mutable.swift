extension FaultMap {
    /// Area file: the variants that break the cases of area `mutable`.
    ///
    /// HTTP faults on the pointer routes also break every client-library write or read of other
    /// areas that sends to them; those cases are listed by their own areas.
    static var mutable: [Entry] {
        let setPointer = "peergos/v0/mutable/setPointer", setPointers = "peergos/v0/mutable/setPointers", getPointer = "peergos/v0/mutable/getPointer"
        return [
            (.server(.acceptForgedSignatures), ["mutable.setPointer.refuses-forged-signature", "mutable.setPointers.refuses-commit-with-forged-update"]),
            (.server(.ignoreCompareAndSwap), [
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-original-when-absent", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointers.refuses-commit-with-lost-race",
            ]),
            (.server(.allowUnregisteredWriters), ["mutable.setPointer.refuses-unregistered-writer", "mutable.setPointers.refuses-unregistered-writer"]),
            (.server(.dropTrailer), [
                "mutable.getPointer.refuses-missing-writer", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-oversize-update", "mutable.setPointer.refuses-body-over-1kib", "mutable.setPointer.refuses-wrong-original",
                "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
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
                "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-body-over-1kib", "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence",
                "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure",
            ]),
            // The same through a corrupting block/get in front of a correct server.
            (.http(.corruptAnswers("api/v0/block/get")), [
                "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-body-over-1kib", "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence",
                "mutable.setPointer.refuses-lower-sequence", "mutable.setPointer.refuses-missing-sequence",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure",
            ]),
            // No transaction id: the new WriterData blocks cannot be put (the extra writers' fixture
            // cannot be made either: its cases are skipped).
            (.http(.emptyAnswers("api/v0/transaction/start")), [
                "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-controller-mismatch", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-target-not-writer-data",
                "mutable.setPointer.refuses-wrong-original-as-cas-failure", "mutable.setPointer.refuses-wrong-original",
            ]),
            (.http(.acceptRefusals(setPointer)), [
                "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-oversize-update", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-original-equals-updated",
                "mutable.setPointer.refuses-non-cbor-payload", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-original-when-absent", "mutable.setPointer.refuses-unregistered-writer",
            ]),
            // true ↔ false (the extra writers' fixture then cannot be made: its cases are skipped).
            (.http(.corruptAnswers(setPointer)), [
                "mutable.setPointer.accepts-valid-update", "mutable.setPointer.one-parallel-writer-wins",
                "mutable.setPointer.refuses-controller-mismatch", "mutable.setPointer.refuses-target-not-writer-data",
            ]),
            (.http(.corruptAnswers(setPointers)), ["mutable.setPointers.applies-valid-commit", "mutable.setPointers.refuses-commit-with-forged-update"]),
            // A pointer that no longer verifies (an empty answer becomes one byte).
            (.http(.corruptAnswers(getPointer)), [
                "mutable.getPointer.absent-is-empty", "mutable.getPointer.answers-signed-writer-data", "mutable.setPointer.accepts-valid-update",
                "mutable.setPointer.one-parallel-writer-wins", "mutable.setPointer.refuses-oversize-update", "mutable.setPointer.refuses-body-over-1kib",
                "mutable.setPointer.refuses-wrong-original", "mutable.setPointer.refuses-equal-sequence", "mutable.setPointer.refuses-lower-sequence",
                "mutable.setPointer.refuses-missing-sequence", "mutable.setPointer.refuses-original-equals-updated",
                "mutable.setPointer.refuses-non-cbor-payload", "mutable.setPointer.refuses-controller-mismatch",
                "mutable.setPointer.refuses-target-not-writer-data", "mutable.setPointer.refuses-wrong-original-as-cas-failure",
                "mutable.setPointer.refuses-unregistered-writer", "mutable.setPointers.refuses-unregistered-writer",
                "pki.tree.mirror-reads-user-chain", "login.setLogin.refuses-lost-identity-update", "login.setLogin.accepts-password-change",
            ]),
        ]
    }
}
