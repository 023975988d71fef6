import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// The project's own PKI vectors beyond chain rules (area "pki", `Vectors/peergos/pki-claims.json`):
/// claim payloads whose string lengths are UTF-16 units (Spec/pki.md#links), claim dates read or
/// refused, and merges refused at each step of Spec/pki.md#merge.
///
/// Invariants: outcomes are written by hand from the Spec; ``VectorGenerator`` runs the pki checker
/// over every vector and refuses to publish one it fails.
enum PKIClaimCases {
    static let provider = PKIRuleCases.provider
    static let expiry = PKIRuleCases.expiry

    static func claim(_ id: String, _ description: String, username: String) -> [String: Any] {
        let signer = PKIRuleCases.key("pki-claim")
        let claim = UsernameClaim.build(username: username, expiry: expiry, storageProviders: [provider], signer: signer.secretKey)
        let link = UserPublicKeyLink(owner: signer.publicKey.publicKeyHash, claim: claim)
        return ["id": id, "kind": "username_claim", "description": description, "username": username, "expiry": expiry.description,
                "storage_providers": [Hex.encode(provider)], "signer_seed": Hex.encode(Hash.sha256(Array("sign:pki-claim".utf8))),
                "owner": Hex.encode(signer.publicKey.publicKeyHash.bytes),
                "signed_payload": Hex.encode(UsernameClaim.payload(username: username, expiry: expiry, storageProviders: [provider])),
                "claim_cbor": Hex.encode(claim.serialize()), "user_public_key_link_cbor": Hex.encode(link.serialize())]
    }

    static func date(_ text: String, _ description: String, _ ymd: (Int, Int, Int)? = nil) -> [String: Any] {
        var v: [String: Any] = ["id": "date_" + text.unicodeScalars.map { $0.isASCII ? String($0) : "u\(String($0.value, radix: 16))" }.joined()
                                    .replacingOccurrences(of: "+", with: "plus").replacingOccurrences(of: " ", with: "_"),
                                "kind": "pki_date", "description": description, "text": text]
        if let (y, m, d) = ymd { v["year"] = y; v["month"] = m; v["day"] = d } else { v["error"] = true; v["code"] = "pki.invalid_date" }
        return v
    }

    static func merge(_ id: String, _ description: String, existing: [UserPublicKeyLink], updated: [UserPublicKeyLink],
                      code: String? = nil, merged: [UserPublicKeyLink]? = nil) -> [String: Any] {
        var v: [String: Any] = ["id": id, "kind": "merge_chain", "description": description,
                                "existing": existing.map { Hex.encode($0.serialize()) }, "updated": updated.map { Hex.encode($0.serialize()) }]
        if let code { v["error"] = true; v["code"] = code }
        if let merged { v["merged"] = merged.map { Hex.encode($0.serialize()) } }
        return v
    }

    static func vectors() -> [[String: Any]] {
        let a = PKIRuleCases.key("pki-rule-a"), b = PKIRuleCases.key("pki-rule-b"), c = PKIRuleCases.key("pki-rule-c")
        let good = UserPublicKeyLink.createInitial(signer: a, username: "carol", expiry: expiry, storageProviders: [provider])
        let change = UserPublicKeyLink.createChain(old: a, new: b, username: "carol", expiry: expiry, storageProviders: [provider])
        let otherChange = UserPublicKeyLink.createChain(old: b, new: c, username: "carol", expiry: expiry, storageProviders: [provider])
        let noProviders = UserPublicKeyLink.createInitial(signer: a, username: "carol", expiry: expiry, storageProviders: [])
        return [
            claim("claim_utf16_length_e_diaeresis", "username \"zo\\u{eb}\": its length is 3 UTF-16 units (00000003) before its 4 UTF-8 bytes",
                  username: "zo\u{eb}"),
            claim("claim_utf16_length_astral", "username \"a\\u{1f600}\": 3 UTF-16 units (a surrogate pair counts 2) before 5 UTF-8 bytes",
                  username: "a\u{1f600}"),
            date("2030-06-15", "an ordinary date", (2030, 6, 15)),
            date("2024-02-29", "a leap day", (2024, 2, 29)),
            date("2000-02-29", "a leap day in a year divisible by 400", (2000, 2, 29)),
            date("0000-01-01", "year 0, four digits", (0, 1, 1)),
            date("+10000-01-01", "year 10000: sign and five digits", (10000, 1, 1)),
            date("+999999999-12-31", "LocalDate.MAX, the expiry of superseded links", (999_999_999, 12, 31)),
            date("-0001-01-01", "year -1: a minus sign with four digits, as Java writes and reads it", (-1, 1, 1)),
            date("-10000-01-01", "year -10000: a minus sign with five digits", (-10000, 1, 1)),
            date("2023-02-29", "29 February in a common year"),
            date("1900-02-29", "29 February in a year divisible by 100 but not 400"),
            date("2030-6-15", "a one-digit month"),
            date("2030-06-5", "a one-digit day"),
            date("2030-13-01", "month 13"),
            date("2030-04-31", "31 April"),
            date("02030-06-15", "five year digits without a sign"),
            date("+2030-06-15", "a sign with only four year digits"),
            date("+1000000000-01-01", "a year above 999999999"),
            date("2030-06-15 ", "a trailing space"),
            date("2030/06/15", "slashes"),
            date("\u{663}030-06-15", "an Arabic-Indic digit (not ASCII)"),
            merge("merge_first_claim", "no existing chain: the update is the result", existing: [], updated: good, merged: good),
            merge("merge_empty_update", "an empty update", existing: good, updated: [], code: "pki.empty_chain"),
            merge("merge_different_keys_in_intersection", "the update changes from a key that is not the existing last owner (two-link tail)",
                  existing: good, updated: otherChange, code: "pki.different_keys_in_intersection"),
            merge("merge_strict_prefix", "an update that is a strict prefix of the existing chain: its last link is compared (upstream fails with an index error)",
                  existing: change, updated: [change[0]], code: "pki.user_already_exists"),
            merge("merge_first_claim_invalid", "no existing chain, and the update's only link names no storage provider",
                  existing: [], updated: noProviders, code: "pki.invalid_merged_chain"),
            merge("merge_resubmitted_invalid", "the stored chain sent again, and it is invalid: still refused",
                  existing: noProviders, updated: noProviders, code: "pki.invalid_merged_chain"),
        ]
    }
}
