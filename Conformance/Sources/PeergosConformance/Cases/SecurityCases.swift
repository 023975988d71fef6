/// Area `security`: one case per security invariant of PEERGOS-FACTS §12 (Spec/http.md#security-invariants),
/// server side (the forbidden request is refused and changes nothing) then client side (what
/// the server serves verifies).
enum SecurityCases {
    static var all: [ConformanceCase] { SecurityServerCases.all + SecurityClientCases.all }
}
