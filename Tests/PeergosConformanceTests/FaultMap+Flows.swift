extension FaultMap {
    /// Area file: the variants that break the cases of area `flow`. The flow steps are run
    /// fixtures awaited in order (FlowSteps), so a variant that breaks a step fails every case
    /// after it: the groups below are those tails.
    static var flows: [Entry] {
        [
            (.server(.corruptBlocks), flowAfterSignup),
            // A refusal without its message is no "Incorrect username or password".
            (.server(.dropTrailer), ["flow.login.refuses-wrong-password", "flow.password.old-refused"]),
            // The entry points no longer open: signing in fails.
            (.http(.corruptAnswers("peergos/v0/login/getLogin")), [
                "flow.login.same-identity", "flow.password.change", "flow.password.old-refused", "flow.account.delete",
            ]),
            // A refused sign-in answered 200 [1] is no login answer: not an incorrect password.
            (.http(.acceptRefusals("peergos/v0/login/getLogin")), ["flow.login.refuses-wrong-password", "flow.password.old-refused"]),
            // Folders can no longer be read.
            // (Signing in and changing the password read no folder.)
            (.http(.emptyAnswers("api/v0/champ/get/bulk")), flowAfterSignup.filter {
                !["flow.login.same-identity", "flow.login.refuses-wrong-password", "flow.password.change", "flow.password.old-refused",
                  "flow.account.deleted-login-refused"].contains($0)
            } + ["security.cryptree.padding-nonces-and-chunks", "security.pointer.sequence-increases", "security.secret-link.refuses-expired"]),
            // Other areas' variants, as far as they reach the flows (the other cases they break are
            // listed by those areas).
            (.http(.emptyAnswers("api/v0/id")), ["flow.signup.creates-account"]),
            (.http(.corruptAnswers("peergos/v0/core/getChain")), ["flow.signup.creates-account"]),
            (.http(.corruptAnswers("api/v0/block/get")), ["flow.share.follower-reads", "flow.upload.multi-chunk-file"]),
            (.http(.corruptAnswers("peergos/v0/mutable/getPointer")), ["flow.upload.multi-chunk-file"]),
            (.http(.corruptAnswers("peergos/v0/mutable/setPointers")), [
                "flow.follow.sends-request", "flow.revoke.unshares", "flow.upload.multi-chunk-file",
            ]),
            // Later steps wait for the earlier ones (FlowSteps) and fail with their error: under a
            // fault that breaks a step, every case that waits for that step fails too.
            (.http(.corruptAnswers("api/v0/block/get")), ["flow.account.deleted-login-refused"]),  // the deletion step reads the tree
            (.http(.corruptAnswers("peergos/v0/login/getLogin")), [  // the file chain works in the signed-in session
                "flow.mkdir.creates-folder", "flow.list.shows-size", "flow.read.whole-file", "flow.read.range-across-chunks",
                "flow.link.writable-holder-uploads", "flow.account.deleted-login-refused",
            ]),
            (.http(.corruptAnswers("peergos/v0/mutable/setPointer")), ["flow.account.deleted-login-refused"]),
            (.http(.corruptAnswers("peergos/v0/mutable/setPointers")), [  // after the upload step
                "flow.read.whole-file", "flow.read.range-across-chunks", "flow.link.open-without-account",
                "security.cryptree.padding-nonces-and-chunks",
            ]),
            (.http(.corruptAnswers("peergos/v0/social/followRequest")), [  // after the follow step
                "flow.follow.follower-sees-followee", "flow.share.with-follower", "flow.share.follower-reads", "flow.revoke.unshares",
                "flow.revoke.follower-cannot-read",
            ]),
            (.http(.emptyAnswers("api/v0/champ/get/bulk")), ["flow.account.deleted-login-refused"]),
            (.http(.emptyAnswers("peergos/v0/social/getFollowRequests")), [  // after the accept step
                "flow.share.with-follower", "flow.share.follower-reads", "flow.revoke.unshares", "flow.revoke.follower-cannot-read",
            ]),
            (.http(.emptyAnswers("peergos/v0/storage/usage")), [  // after the upload step (it checks usage grows)
                "flow.list.shows-size", "flow.read.whole-file", "flow.read.range-across-chunks", "flow.link.create",
                "flow.link.open-without-account", "security.cryptree.padding-nonces-and-chunks",
            ]),
        ]
    }

    static let flowAfterSignup = [
        "flow.login.same-identity", "flow.login.refuses-wrong-password", "flow.mkdir.creates-folder", "flow.upload.multi-chunk-file",
        "flow.list.shows-size", "flow.read.whole-file", "flow.read.range-across-chunks", "flow.follow.sends-request", "flow.follow.accepted",
        "flow.follow.follower-sees-followee", "flow.share.with-follower", "flow.share.follower-reads", "flow.revoke.unshares",
        "flow.revoke.follower-cannot-read", "flow.link.create", "flow.link.open-without-account", "flow.link.writable-holder-uploads",
        "flow.password.change", "flow.password.old-refused", "flow.account.delete", "flow.account.deleted-login-refused",
    ]
}
