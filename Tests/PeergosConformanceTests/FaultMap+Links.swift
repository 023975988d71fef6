extension FaultMap {
    /// Area file: the variants that break the cases of this area.
    static var links: [Entry] {
        [
            (.server(.serveExpiredLinks), ["links.link-get.refuses-expired", "links.link-get.refuses-after-max-retrievals"]),
            (.server(.dropTrailer), ["links.*.refuses-*"]),
            (.server(.internalErrorOnMalformedInput), ["links.link-get.refuses-malformed-label", "links.link-get.refuses-bad-owner"]),
            (.http(.acceptRefusals("api/v0/link/get")), ["links.*.refuses-*", "security.secret-link.refuses-expired"]),
            // An empty answer is no EncryptedCapability: the cases that read one fail, and so do the
            // flows that open a link.
            (.http(.emptyAnswers("api/v0/link/get")), [
                "links.link-get.serves-encrypted-capability", "links.link-get.serves-repeatedly-without-max", "links.link-get.serves-before-expiry",
                "links.link-get.refuses-after-max-retrievals", "flow.link.open-without-account", "flow.link.writable-holder-uploads",
            ]),
        ]
    }
}
