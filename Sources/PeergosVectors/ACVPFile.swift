/// NIST ACVP's own JSON layout for ML-KEM (`{algorithm: "ML-KEM", mode, testGroups: [{tgId,
/// parameterSet, function?, ek?, dk?, tests: [...]}]}`), read as a vector file of area `mlkem`,
/// so `peergos-vectors verify Vectors/` checks `Vectors/nist-mlkem/` like any other vectors.
///
/// Each ACVP test becomes one vector, id `tg<tgId>/tc<tcId>`, kind `keygen` (mode keyGen),
/// `encapsulation` or `decapsulation` (the group's `function`), with the test's fields plus the
/// group's `parameterSet` (and the group's `ek`/`dk` for decapsulation, which ACVP gives once a
/// group). The files stay byte copies of NIST's; only the reading adapts.
enum ACVPFile {
    static func isACVP(_ obj: [String: Any]) -> Bool {
        (obj["algorithm"] as? String) == "ML-KEM" && obj["testGroups"] is [Any]
    }

    /// The `{area, vectors}` form. Throws ``VectorFormatError`` when a group is not an object or
    /// lacks what its kind needs to be named (mode, function, tgId).
    static func vectorFile(_ obj: [String: Any]) throws -> [String: Any] {
        guard let mode = obj["mode"] as? String else { throw VectorFormatError.notAVectorFile("ACVP file without \"mode\"") }
        guard let groups = obj["testGroups"] as? [Any] else { throw VectorFormatError.notAVectorFile("ACVP file without \"testGroups\"") }
        var vectors: [Any] = []
        for (g, item) in groups.enumerated() {
            guard let group = item as? [String: Any], let tests = group["tests"] as? [Any] else {
                throw VectorFormatError.notAVectorFile("ACVP test group \(g) has no tests")
            }
            let tgId = (group["tgId"] as? Int).map(String.init) ?? "?\(g)"
            let kind: String
            switch mode {
            case "keyGen": kind = "keygen"
            case "encapDecap":
                guard let function = group["function"] as? String else { throw VectorFormatError.notAVectorFile("ACVP encapDecap group \(tgId) has no \"function\"") }
                kind = function
            default: kind = mode
            }
            var shared: [String: Any] = ["kind": kind]
            for key in ["parameterSet", "ek", "dk"] { if let value = group[key] { shared["group_" + key] = value } }
            for (t, testItem) in tests.enumerated() {
                guard var test = testItem as? [String: Any] else {
                    vectors.append(["id": "tg\(tgId)/#\(t)", "kind": kind])
                    continue
                }
                let tcId = (test["tcId"] as? Int).map(String.init) ?? "?\(t)"
                test.removeValue(forKey: "tcId")
                test["id"] = "tg\(tgId)/tc\(tcId)"
                vectors.append(test.merging(shared) { own, _ in own })
            }
        }
        return ["area": "mlkem", "vectors": vectors]
    }
}
