import Foundation
import PeergosConformance
import Testing

/// The catalogue keeps its invariants, every case links to a real heading of Spec/, and
/// Conformance/CASES.md is the generated catalogue.
@Suite struct CatalogueTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func catalogueIsConsistent() {
        let problems = Catalogue.validate(Catalogue.all)
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
    }

    @Test func validationCatchesEachProblem() {
        func c(_ id: String, spec: String = "http.md#conventions", tags: Set<CaseTag> = [.readOnly], deps: [String] = []) -> ConformanceCase {
            ConformanceCase(id, "t", level: .must, spec: spec, tags: tags, dependsOn: deps) { _ in }
        }
        #expect(Catalogue.validate([c("Bad.id")]) == [.badId("Bad.id")])
        #expect(Catalogue.validate([c("a.b.c"), c("a.b.c")]) == [.duplicateId("a.b.c")])
        #expect(Catalogue.validate([c("a.b.c", spec: "http.md")]) == [.badSpecLink(id: "a.b.c", link: "http.md")])
        #expect(Catalogue.validate([c("a.b.c", deps: ["x.y.z"])]) == [.unknownDependency(id: "a.b.c", dependency: "x.y.z")])
        #expect(Catalogue.validate([c("a.b.c", deps: ["a.b.d"]), c("a.b.d")]) == [.dependencyNotEarlier(id: "a.b.c", dependency: "a.b.d")])
        #expect(Catalogue.validate([c("a.b.d", tags: [.mutating]), c("a.b.c", deps: ["a.b.d"])]) == [.readOnlyDependsOnMutating(id: "a.b.c", dependency: "a.b.d")])
        #expect(Catalogue.validate([c("a.b.c", tags: [.readOnly, .mutating])]) == [.badTags("a.b.c")])
        #expect(Catalogue.validate([c("a.setPointer.refuses-x")]).isEmpty)
    }

    @Test func suiteHasAtLeast150Cases() {
        #expect(Catalogue.all.count >= 150, "the suite has \(Catalogue.all.count) cases")
    }

    /// Every anchor of every Spec file: explicit `{#anchor}` on a heading, and GitHub's slug of
    /// each heading's text.
    static func specAnchors() throws -> [String: Set<String>] {
        let spec = root.appendingPathComponent("Spec")
        var anchors: [String: Set<String>] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: spec.path) where file.hasSuffix(".md") {
            let text = try String(contentsOf: spec.appendingPathComponent(file), encoding: .utf8)
            var set = Set<String>()
            for line in text.split(separator: "\n") where line.hasPrefix("#") {
                var heading = line.drop { $0 == "#" }.trimmingCharacters(in: .whitespaces)
                if let open = heading.range(of: "{#"), let close = heading.range(of: "}", range: open.upperBound..<heading.endIndex) {
                    set.insert(String(heading[open.upperBound..<close.lowerBound]))
                    heading = heading[..<open.lowerBound].trimmingCharacters(in: .whitespaces)
                }
                set.insert(slug(heading))
            }
            anchors[file] = set
        }
        return anchors
    }

    /// GitHub's heading slug: lowercase, punctuation dropped, spaces to hyphens.
    static func slug(_ heading: String) -> String {
        String(heading.lowercased().unicodeScalars.compactMap { u -> Character? in
            if u == " " { return "-" }
            if u == "-" || u == "_" || CharacterSet.alphanumerics.contains(u) { return Character(u) }
            return nil
        })
    }

    @Test func everySpecLinkResolvesToAHeading() throws {
        let anchors = try Self.specAnchors()
        for c in Catalogue.all {
            let parts = c.spec.split(separator: "#", maxSplits: 1).map(String.init)
            guard parts.count == 2, let set = anchors[parts[0]] else {
                Issue.record("\(c.id): \(c.spec) names no file of Spec/")
                continue
            }
            #expect(set.contains(parts[1]), "\(c.id): Spec/\(parts[0]) has no heading #\(parts[1])")
        }
    }

    @Test func anchorReaderFindsExplicitAndSlugAnchors() throws {
        let anchors = try Self.specAnchors()
        #expect(anchors["http.md"]?.contains("block-put") == true)
        #expect(anchors["http.md"]?.contains("refusals-and-internal-errors") == true)
        #expect(anchors["http.md"]?.contains("no-such-anchor") == false)
    }

    @Test func casesDocumentIsCurrent() throws {
        let file = Self.root.appendingPathComponent("Conformance/CASES.md")
        let current = (try? String(contentsOf: file, encoding: .utf8)) ?? ""
        #expect(current == CatalogueDocument.render(Catalogue.all),
                "Conformance/CASES.md is stale: run `swift run peergos-conformance --list > Conformance/CASES.md`")
    }

    @Test func everyMustCaseIsShownToFailAgainstABrokenVariant() {
        let covered = FaultMap.all.values.flatMap { $0 }
        for c in Catalogue.all where c.level == .must {
            #expect(covered.contains { Selection.matches($0, c.id) }, "\(c.id) (MUST) is not listed as failing against any broken variant in FaultMap")
        }
    }

    @Test func faultMapNamesOnlyExistingCases() {
        let ids = Catalogue.all.map(\.id)
        for (variant, globs) in FaultMap.all {
            for g in globs {
                #expect(ids.contains { Selection.matches(g, $0) }, "FaultMap \(variant): \(g) matches no case")
            }
        }
    }
}
