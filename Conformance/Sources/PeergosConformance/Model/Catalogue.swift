/// Every case of the suite, in the order they run (dependencies always come earlier).
public enum Catalogue {
    /// The suite's version, in reports; bump when cases change meaning.
    public static let version = "1.0.0"

    public static var all: [ConformanceCase] {
        // The flows come early: their first step (signup) is what most mutating cases depend on.
        HTTPConventionCases.all + FlowCases.all + StorageCases.all + ChampCases.all + MutableCases.all + PKICases.all + LoginCases.all
            + SocialCases.all + SpaceCases.all + LinkCases.all + SecurityCases.all
    }

    /// Why a catalogue is unusable.
    public enum Problem: Error, Hashable, CustomStringConvertible {
        case badId(String)
        case duplicateId(String)
        case badSpecLink(id: String, link: String)
        case unknownDependency(id: String, dependency: String)
        case dependencyNotEarlier(id: String, dependency: String)
        case readOnlyDependsOnMutating(id: String, dependency: String)
        case badTags(String)

        public var description: String {
            switch self {
            case .badId(let id): return "\(id): an id is area.route-or-object.behaviour (lowercase letters, digits, hyphens; camelCase route names allowed in the middle part)"
            case .duplicateId(let id): return "\(id): used twice"
            case .badSpecLink(let id, let link): return "\(id): spec link \(link) is not file.md#anchor"
            case .unknownDependency(let id, let d): return "\(id): depends on unknown case \(d)"
            case .dependencyNotEarlier(let id, let d): return "\(id): depends on \(d), which comes later in the catalogue"
            case .readOnlyDependsOnMutating(let id, let d): return "\(id): read-only but depends on mutating case \(d)"
            case .badTags(let id): return "\(id): must be tagged exactly one of read-only and mutating"
            }
        }
    }

    /// Every problem of `cases` (empty when the catalogue keeps the invariants of ``ConformanceCase``).
    public static func validate(_ cases: [ConformanceCase]) -> [Problem] {
        var problems: [Problem] = []
        var seen: [String: ConformanceCase] = [:]
        for c in cases {
            if !isValidId(c.id) { problems.append(.badId(c.id)) }
            if seen[c.id] != nil { problems.append(.duplicateId(c.id)) }
            let parts = c.spec.split(separator: "#", omittingEmptySubsequences: false)
            if parts.count != 2 || !parts[0].hasSuffix(".md") || parts[1].isEmpty { problems.append(.badSpecLink(id: c.id, link: c.spec)) }
            if c.tags.contains(.readOnly) == c.tags.contains(.mutating) { problems.append(.badTags(c.id)) }
            for d in c.dependsOn {
                if let dep = seen[d] {
                    if c.isReadOnly && !dep.isReadOnly { problems.append(.readOnlyDependsOnMutating(id: c.id, dependency: d)) }
                } else if cases.contains(where: { $0.id == d }) {
                    problems.append(.dependencyNotEarlier(id: c.id, dependency: d))
                } else {
                    problems.append(.unknownDependency(id: c.id, dependency: d))
                }
            }
            seen[c.id] = c
        }
        return problems
    }

    /// `area.part.behaviour`: three non-empty dot-separated parts of `[a-z0-9-]` (the middle
    /// part may also hold capitals, for upstream's route names such as `setPointer`).
    static func isValidId(_ id: String) -> Bool {
        let parts = id.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3 else { return false }
        func ok(_ s: Substring, capitals: Bool) -> Bool {
            guard let first = s.unicodeScalars.first, ("a"..."z").contains(first) || ("0"..."9").contains(first) else { return false }
            return s.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "-" || (capitals && ("A"..."Z").contains($0)) }
        }
        return ok(parts[0], capitals: false) && ok(parts[1], capitals: true) && ok(parts[2], capitals: false)
    }
}
