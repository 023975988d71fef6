import PeergosCBOR
import PeergosCrypto
import PeergosLogin

/// The project's own login vectors (area "login", `Vectors/peergos/login-rules.json`): key
/// derivations refused before scrypt runs, in the order Spec/login.md#derivation gives, and key
/// generator CBOR read, defaulted or refused (Spec/login.md#algorithm).
///
/// Invariants: every refused derivation fails before scrypt does any work (so the file checks
/// fast); outcomes are written by hand from the Spec and ``VectorGenerator`` refuses to publish a
/// vector the login checker disagrees with.
enum LoginRuleCases {
    static func algorithm(m: Int, r: Int, p: Int, o: Int, salt: String = "") -> [String: Any] {
        ["memoryCost_log2N": m, "cpuCost_r": r, "parallelism_p": p, "outputBytes": o, "extraSalt": salt]
    }

    static func algorithmCbor(_ a: [String: Any]) -> String {
        Hex.encode(CborObject.map(["type": .integer(1), "m": .integer(Int64(a["memoryCost_log2N"] as! Int)), "c": .integer(Int64(a["cpuCost_r"] as! Int)),
                                   "p": .integer(Int64(a["parallelism_p"] as! Int)), "o": .integer(Int64(a["outputBytes"] as! Int)),
                                   "s": .text(a["extraSalt"] as! String)]).serialize())
    }

    static func refusedDerivation(_ id: String, _ description: String, username: String, password: String,
                                  _ a: [String: Any], code: String) -> [String: Any] {
        ["id": id, "kind": "generate_user", "description": description, "username": username, "password": password,
         "algorithm": a, "algorithm_cbor": algorithmCbor(a),
         "scrypt_password_input": Hex.encode(Hash.sha256(Array(password.utf8))),
         "scrypt_salt_input": Hex.encode(Array((username + (a["extraSalt"] as! String)).utf8)),
         "error": true, "code": code]
    }

    static func generator(_ id: String, _ description: String, _ map: CborMap, reencoded: CborMap? = nil, code: String? = nil) -> [String: Any] {
        var v: [String: Any] = ["id": id, "kind": "algorithm_cbor", "description": description, "cbor": Hex.encode(CborObject.map(map).serialize())]
        if let reencoded { v["reencoded"] = Hex.encode(CborObject.map(reencoded).serialize()) }
        if let code { v["error"] = true; v["code"] = code }
        return v
    }

    static func vectors() -> [[String: Any]] {
        let full: CborMap = ["type": .integer(1), "m": .integer(15), "c": .integer(8), "p": .integer(1), "o": .integer(32), "s": .text("")]
        func with(_ key: String, _ value: CborObject?, _ more: [(String, CborObject)] = []) -> CborMap {
            var m = full
            m[key] = value
            for (k, v) in more { m[k] = v }
            return m
        }
        return [
            refusedDerivation("derive_output_32", "32 output bytes: only 64 (current) and 96 (legacy) make login keys",
                              username: "alice", password: "correct horse", algorithm(m: 15, r: 1, p: 1, o: 32), code: "login.unsupported_output_length"),
            refusedDerivation("derive_r_33", "r = 33, above the bound of 32", username: "alice", password: "correct horse",
                              algorithm(m: 15, r: 33, p: 1, o: 64), code: "crypto.invalid_scrypt_parameters"),
            refusedDerivation("derive_p_17", "p = 17, above the bound of 16", username: "alice", password: "correct horse",
                              algorithm(m: 15, r: 1, p: 17, o: 64), code: "crypto.invalid_scrypt_parameters"),
            refusedDerivation("derive_m_25", "log2 N = 25, above the bound of 24", username: "alice", password: "correct horse",
                              algorithm(m: 25, r: 1, p: 1, o: 64), code: "crypto.invalid_scrypt_parameters"),
            refusedDerivation("derive_memory_2gib", "log2 N = 24 with r = 1: 128 · r · N = 2 GiB, above the 1 GiB bound",
                              username: "alice", password: "correct horse", algorithm(m: 24, r: 1, p: 1, o: 64), code: "crypto.invalid_scrypt_parameters"),
            refusedDerivation("derive_order_password_before_output", "password equal to the username and 32 output bytes: the password is checked first",
                              username: "alice", password: "alice", algorithm(m: 15, r: 1, p: 1, o: 32), code: "login.password_equals_username"),
            refusedDerivation("derive_order_output_before_bounds", "32 output bytes and r = 33: the output length is checked before the scrypt bounds",
                              username: "alice", password: "correct horse", algorithm(m: 15, r: 33, p: 1, o: 32), code: "login.unsupported_output_length"),
            generator("generator_random", "the random (type 0) generator", ["type": .integer(0)]),
            generator("generator_random_extra_keys", "type 0 with scrypt keys: they are ignored and not written back",
                      ["type": .integer(0), "m": .integer(17), "c": .integer(8)], reencoded: ["type": .integer(0)]),
            generator("generator_no_salt", "no `s`: read as \"\", written back with `s: \"\"`", with("s", nil), reencoded: full),
            generator("generator_type_2", "type 2", ["type": .integer(2)], code: "login.unknown_algorithm_type"),
            generator("generator_no_type", "no `type`", with("type", nil), code: "schema.missing_key"),
            generator("generator_type_text", "`type` as text", with("type", .text("1")), code: "schema.type_mismatch"),
            generator("generator_no_c", "no `c` (r)", with("c", nil), code: "schema.missing_key"),
            generator("generator_c_too_large", "`c` = 2^20 + 1, outside 0…2^20", with("c", .integer((1 << 20) + 1)), code: "schema.invalid_value"),
            generator("generator_m_negative", "`m` = -1", with("m", .integer(-1)), code: "schema.invalid_value"),
            generator("generator_m_14", "`m` = 14, below the login minimum of 15", with("m", .integer(14)), code: "login.memory_cost_too_low"),
            generator("generator_m_24_r_32", "`m` = 24, r = 32: read (the scrypt bounds apply only when keys are derived)",
                      with("m", .integer(24), [("c", .integer(32))])),
        ]
    }
}
