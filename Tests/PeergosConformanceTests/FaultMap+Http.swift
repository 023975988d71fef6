@testable import PeergosConformance

extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    static var http: [Entry] {
        var entries: [Entry] = [
            // The client library reads the node id to sign up (the claim names it as storage provider):
            // every case that signs up itself fails; cases using fixture accounts are skipped.
            // (flow.signup.creates-account fails too when it is the case that signs up the account
            // "a", which depends on scheduling, so it cannot be listed.)
            (.http(.emptyAnswers("api/v0/id")), [
                "http.id.answers-node-id", "http.ids.answers-node-ids", "http.upgrade.h2c-answered-over-http1",
                "pki.signup.refuses-bad-claim-signature", "pki.signup.refuses-claim-for-other-username", "pki.signup.refuses-claim-signed-by-another-key",
                "pki.signup.refuses-claim-without-provider", "pki.signup.refuses-double-hyphen", "pki.signup.refuses-leading-hyphen",
                "pki.signup.refuses-reserved-name", "pki.signup.refuses-too-long-username", "pki.signup.refuses-trailing-hyphen",
                "pki.signup.refuses-underscore-username", "pki.signup.refuses-uppercase-username", "pki.signup.refuses-whitespace-username",
                "pki.signup.requires-proof-of-work", "pki.updateChain.refuses-unknown-user",
            ]),
            (.http(.acceptAnyMethod("api/v0/block/get")), ["http.method.get-refused-with-405"]),
            (.http(.emptyAnswers("api/v0/ids")), ["http.ids.answers-node-ids", "http.upgrade.h2c-answered-over-http1"]),
            (.http(.corruptAnswers("api/v0/blockstore/props")), ["http.blockstore-props.answers-flags"]),
            (.http(.dropConnection("api/v0/no/such/route")), ["http.api.unknown-path-answers-404"]),
            (.http(.acceptRefusals("peergos/v0/core/noSuchMethod")), ["http.core.refuses-unknown-method"]),
            (.http(.acceptRefusals("api/v0/transaction/close")), ["http.transaction-close.refuses-with-trailer-convention"]),
            // The gzip body is decoded to the same question; a corrupted answer no longer names the user.
            (.http(.corruptAnswers("peergos/v0/core/getUsername")), ["http.gzip.request-body-accepted", "pki.getUsername.answers-owner-name"]),
            (.http(.acceptRefusals("peergos/v0/core/getChain")), ["http.getChain.refuses-truncated-datastream", "http.getChain.refuses-oversize-body"]),
            (.http(.acceptRefusals("api/v0/block/stat")), ["http.block-stat.refuses-long-base58", "storage.block-stat.refuses-bad-cid"]),
            // Other areas' route faults that also reach cases of this area.
            (.http(.acceptRefusals("peergos/v0/core/getUsername")), ["http.gzip.refuses-corrupt-body"]),
            (.http(.corruptAnswers("peergos/v0/core/getPublicKey")), ["http.gzip.request-body-accepted"]),  // another user's key hash: getUsername refuses it
            (.http(.acceptRefusals("peergos/v0/mutable/setPointer")), ["http.setPointer.refuses-oversize-body"]),
            (.http(.acceptRefusals("peergos/v0/core/signup")), ["http.signup.refuses-truncated-datastream"]),
            (.http(.acceptRefusals("peergos/v0/social/followRequest")), ["http.followRequest.refuses-oversize-body"]),
            (.server(.dropTrailer), httpRefusals),
            (.server(.internalErrorOnMalformedInput), httpMalformed),
        ]
        for route in HTTPConventionCases.getRoutes {
            entries.append((.http(.acceptAnyMethod(route.path)), ["http.\(route.name).get-refused-with-405"]))
        }
        return entries
    }

    /// The refusal cases of area http (every one checks 400 + Trailer).
    static let httpRefusals = ["http.*.refuses-*"]
    /// Those whose refusal is a parse failure (a 500 under internalErrorOnMalformedInput).
    static let httpMalformed = [
        "http.transaction-close.refuses-with-trailer-convention", "http.setPointers.refuses-malformed-cbor", "http.setPointers.refuses-wrong-shape",
        "http.signup.refuses-truncated-datastream", "http.getChain.refuses-truncated-datastream", "http.getPointer.refuses-bad-cid-text",
        "http.followRequest.refuses-malformed-cbor", "http.gzip.refuses-corrupt-body", "http.block-stat.refuses-long-base58",
        "http.champ-get-bulk.refuses-long-caps",
    ]
}
