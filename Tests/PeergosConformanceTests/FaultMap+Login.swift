extension FaultMap {
    /// Area file: the variants that break the cases of area `login`.
    static var login: [Entry] {
        let getLogin = "peergos/v0/login/getLogin"
        return [
            (.server(.dropTrailer), ["login.getLogin.refuses-*", "login.setLogin.refuses-*", "login.setLogin.accepts-password-change"]),
            (.server(.internalErrorOnMalformedInput), ["login.getLogin.refuses-missing-auth"]),
            // The password change reads the identity WriterData through block/get.
            (.server(.corruptBlocks), ["login.setLogin.refuses-lost-identity-update", "login.setLogin.accepts-password-change"]),
            (.http(.corruptAnswers("api/v0/block/get")), ["login.setLogin.refuses-lost-identity-update", "login.setLogin.accepts-password-change"]),
            // Refused reads answered 200 [1]: the refusal cases, and the checks that a rejected key does not read.
            (.http(.acceptRefusals(getLogin)), [
                "login.getLogin.refuses-*", "login.setLogin.*", "flow.password.old-refused", "flow.login.refuses-wrong-password",
                "security.login.refuses-stale-or-forged",
            ]),
            (.http(.acceptRefusals("peergos/v0/login/setLogin")), ["login.setLogin.refuses-*", "security.login.refuses-stale-or-forged"]),
            // The entry points no longer open.
            (.http(.corruptAnswers(getLogin)), [
                "login.getLogin.answers-entry-points", "login.setLogin.refuses-bad-identity-signature",
                "login.setLogin.refuses-signature-over-other-body", "login.setLogin.refuses-lost-identity-update",
                "login.setLogin.accepts-password-change",
                "flow.account.delete", "flow.password.change", "flow.login.same-identity",
            ]),
        ]
    }
}
