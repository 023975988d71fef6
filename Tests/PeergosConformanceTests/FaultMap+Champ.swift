extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    ///
    /// This area uses no HTTP fault that changes 200 answers of `champ/get/bulk` (the client library
    /// reads every folder through that route, so it breaks most flows); `champ/get` (same lookup,
    /// hex key form) is the narrow door.
    static var champ: [Entry] {
        [
            // A block with a byte flipped is not found under the CID that names it.
            (.server(.corruptBlocks), [
                "champ.champ-get-bulk.serves-verifiable-lookup", "champ.champ-get-bulk.proves-absent-key", "champ.champ-get-bulk.accepts-20-caps",
                "champ.champ-get.answers-hex-key-form", "champ.champ-get-bulk.serves-canonical-nodes",
            ]),
            (.server(.dropTrailer), ["champ.*.refuses-*"]),
            (.server(.internalErrorOnMalformedInput), ["champ.champ-get-bulk.refuses-malformed-caps", "champ.champ-get-bulk.refuses-bad-root"]),
            (.http(.acceptRefusals("api/v0/champ/get/bulk")), ["champ.champ-get-bulk.refuses-*", "http.champ-get-bulk.refuses-long-caps"]),
            // (A variant of the flows area.) No list to read.
            (.http(.emptyAnswers("api/v0/champ/get/bulk")), [
                "champ.champ-get-bulk.serves-verifiable-lookup", "champ.champ-get-bulk.proves-absent-key", "champ.champ-get-bulk.accepts-20-caps",
                "champ.champ-get-bulk.serves-canonical-nodes", "champ.champ-get-bulk.serves-each-block-once",
                "champ.champ-get-bulk.absent-root-answers-empty",
            ]),
            // The identity pointer no longer opens under its key.
            (.http(.corruptAnswers("peergos/v0/mutable/getPointer")), ["champ.champ-get-bulk.serves-canonical-nodes"]),
            (.http(.corruptAnswers("api/v0/champ/get")), ["champ.champ-get.answers-hex-key-form", "champ.champ-get-bulk.absent-root-answers-empty"]),
        ]
    }
}
