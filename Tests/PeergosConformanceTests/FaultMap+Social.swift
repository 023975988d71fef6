extension FaultMap {
    /// Area file: the variants that break the cases of area `social` (and the flow and security
    /// cases that send to the same routes).
    static var social: [Entry] {
        let followRequest = "peergos/v0/social/followRequest", getFollowRequests = "peergos/v0/social/getFollowRequests"
        let remove = "peergos/v0/social/removeFollowRequest"
        return [
            (.server(.dropTrailer), [
                "social.followRequest.refuses-oversize-body", "social.getFollowRequests.refuses-stale-time", "social.getFollowRequests.refuses-forged-auth",
            ]),
            // true becomes false: every case that first stores a request fails.
            (.http(.corruptAnswers(followRequest)), [
                "social.followRequest.stores-request", "social.followRequest.limit-100-pending", "social.getFollowRequests.answers-list",
                "social.removeFollowRequest.refuses-wrong-signature", "social.removeFollowRequest.removes-with-owner-signature",
                "security.follow-request.needs-owner-signatures", "flow.follow.sends-request", "flow.follow.accepted",
            ]),
            (.http(.acceptRefusals(followRequest)), [
                "social.followRequest.refuses-oversize-body", "http.followRequest.refuses-malformed-cbor", "http.followRequest.refuses-oversize-body",
            ]),
            (.http(.acceptRefusals(getFollowRequests)), [
                "social.getFollowRequests.refuses-stale-time", "social.getFollowRequests.refuses-forged-auth", "security.follow-request.needs-owner-signatures",
            ]),
            // No list to read: every case that reads the pending requests back fails.
            (.http(.emptyAnswers(getFollowRequests)), [
                "social.followRequest.stores-request", "social.followRequest.refuses-oversize-body", "social.followRequest.limit-100-pending",
                "social.getFollowRequests.answers-list", "social.removeFollowRequest.refuses-wrong-signature",
                "social.removeFollowRequest.removes-with-owner-signature", "security.follow-request.needs-owner-signatures",
                "flow.follow.accepted", "flow.follow.follower-sees-followee",
            ]),
            // false ↔ true.
            (.http(.corruptAnswers(remove)), [
                "social.removeFollowRequest.refuses-wrong-signature", "social.removeFollowRequest.removes-with-owner-signature",
                "security.follow-request.needs-owner-signatures",
            ]),
        ]
    }
}
