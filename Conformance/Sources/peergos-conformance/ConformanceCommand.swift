import ArgumentParser
import Foundation
import PeergosConformance
import PeergosServer

/// `peergos-conformance`: checks a Peergos server against the suite. With no `--server` it
/// starts the embedded reference server on a free loopback port with a temporary data folder,
/// checks it, and stops it.
@main
struct ConformanceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peergos-conformance",
        abstract: "Check a Peergos server over HTTP against the conformance suite.",
        discussion: """
            With no --server, starts the embedded reference server on loopback and checks it.
            Exit status: 0 when every case passed or was skipped (or failed as expected),
            1 on any failure, error or unexpected pass, 64 on a usage error.
            Conformance/README.md explains levels, ids, filters and the reports.
            """
    )

    @Option(help: ArgumentHelp("The server to check, e.g. https://peergos.example.org.", valueName: "URL"))
    var server: String?
    @Option(help: ArgumentHelp("Run only cases whose id matches (glob, repeatable).", valueName: "GLOB"))
    var only: [String] = []
    @Option(help: ArgumentHelp("Leave out cases whose id matches (glob, repeatable).", valueName: "GLOB"))
    var skip: [String] = []
    @Option(help: ArgumentHelp("The weakest level to run: must, should or may.", valueName: "LEVEL"))
    var level: String = "may"
    @Option(help: ArgumentHelp("Run only cases with this tag: read-only, mutating, slow (repeatable).", valueName: "TAG"))
    var tag: [String] = []
    @Option(name: .customLong("expected-failures"), help: ArgumentHelp("Cases known to fail: one id per line, reason after #.", valueName: "FILE"))
    var expectedFailures: String?
    @Option(help: "Cases run at the same time.")
    var jobs: Int = 4
    @Option(help: ArgumentHelp("Seconds a case (and each of its requests) may take.", valueName: "SECONDS"))
    var timeout: Double = 120
    @Option(help: ArgumentHelp("Write the JSON report here.", valueName: "FILE"))
    var json: String?
    @Option(help: ArgumentHelp("Write a JUnit XML report here.", valueName: "FILE"))
    var junit: String?
    @Option(help: ArgumentHelp("Write a Markdown report here.", valueName: "FILE"))
    var markdown: String?
    @Flag(help: "Print the case catalogue (Markdown) and exit.")
    var list = false
    @Flag(name: .customLong("read-only"), help: "Run only cases that change nothing on the server.")
    var readOnly = false
    @Option(name: .customLong("probe-user"), help: ArgumentHelp("An existing user the read-only cases look up.", valueName: "NAME"))
    var probeUser: String?
    @Option(name: .customLong("account-prefix"), help: ArgumentHelp("Prefix of the throw-away accounts (default: random).", valueName: "PREFIX"))
    var accountPrefix: String?

    func validate() throws {
        guard Level(argument: level) != nil else { throw ValidationError("--level must be must, should or may") }
        for t in tag where CaseTag(rawValue: t) == nil { throw ValidationError("unknown tag \(t): use read-only, mutating or slow") }
        if let p = accountPrefix, !RunConfiguration.isValidAccountPrefix(p) {
            throw ValidationError("--account-prefix must be 1-16 lowercase letters or digits, starting with a letter")
        }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard timeout > 0 else { throw ValidationError("--timeout must be positive") }
        if let server, URL(string: server)?.scheme == nil { throw ValidationError("--server must be a URL such as http://127.0.0.1:8000") }
    }

    func run() async throws {
        let catalogue = Catalogue.all
        let problems = Catalogue.validate(catalogue)
        guard problems.isEmpty else {
            throw ValidationError("the catalogue is inconsistent:\n" + problems.map(\.description).joined(separator: "\n"))
        }
        if list {
            print(CatalogueDocument.render(catalogue), terminator: "")
            return
        }
        var expected = ExpectedFailures()
        if let path = expectedFailures {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw ValidationError("cannot read \(path)") }
            expected = try ExpectedFailures(parsing: text)
            for id in expected.unknownIds(in: catalogue) { FileHandle.standardError.write(Data("warning: \(path) lists \(id), which is not a case\n".utf8)) }
        }
        let selection = Selection(only: only, skip: skip, level: Level(argument: level)!, tags: Set(tag.compactMap(CaseTag.init(rawValue:))), readOnly: readOnly)
        let cases = selection.apply(to: catalogue)
        let console = Console()

        var embedded: LoopbackServer?
        let origin: String
        if let server {
            origin = server
        } else {
            // The embedded server: a quota small enough for the quota cases to reach, and a
            // signup rate that makes it ask for (cheap) proof of work after the first signups.
            let s = try await LoopbackServer.start(label: "peergos-conformance", maxDailySignups: 1_000_000, defaultQuota: 32 << 20)
            console.note("embedded reference server at \(s.origin) (data in \(s.directory))")
            embedded = s
            origin = s.origin
        }
        let config = RunConfiguration(exchanger: AsyncHTTPExchanger(origin: origin, timeout: timeout),
                                      accountPrefix: accountPrefix ?? RunConfiguration.randomAccountPrefix(),
                                      readOnly: readOnly, probeUser: probeUser, timeout: timeout, jobs: jobs)
        console.note("checking \(origin): \(cases.count) cases, accounts \(config.accountPrefix)-*, \(jobs) at a time")
        let report = await Runner(cases: cases, config: config, expected: expected).run { console.show($0) }
        await embedded?.stop()

        if let json { try JSONReport.render(report).write(toFile: json, atomically: true, encoding: .utf8) }
        if let junit { try JUnitReport.render(report).write(toFile: junit, atomically: true, encoding: .utf8) }
        if let markdown { try MarkdownReport.render(report).write(toFile: markdown, atomically: true, encoding: .utf8) }
        console.summary(report)
        if report.failed { throw ExitCode(1) }
    }
}

extension Level {
    init?(argument: String) {
        switch argument.lowercased() {
        case "must": self = .must
        case "should": self = .should
        case "may": self = .may
        default: return nil
        }
    }
}
