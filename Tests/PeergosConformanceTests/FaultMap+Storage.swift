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
            (.http(.emptyAnswers("api/v0/transaction/start")), ["storage.transaction-start.answers-id", "storage.transaction-close.answers-one"]),
            (.http(.corruptAnswers("api/v0/transaction/close")), ["storage.transaction-close.answers-one"]),
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
            ]),
        ]
    }
}
