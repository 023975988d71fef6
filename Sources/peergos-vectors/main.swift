import ArgumentParser
import Foundation
import PeergosVectors

/// `peergos-vectors`: checks Peergos test-vector files against this implementation.
@main
struct PeergosVectorsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peergos-vectors",
        abstract: "Check Peergos test vectors against this implementation.",
        subcommands: [Verify.self, Generate.self, Areas.self],
        defaultSubcommand: Verify.self
    )
}

struct Verify: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run every vector in the given files or folders; exit 0 only if none failed.",
        discussion: """
            Files are JSON in the layout of the upstream golden vectors: {area, vectors: [...]}, \
            or NIST ACVP's ML-KEM layout (area mlkem). The area comes from the file, not its name. \
            A negative vector must fail with the error code it names (its "code", or its \
            "upstream_exception" through the upstream table); a missing or mistyped field fails \
            the vector. Vectors of areas not yet implemented count as skipped and are listed.
            """
    )

    @Argument(help: "Vector files or folders (folders are searched for .json files).")
    var paths: [String]

    @Flag(name: .long, help: "Print the result as JSON instead of text.")
    var json = false

    @Option(name: .long, help: "Also write a JUnit XML report to this file.")
    var junit: String?

    @Flag(name: .long, help: "Also list every passed vector.")
    var verbose = false

    @Flag(name: .long, help: "Also fail a vector that has fields its checker does not read (other than description, comment).")
    var strict = false

    func validate() throws {
        if paths.contains(where: \.isEmpty) { throw ValidationError("a path cannot be empty") }
        if let junit, junit.isEmpty { throw ValidationError("--junit needs a file name") }
    }

    mutating func run() throws {
        let report: VectorReport
        do {
            report = try VectorRunner.run(paths: paths, strict: strict)
        } catch {
            FileHandle.standardError.write(Data("peergos-vectors: \(error)\n".utf8))
            throw ExitCode(2)
        }
        if json {
            print(VectorReportFormat.json(report))
        } else {
            print(VectorReportFormat.text(report, verbose: verbose), terminator: "")
        }
        if let junit {
            try VectorReportFormat.junit(report).write(toFile: junit, atomically: true, encoding: .utf8)
        }
        if report.failed > 0 { throw ExitCode(1) }
    }
}

struct Areas: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "List the vector areas this implementation checks.")

    func run() {
        for name in VectorArea.implemented.keys.sorted() { print(name) }
    }
}

struct Generate: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Write the project's own vector files (Vectors/peergos).")

    @Option(name: .long, help: "Output folder.")
    var out = "Vectors/peergos"

    func validate() throws {
        if out.isEmpty { throw ValidationError("--out needs a folder") }
    }

    func run() throws {
        for path in try VectorGenerator.write(to: out) { print("wrote \(path)") }
    }
}
