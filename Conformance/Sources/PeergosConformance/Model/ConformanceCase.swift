/// How strongly the Spec requires what a case checks (RFC 2119). A MUST failure means the server
/// does not interoperate or is unsafe; SHOULD and MAY failures are reported the same way, and a
/// run can be limited to the levels that matter with `--level`.
public enum Level: String, Sendable, CaseIterable, Comparable, Codable {
    case must = "MUST"
    case should = "SHOULD"
    case may = "MAY"

    /// MUST < SHOULD < MAY: `--level should` runs MUST and SHOULD cases.
    public static func < (a: Level, b: Level) -> Bool { a.rank < b.rank }
    var rank: Int { self == .must ? 0 : self == .should ? 1 : 2 }
}

/// What running a case does to the server.
public enum CaseTag: String, Sendable, CaseIterable, Codable {
    /// Changes nothing on the server: safe against any live server, the only kind `--read-only` runs.
    case readOnly = "read-only"
    /// Creates throw-away accounts (named with the account prefix) and writes only under them.
    case mutating
    /// Takes seconds rather than milliseconds (large uploads, quota filling, many requests).
    case slow
}

/// One check of the suite.
///
/// Invariants (checked by ``Catalogue/validate(_:)`` and a test): `id` is unique and has the form
/// `area.route-or-object.behaviour` (lowercase letters, digits, hyphens; three dot-separated
/// parts); `spec` names a heading of `Spec/` (`file.md#anchor`); every id in `dependsOn` exists and
/// the dependencies have no cycle; a case is tagged exactly one of `read-only` or `mutating`.
public struct ConformanceCase: Sendable, Identifiable {
    public let id: String
    public let title: String
    public let level: Level
    /// `file.md#anchor` under `Spec/`.
    public let spec: String
    public let tags: Set<CaseTag>
    /// Cases that must pass first; when one did not pass, this case is skipped with that reason.
    public let dependsOn: [String]
    /// Why the case has its level, when that is not obvious (e.g. a SHOULD where upstream itself
    /// does otherwise).
    public let note: String?
    /// Cases sharing a serial group never run at the same time (they move the same pointer).
    public let serialGroup: String?
    /// The check itself: returns normally on a pass, throws ``CaseFailure`` on a failure or
    /// ``CaseSkip`` when it cannot run against this server; anything else thrown is an error.
    public let body: @Sendable (CaseContext) async throws -> Void

    public init(_ id: String, _ title: String, level: Level, spec: String, tags: Set<CaseTag>, dependsOn: [String] = [],
                note: String? = nil, serialGroup: String? = nil, body: @escaping @Sendable (CaseContext) async throws -> Void) {
        self.id = id
        self.title = title
        self.level = level
        self.spec = spec
        self.tags = tags
        self.dependsOn = dependsOn
        self.note = note
        self.serialGroup = serialGroup
        self.body = body
    }

    /// The first part of the id: `mutable` for `mutable.setPointer.refuses-forged-signature`.
    public var area: String { String(id.split(separator: ".").first ?? "") }
    public var isReadOnly: Bool { tags.contains(.readOnly) }
}
