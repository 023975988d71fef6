/// The vector files written for rules of Spec/crypto.md, login.md, pki.md, cryptree.md and
/// social.md that upstream's vectors leave without an example (refusals and their order, defaults,
/// text encodings). Each file is checked by its area's checker before it is published.
enum SpecRuleFiles {
    static func files() throws -> [String: String] {
        func file(_ area: String, _ description: String, _ vectors: [[String: Any]]) throws -> String {
            try VectorGenerator.render(VectorGenerator.selfChecked([
                "area": area, "source": "swift-peergos (own vectors)", "description": description, "vectors": vectors,
            ]))
        }
        return [
            "crypto-errors.json": try file("crypto", "Crypto refusals with their codes and the order of checks, and key CBOR read or refused (see Spec/crypto.md#errors).",
                                           try CryptoErrorCases.vectors()),
            "login-rules.json": try file("login", "Login key derivations refused before scrypt runs, in the order of checks, and key generator CBOR read, defaulted or refused (see Spec/login.md).",
                                         LoginRuleCases.vectors()),
            "pki-claims.json": try file("pki", "Claim payloads with non-ASCII usernames (lengths in UTF-16 units), claim dates read or refused, and merges refused at each step (see Spec/pki.md).",
                                        PKIClaimCases.vectors()),
            "cryptree-rules.json": try file("cryptree", "FileProperties refusals and the order of their checks (see Spec/cryptree.md#properties).",
                                            CryptreeRuleCases.vectors()),
            "follow-refusals.json": try file("follow", "Blinded follow requests a target must refuse to open, with their codes, and a positive control (see Spec/social.md).",
                                             try FollowRefusalCases.vectors()),
        ]
    }
}
