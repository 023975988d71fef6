import Foundation
import PeergosConformance
import PeergosTestSupport
import Testing

/// `peergos-conformance` as a child process (the binary `swift build --build-tests` puts beside
/// the tests): the catalogue, the embedded server, the reports, the exit status.
@Suite("peergos-conformance command line")
struct ConformanceCommandLineTests {
    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peergos-conformance").path
    }

    /// Runs the binary off the cooperative pool.
    static func run(_ arguments: [String]) async throws -> (status: Int32, output: String) {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is not built; run `swift build --build-tests`")
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do { continuation.resume(returning: try ChildProcess.run(binary, arguments)) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    static func temporary(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("conformance-\(UUID().uuidString)-\(name)").path
    }

    @Test func listPrintsTheCatalogue() async throws {
        let r = try await Self.run(["--list"])
        #expect(r.status == 0)
        #expect(r.output == CatalogueDocument.render(Catalogue.all))
    }

    @Test func embeddedRunWritesEveryReport() async throws {
        let (json, junit, md) = (Self.temporary("r.json"), Self.temporary("r.xml"), Self.temporary("r.md"))
        defer { for f in [json, junit, md] { try? FileManager.default.removeItem(atPath: f) } }
        let r = try await Self.run(["--only", "http.id.*", "--only", "http.method.*", "--json", json, "--junit", junit, "--markdown", md])
        #expect(r.status == 0, "\(r.output)")
        #expect(r.output.contains("embedded reference server at http://127.0.0.1:"))
        #expect(r.output.contains("PASS  http.id.answers-node-id ("))
        #expect(!r.output.contains("\u{1b}["), "no colour when standard output is not a terminal")
        #expect(r.output.hasSuffix(" passed, 0 failed, 0 skipped\n"))
        let doc = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: json))) as? [String: Any]
        #expect((doc?["serverId"] as? String)?.hasPrefix("z") == true)
        #expect(try String(contentsOfFile: junit, encoding: .utf8).contains("<testcase name=\"http.id.answers-node-id\" classname=\"conformance.http\""))
        #expect(try String(contentsOfFile: md, encoding: .utf8).contains("| ✅ pass | `http.id.answers-node-id` |"))
    }

    @Test func unexpectedPassFailsTheRun() async throws {
        let list = Self.temporary("expected.txt")
        defer { try? FileManager.default.removeItem(atPath: list) }
        try "http.id.answers-node-id  # pretend it is broken\n".write(toFile: list, atomically: true, encoding: .utf8)
        let r = try await Self.run(["--only", "http.id.answers-node-id", "--expected-failures", list])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("XPASS http.id.answers-node-id"))
        #expect(r.output.contains("1 unexpected passes"))
    }

    @Test func unreachableServerFailsTheRun() async throws {
        // Port 9 (discard) on loopback: nothing listens, so every case errors or is skipped.
        let r = try await Self.run(["--server", "http://127.0.0.1:9", "--only", "http.id.answers-node-id", "--timeout", "5"])
        #expect(r.status == 1, "\(r.output)")
        #expect(r.output.contains("ERROR http.id.answers-node-id"))
    }

    @Test func badArgumentsAreUsageErrors() async throws {
        for args in [["--level", "sometimes"], ["--tag", "fast"], ["--account-prefix", "Bad-Prefix"], ["--jobs", "0"]] {
            let r = try await Self.run(args)
            #expect(r.status == 64, "\(args): \(r.output)")
        }
    }
}
