import Foundation
import PeergosTestSupport
import Testing

/// Issue 8 item 16: the command-line tools answer `--help` with usage (exit 0) and refuse bad
/// option values at start with a usage error (exit 64, ArgumentParser's EX_USAGE) and a message,
/// instead of trapping (`peergos-bench --help` crashed) or silently ignoring them. Runs the built
/// binaries from `.build/debug` (built by `swift build --build-tests`).
@Suite("Command-line tools")
struct CommandLineToolTests {
    struct Outcome {
        let status: Int32
        let output: String
    }

    static let binaries = VectorFileTests.root.appendingPathComponent(".build/debug")

    static func run(_ tool: String, _ arguments: [String]) throws -> Outcome {
        let url = binaries.appendingPathComponent(tool)
        try #require(FileManager.default.isExecutableFile(atPath: url.path), "\(url.path) is not built; run `swift build --build-tests`")
        let (status, output) = try ChildProcess.run(url.path, arguments, in: VectorFileTests.root)
        return Outcome(status: status, output: output)
    }

    @Test("--help prints usage and exits 0", arguments: ["peergos-bench", "peergos-vectors"])
    func help(tool: String) throws {
        let outcome = try Self.run(tool, ["--help"])
        #expect(outcome.status == 0, "\(outcome.output)")
        #expect(outcome.output.contains("USAGE: \(tool)"), "\(outcome.output)")
    }

    @Test("peergos-bench refuses bad option values with a usage error, before running anything", arguments: [
        (["--runs", "0"], "--runs must be between 1 and"),
        (["--runs=-3"], "--runs must be between 1 and"),
        (["--runs", "x"], "The value 'x' is invalid for '--runs"),
        (["--champ-sizes", "1000,abc"], "\"abc\" in --champ-sizes is not a whole number"),
        (["--champ-sizes", "0"], "--champ-sizes values must be between 1 and"),
        (["--server-requests", "0"], "--server-requests must be between 1 and"),
        (["--server-concurrency", "0"], "--server-concurrency must be between 1 and"),
        (["teleport"], "The value 'teleport' is invalid for '<workloads>"),
    ])
    func benchRefuses(arguments: [String], message: String) throws {
        let outcome = try Self.run("peergos-bench", arguments)
        #expect(outcome.status == 64, "\(outcome.output)")
        #expect(outcome.output.contains(message), "\(outcome.output)")
        #expect(!outcome.output.contains("RESULT"), "a workload ran: \(outcome.output)")
    }

    @Test("peergos-vectors refuses bad arguments with a usage error", arguments: [
        (["verify"], "Missing expected argument '<paths> ...'"),
        (["verify", "--junit", "", "Vectors/"], "--junit needs a file name"),
        (["verify", "--frobnicate", "Vectors/"], "Unknown option '--frobnicate'"),
        (["generate", "--out", ""], "--out needs a folder"),
    ])
    func vectorsRefuses(arguments: [String], message: String) throws {
        let outcome = try Self.run("peergos-vectors", arguments)
        #expect(outcome.status == 64, "\(outcome.output)")
        #expect(outcome.output.contains(message), "\(outcome.output)")
    }

    @Test("peergos-vectors verify --strict exits 1 and names the vector when one fails")
    func vectorsReportsFailure() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("strict-extra-\(getpid()).json")
        let json = #"{"area": "pow", "vectors": [{"id": "extra", "kind": "pow_satisfies", "hash": "00", "difficulty": 8, "satisfies": true, "surprise": 1}]}"#
        try json.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let lenient = try Self.run("peergos-vectors", ["verify", file.path])
        #expect(lenient.status == 0, "\(lenient.output)")
        let strict = try Self.run("peergos-vectors", ["verify", "--strict", file.path])
        #expect(strict.status == 1, "\(strict.output)")
        #expect(strict.output.contains("extra"), "\(strict.output)")
        #expect(strict.output.contains("0 passed, 1 failed, 0 skipped"), "\(strict.output)")
    }
}
