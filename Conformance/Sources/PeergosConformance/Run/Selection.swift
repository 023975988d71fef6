import Foundation

/// Which cases a run includes: `--only` and `--skip` globs over ids, `--level`, `--tag`, and
/// `--read-only`. The dependencies of a selected case are included too (so `--only 'files.*'`
/// still runs the signup it needs), unless `--skip` names them.
public struct Selection: Sendable {
    public var only: [String] = []
    public var skip: [String] = []
    /// The weakest level run: `.should` runs MUST and SHOULD cases.
    public var level: Level = .may
    /// When not empty, a case runs only if it has one of these tags.
    public var tags: Set<CaseTag> = []
    public var readOnly = false

    public init(only: [String] = [], skip: [String] = [], level: Level = .may, tags: Set<CaseTag> = [], readOnly: Bool = false) {
        self.only = only
        self.skip = skip
        self.level = level
        self.tags = tags
        self.readOnly = readOnly
    }

    /// The selected cases, in catalogue order.
    public func apply(to cases: [ConformanceCase]) -> [ConformanceCase] {
        let byId = Dictionary(cases.map { ($0.id, $0) }, uniquingKeysWith: { a, _ in a })
        func chosen(_ c: ConformanceCase) -> Bool {
            if !only.isEmpty && !only.contains(where: { Self.matches($0, c.id) }) { return false }
            if c.level > level { return false }
            if !tags.isEmpty && tags.isDisjoint(with: c.tags) { return false }
            return true
        }
        var included = Set<String>()
        func include(_ id: String) {
            guard let c = byId[id], !included.contains(id) else { return }
            if skip.contains(where: { Self.matches($0, id) }) { return }
            if readOnly && !c.isReadOnly { return }
            included.insert(id)
            c.dependsOn.forEach(include)
        }
        cases.filter(chosen).forEach { include($0.id) }
        return cases.filter { included.contains($0.id) }
    }

    /// Shell-style glob: `*` any run of characters, `?` one character, anything else literal.
    public static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern), t = Array(text)
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && (p[pi] == "?" || p[pi] == t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == "*" {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark += 1; ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
