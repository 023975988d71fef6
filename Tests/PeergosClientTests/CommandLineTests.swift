import Foundation
import PeergosClient
import Testing

/// The `peergos` command-line tool, run as a child process (the binary built beside the tests,
/// by `swift build --build-tests`) against an embedded server on a free loopback port. The
/// password only ever travels through the environment or a file, never the arguments.
@Suite("peergos command line")
struct CommandLineTests {
    /// One finished run of the tool.
    struct Outcome: CustomStringConvertible {
        let status: Int32
        let stdout: Data
        let stderr: String
        var text: String { String(decoding: stdout, as: UTF8.self) }
        var description: String { "exit \(status)\nstdout: \(text)\nstderr: \(stderr)" }
    }

    static var binary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peergos").path
    }

    /// Runs `peergos arguments` with `environment` added to ours (any inherited `PEERGOS_*`
    /// removed) and standard input from /dev/null (so never a terminal). The wait runs off the
    /// cooperative pool, so the in-process server keeps answering.
    static func run(_ arguments: [String], environment: [String: String] = [:]) async throws -> Outcome {
        try #require(FileManager.default.isExecutableFile(atPath: binary), "\(binary) is not built; run `swift build --build-tests`")
        return try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try blockingRun(arguments, environment: environment))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    private static func blockingRun(_ arguments: [String], environment: [String: String]) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var env = ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("PEERGOS_") }
        env.merge(environment) { _, new in new }
        process.environment = env
        let out = Pipe(), err = Pipe()
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Read standard error on another thread while this one drains standard output, so a
        // child filling either pipe cannot deadlock.
        let errorText = ErrorCollector()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errorText.data = err.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        let output = out.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Outcome(status: process.terminationStatus, stdout: output, stderr: String(decoding: errorText.data, as: UTF8.self))
    }

    private final class ErrorCollector: @unchecked Sendable {
        var data = Data()
    }

    /// An account's environment for the tool.
    static func account(_ server: EmbeddedServer, _ username: String, _ password: String) -> [String: String] {
        ["PEERGOS_SERVER": server.origin, "PEERGOS_USERNAME": username, "PEERGOS_PASSWORD": password]
    }

    /// A failure is exactly one line `peergos: <message>` on standard error and a non-zero status.
    static func expectOneLineFailure(_ outcome: Outcome, containing text: String, sourceLocation: SourceLocation = #_sourceLocation) {
        #expect(outcome.status != 0, "\(outcome)", sourceLocation: sourceLocation)
        let lines = outcome.stderr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 2 && lines[1].isEmpty, "not one line: \(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.hasPrefix("peergos: "), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stderr.contains(text), "\(outcome)", sourceLocation: sourceLocation)
        #expect(outcome.stdout.isEmpty, "\(outcome)", sourceLocation: sourceLocation)
    }

    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test("the password is never accepted as an option, and no help mentions one")
    func noPasswordOption() async throws {
        for arguments in [["login", "--password", "secret"], ["login", "--password=secret"], ["ls", "/a", "--password", "x"]] {
            let outcome = try await Self.run(arguments)
            #expect(outcome.status == 64, "\(arguments): \(outcome)")  // ArgumentParser's usage error
            #expect(outcome.stderr.contains("Unknown option '--password'"), "\(arguments): \(outcome)")
        }
        for subcommand in ["signup", "login", "ls", "mkdir", "put", "get", "cat", "rm", "mv", "quota", "usage"] {
            let help = try await Self.run([subcommand, "--help"])
            #expect(help.status == 0, "\(subcommand): \(help)")
            #expect(help.text.contains("--password-file"), "\(subcommand): \(help)")
            #expect(!help.text.contains("--password "), "\(subcommand): \(help)")
        }
    }

    @Test("with no password anywhere and no terminal, the tool says where one comes from instead of prompting")
    func noPassword() async throws {
        let outcome = try await Self.run(["login"], environment: ["PEERGOS_USERNAME": "nobody", "PEERGOS_SERVER": "http://127.0.0.1:1"])
        Self.expectOneLineFailure(outcome, containing: "PEERGOS_PASSWORD")
    }

    @Test("an unreachable server is a one-line error, not a stack trace")
    func unreachable() async throws {
        let outcome = try await Self.run(["login"], environment: ["PEERGOS_SERVER": "http://127.0.0.1:1", "PEERGOS_USERNAME": "a", "PEERGOS_PASSWORD": "b"])
        Self.expectOneLineFailure(outcome, containing: "transport")
    }

    @Test("link prints the link alone on its last line; open-link needs no account; retrieval limits, extra passwords and unlink hold")
    func secretLinks() async throws {
        try await EmbeddedServer.with { server in
            let env = Self.account(server, "clilinks", "a long password")
            let local = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: local) }
            #expect(try await Self.run(["signup"], environment: env).status == 0)
            let content = Array("shared by link\n".utf8)
            let upload = local.appendingPathComponent("note.txt")
            try Data(content).write(to: upload)
            #expect(try await Self.run(["put", upload.path, "/clilinks/note.txt"], environment: env).status == 0)

            let made = try await Self.run(["link", "/clilinks/note.txt", "--max-retrievals", "1"], environment: env)
            #expect(made.status == 0, "\(made)")
            let url = try #require(made.text.split(separator: "\n").last.map(String.init))
            #expect(url.hasPrefix(server.origin + "/secret/z") && url.contains("#"), "\(made)")

            // No account: only the server is given.
            let anonymous = ["PEERGOS_SERVER": server.origin]
            let opened = try await Self.run(["open-link", url, "-"], environment: anonymous)
            #expect(opened.status == 0 && opened.stdout == Data(content), "\(opened)")
            Self.expectOneLineFailure(try await Self.run(["open-link", url, "-"], environment: anonymous), containing: "Maximum link retrievals exceed!")

            // An extra password from the environment; a folder link lists the folder.
            var guarded = env
            guarded["PEERGOS_LINK_PASSWORD"] = "extra"
            let folderLink = try await Self.run(["link", "/clilinks", "--link-password"], environment: guarded)
            let folderURL = try #require(folderLink.text.split(separator: "\n").last.map(String.init), "\(folderLink)")
            Self.expectOneLineFailure(try await Self.run(["open-link", folderURL], environment: anonymous), containing: "incorrect")
            let listing = try await Self.run(["open-link", folderURL, "--link-password"], environment: anonymous.merging(["PEERGOS_LINK_PASSWORD": "extra"]) { a, _ in a })
            #expect(listing.status == 0 && listing.text.contains("note.txt"), "\(listing)")

            // unlink: the link stops working.
            #expect(try await Self.run(["unlink", folderURL], environment: env).status == 0)
            Self.expectOneLineFailure(try await Self.run(["open-link", folderURL, "--link-password"], environment: anonymous.merging(["PEERGOS_LINK_PASSWORD": "extra"]) { a, _ in a }),
                                      containing: "No secret link present!")
        }
    }

    @Test("signup, login, mkdir, put, ls --json, get --range, cat, mv and rm against a server")
    func fileWorkflow() async throws {
        try await EmbeddedServer.with { server in
            let env = Self.account(server, "clialice", "correct horse battery")
            let local = try Self.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: local) }

            // signup prints the identity; login checks the password and prints the same.
            let signup = try await Self.run(["signup"], environment: env)
            #expect(signup.status == 0, "\(signup)")
            #expect(signup.text.contains("username: clialice"), "\(signup)")
            let identityLine = try #require(signup.text.split(separator: "\n").first { $0.hasPrefix("identity: ") }, "\(signup)")
            #expect(identityLine.count > "identity: ".count + 20, "\(signup)")

            let login = try await Self.run(["login"], environment: env)
            #expect(login.status == 0, "\(login)")
            #expect(login.text.contains(identityLine), "\(login)")

            var wrong = env
            wrong["PEERGOS_PASSWORD"] = "not the password"
            Self.expectOneLineFailure(try await Self.run(["login"], environment: wrong), containing: "incorrect username or password")

            // --password-file: first line, trailing newline stripped; it wins over the environment.
            let passwordFile = local.appendingPathComponent("password")
            try Data("correct horse battery\n".utf8).write(to: passwordFile)
            let fromFile = try await Self.run(["login", "--json", "--password-file", passwordFile.path], environment: wrong)
            #expect(fromFile.status == 0, "\(fromFile)")
            let identity = try JSONSerialization.jsonObject(with: fromFile.stdout) as? [String: String]
            #expect(identity?["username"] == "clialice", "\(fromFile)")
            #expect(identity.map { identityLine.hasSuffix($0["identity"] ?? "?") } == true, "\(fromFile)")

            // mkdir and put (a file of a few chunks' worth would be slow; 3000 bytes suffices).
            #expect(try await Self.run(["mkdir", "/clialice/docs"], environment: env).status == 0)
            let content = (0..<3000).map { UInt8(truncatingIfNeeded: $0 * 7 + $0 / 256) }
            let upload = local.appendingPathComponent("notes.txt")
            try Data(content).write(to: upload)
            let put = try await Self.run(["put", upload.path, "/clialice/docs/"], environment: env)
            #expect(put.status == 0, "\(put)")
            #expect(put.stderr.isEmpty, "progress is quiet when stderr is not a terminal: \(put)")

            // ls --json: DirectoryEntry values with sorted keys.
            let ls = try await Self.run(["ls", "--json", "/clialice/docs"], environment: env)
            #expect(ls.status == 0, "\(ls)")
            let entries = try JSONDecoder().decode([DirectoryEntry].self, from: ls.stdout)
            #expect(entries.map(\.name) == ["notes.txt"], "\(ls)")
            #expect(entries.first?.size == 3000 && entries.first?.isDirectory == false && entries.first?.mimeType == "text/plain", "\(ls)")
            #expect(ls.text.contains("\"isDirectory\" : false,\n    \"mimeType\""), "keys not sorted: \(ls)")

            // get --range START-END is inclusive-exclusive, to a local file and to standard output.
            let part = local.appendingPathComponent("part.bin")
            let get = try await Self.run(["get", "/clialice/docs/notes.txt", part.path, "--range", "100-1100"], environment: env)
            #expect(get.status == 0, "\(get)")
            #expect(try Data(contentsOf: part) == Data(content[100..<1100]))
            let tail = try await Self.run(["get", "/clialice/docs/notes.txt", "-", "--range", "2990-"], environment: env)
            #expect(tail.status == 0 && tail.stdout == Data(content[2990...]), "\(tail)")
            let whole = local.appendingPathComponent("whole")
            try FileManager.default.createDirectory(at: whole, withIntermediateDirectories: true)
            #expect(try await Self.run(["get", "/clialice/docs/notes.txt", whole.path], environment: env).status == 0)
            #expect(try Data(contentsOf: whole.appendingPathComponent("notes.txt")) == Data(content))
            #expect(try FileManager.default.contentsOfDirectory(atPath: whole.path) == ["notes.txt"], "no partial file left behind")
            Self.expectOneLineFailure(try await Self.run(["get", "/clialice/docs/notes.txt", "-", "--range", "10-3001"], environment: env),
                                      containing: "invalid range")
            let badRange = try await Self.run(["get", "/clialice/docs/notes.txt", "-", "--range", "9-3"], environment: env)
            #expect(badRange.status == 64, "a malformed range is a usage error: \(badRange)")

            // cat
            let cat = try await Self.run(["cat", "/clialice/docs/notes.txt"], environment: env)
            #expect(cat.status == 0 && cat.stdout == Data(content), "\(cat)")

            // mv renames; the old name is gone.
            #expect(try await Self.run(["mv", "/clialice/docs/notes.txt", "/clialice/docs/renamed.txt"], environment: env).status == 0)
            let afterMove = try await Self.run(["ls", "/clialice/docs"], environment: env)
            #expect(afterMove.status == 0 && afterMove.text == "renamed.txt\n", "\(afterMove)")
            Self.expectOneLineFailure(try await Self.run(["cat", "/clialice/docs/notes.txt"], environment: env), containing: "no such file")

            // rm: a folder needs -r; a file goes.
            Self.expectOneLineFailure(try await Self.run(["rm", "/clialice/docs"], environment: env), containing: "rm -r")
            #expect(try await Self.run(["rm", "/clialice/docs/renamed.txt"], environment: env).status == 0)
            let empty = try await Self.run(["ls", "--json", "/clialice/docs"], environment: env)
            #expect(empty.status == 0, "\(empty)")
            #expect(try JSONDecoder().decode([DirectoryEntry].self, from: empty.stdout).isEmpty, "\(empty)")
            #expect(try await Self.run(["rm", "-r", "/clialice/docs"], environment: env).status == 0)
            let home = try await Self.run(["ls", "/clialice"], environment: env)
            #expect(home.status == 0 && !home.text.contains("docs"), "\(home)")

            // quota and usage --json.
            let quota = try await Self.run(["quota", "--json"], environment: env)
            let quotaObject = try JSONSerialization.jsonObject(with: quota.stdout) as? [String: Any]
            #expect((quotaObject?["bytes"] as? Int ?? 0) > 0, "\(quota)")
            let usage = try await Self.run(["usage", "--json"], environment: env)
            #expect(usage.status == 0 && usage.text.contains("\"bytes\""), "\(usage)")

            // change-password takes the new one from the environment; the old one stops working.
            var change = env
            change["PEERGOS_NEW_PASSWORD"] = "a new password"
            let changed = try await Self.run(["change-password"], environment: change)
            #expect(changed.status == 0, "\(changed)")
            Self.expectOneLineFailure(try await Self.run(["login"], environment: env), containing: "incorrect username or password")
            var renewed = env
            renewed["PEERGOS_PASSWORD"] = "a new password"
            #expect(try await Self.run(["login"], environment: renewed).status == 0)
            // delete-account off a terminal needs --yes.
            Self.expectOneLineFailure(try await Self.run(["delete-account"], environment: renewed), containing: "--yes")
        }
    }
}
