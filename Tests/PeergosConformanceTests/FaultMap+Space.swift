extension FaultMap {
    /// Area file: the variants that break the cases of area `space`.
    static var space: [Entry] {
        let quota = "peergos/v0/storage/quota", usage = "peergos/v0/storage/usage", request = "peergos/v0/storage/request"
        let bats = "peergos/v0/bats/getUserBats"
        return [
            (.server(.dropTrailer), ["space.*.refuses-*"]),
            // No integer: the cases reading the quota fail.
            (.http(.emptyAnswers(quota)), ["space.quota.answers-cbor-integer", "space.block-put.refuses-over-quota", "space.request.answers-payment-properties"]),
            (.http(.acceptRefusals(quota)), ["space.quota.refuses-*"]),
            // No integer: the cases reading the usage fail, and the upload step that checks it.
            (.http(.emptyAnswers(usage)), [
                "space.usage.answers-cbor-integer", "space.usage.grows-after-block-put", "space.block-put.refuses-over-quota",
                "flow.upload.multi-chunk-file",
            ]),
            (.http(.acceptRefusals(usage)), ["space.usage.refuses-*"]),
            (.http(.acceptRefusals(request)), ["space.request.refuses-*"]),
            (.http(.emptyAnswers(request)), ["space.request.answers-payment-properties"]),
            (.http(.emptyAnswers(bats)), ["space.getUserBats.answers-mirror-bats"]),
            (.http(.acceptRefusals(bats)), ["space.getUserBats.refuses-*"]),
            // Storage's variant: the over-quota put is "accepted".
            (.http(.acceptRefusals("api/v0/block/put/bulk")), ["space.block-put.refuses-over-quota"]),
        ]
    }
}
