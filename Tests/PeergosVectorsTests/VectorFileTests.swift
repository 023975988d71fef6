import Foundation
import PeergosVectors
import Testing

/// Runs the published vector files (Vectors/) and upstream's golden vectors through the checker.
@Suite("Vector files")
struct VectorFileTests {
    /// The package root, found from this file's path (Tests/PeergosVectorsTests/ThisFile.swift).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let vectors = root.appendingPathComponent("Vectors").path
    static let upstream = root.deletingLastPathComponent().appendingPathComponent("shared/vectors/upstream").path
    /// Areas whose modules are complete: none of their vectors may be skipped.
    static let completeAreas: Set<String> = ["cbor", "multiformats", "crypto", "capability", "login", "pki", "champ", "follow", "cryptree", "mutable"]

    static func failures(_ report: VectorReport) -> String {
        report.results.filter { $0.status == .failed }.map { "\($0.area)/\($0.id): \($0.message)" }.joined(separator: "\n")
            + report.unreadableFiles.map { "\($0.path): \($0.reason)" }.joined(separator: "\n")
    }

    @Test("every published vector passes, none of a complete area is skipped")
    func publishedVectors() throws {
        let report = try VectorRunner.run(paths: [Self.vectors])
        #expect(report.failed == 0, "\(Self.failures(report))")
        #expect(report.passed > 150)
        let skippedComplete = report.results.filter { $0.status == .skipped && Self.completeAreas.contains($0.area) }
        #expect(skippedComplete.isEmpty, "\(skippedComplete.count) skipped, e.g. \(skippedComplete.prefix(5).map(\.id))")
    }

    @Test("upstream's golden vectors pass for the implemented areas", arguments: ["cbor", "multiformats", "crypto", "capability", "login", "pki", "champ", "follow", "cryptree"])
    func upstreamVectors(area: String) throws {
        let file = "\(Self.upstream)/\(area).json"
        let path = FileManager.default.fileExists(atPath: file) ? file : "\(Self.vectors)/upstream/\(area).json"
        let report = try VectorRunner.run(paths: [path])
        #expect(report.failed == 0, "\(Self.failures(report))")
        #expect(report.skipped == 0, "skipped: \(report.results.filter { $0.status == .skipped }.prefix(5).map(\.id))")
        #expect(report.passed > 0)
    }

    @Test("the published own vectors are exactly what the generator writes")
    func generatedFilesAreCurrent() throws {
        for (name, contents) in try VectorGenerator.files() {
            let published = try String(contentsOfFile: "\(Self.vectors)/peergos/\(name)", encoding: .utf8)
            #expect(published == contents, "Vectors/peergos/\(name) is stale: run `swift run peergos-vectors generate`")
        }
    }

    @Test("a vector whose expected bytes are wrong is reported as failed with its id")
    func mismatchIsReported() {
        let file: [String: Any] = [
            "area": "cbor",
            "vectors": [
                ["id": "ok", "kind": "encode", "input": ["t": "int", "v": "1"], "cbor": "01"],
                ["id": "wrong", "kind": "encode", "input": ["t": "int", "v": "1"], "cbor": "02"],
                ["id": "unknown-kind", "kind": "frobnicate"],
            ],
        ]
        let results = VectorRunner.check(fileObject: file, file: "inline", areas: VectorArea.implemented)
        #expect(results.map(\.status) == [.passed, .failed, .skipped])
        #expect(results[1].message.contains("expected 02, got 01"))
    }

    @Test("an unknown area counts as skipped, and the reports say so")
    func unknownAreaIsSkipped() {
        let file: [String: Any] = ["area": "teleport", "vectors": [["id": "t1", "kind": "x"]]]
        var report = VectorReport()
        report.results = VectorRunner.check(fileObject: file, file: "inline", areas: VectorArea.implemented)
        #expect(report.summaryLine == "0 passed, 0 failed, 1 skipped")
        #expect(VectorReportFormat.text(report).contains("SKIP teleport: area teleport is not implemented"))
        #expect(VectorReportFormat.junit(report).contains("<skipped message=\"area teleport is not implemented\"/>"))
        let data = Data(VectorReportFormat.json(report).utf8)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any]
        let skipped = json?["skipped"] as? Int
        #expect(skipped == 1)
    }
}
