import ArgumentParser
import Foundation
import PeergosClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The options every subcommand takes: where the server is and who is signing in.
///
/// There is deliberately no `--password` option: a password on the command line is visible to
/// every user of the machine (`ps`, `/proc/*/cmdline`) and lands in shell history. The password
/// comes from, in order: `--password-file FILE` (its first line), the `PEERGOS_PASSWORD`
/// environment variable, or a prompt without echo when standard input is a terminal.
struct GlobalOptions: ParsableArguments {
    static let defaultServer = "http://127.0.0.1:8000"

    @Option(help: ArgumentHelp("Peergos server URL (default: $PEERGOS_SERVER, else \(GlobalOptions.defaultServer)).", valueName: "url"))
    var server: String?

    @Option(help: ArgumentHelp("Account name (default: $PEERGOS_USERNAME).", valueName: "name"))
    var username: String?

    @Option(help: ArgumentHelp(
        "Read the password from the first line of this file (else $PEERGOS_PASSWORD, else a prompt on a terminal).",
        valueName: "file"))
    var passwordFile: String?

    func validate() throws {
        if let server, server.isEmpty { throw ValidationError("--server needs a URL") }
        if let server, !(server.hasPrefix("http://") || server.hasPrefix("https://")) {
            throw ValidationError("--server must be an http:// or https:// URL, not '\(server)'")
        }
        if let username, username.isEmpty { throw ValidationError("--username needs a name") }
        if let passwordFile, passwordFile.isEmpty { throw ValidationError("--password-file needs a file name") }
    }

    /// `--server`, else `$PEERGOS_SERVER`, else the local default.
    var serverURL: String {
        if let server { return server }
        if let env = Environment.value("PEERGOS_SERVER"), !env.isEmpty { return env }
        return Self.defaultServer
    }

    /// `--username`, else `$PEERGOS_USERNAME`.
    func requireUsername() throws -> String {
        if let username { return username }
        if let env = Environment.value("PEERGOS_USERNAME"), !env.isEmpty { return env }
        throw CommandFailure("no username: pass --username NAME or set PEERGOS_USERNAME")
    }

    /// The account password (see the type's documentation for where it comes from). `confirm`
    /// asks twice when prompting (for signup and new passwords).
    func readPassword(prompt: String = "Password: ", confirm: Bool = false) throws -> String {
        if let passwordFile { return try PasswordInput.firstLine(ofFile: passwordFile) }
        if let env = Environment.value("PEERGOS_PASSWORD") { return env }
        guard PasswordInput.stdinIsTerminal else {
            throw CommandFailure("no password: set PEERGOS_PASSWORD, pass --password-file FILE, or run from a terminal to be prompted")
        }
        return try PasswordInput.prompt(prompt, confirm: confirm)
    }

    func client() -> PeergosClient { PeergosClient(server: serverURL) }

    /// Signs in with the username and password.
    func login() async throws -> PeergosSession { try await loginKeepingPassword().session }

    /// Signs in, also answering the password (for calls that check it again).
    func loginKeepingPassword() async throws -> (session: PeergosSession, password: String) {
        let name = try requireUsername()
        let password = try readPassword(prompt: "Password for \(name): ")
        return (try await client().login(username: name, password: password), password)
    }
}

/// Environment lookups in one place.
enum Environment {
    static func value(_ name: String) -> String? { ProcessInfo.processInfo.environment[name] }
}

/// Reading secrets without echoing them.
enum PasswordInput {
    static var stdinIsTerminal: Bool { isatty(STDIN_FILENO) == 1 }

    /// The first line of `path`, without its line ending (`\n` or `\r\n`).
    static func firstLine(ofFile path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw CommandFailure("cannot read password file \(path)") }
        let text = String(decoding: data, as: UTF8.self)
        var line = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        if line.hasSuffix("\r") { line.removeLast() }
        return line
    }

    /// Prompts on the terminal with echo off (twice when `confirm`, which must then match).
    static func prompt(_ text: String, confirm: Bool) throws -> String {
        let first = try readHidden(text)
        if confirm {
            let second = try readHidden("Again: ")
            guard first == second else { throw CommandFailure("the passwords do not match") }
        }
        return first
    }

    /// One line from the controlling terminal with echo turned off (restored afterwards, also
    /// on error). Falls back to standard input when there is no /dev/tty.
    static func readHidden(_ prompt: String) throws -> String {
        let ttyFd = open("/dev/tty", O_RDWR | O_NOCTTY)
        let fd = ttyFd >= 0 ? ttyFd : STDIN_FILENO
        defer { if ttyFd >= 0 { close(ttyFd) } }
        let promptBytes = Array(prompt.utf8)
        _ = promptBytes.withUnsafeBytes { write(ttyFd >= 0 ? ttyFd : STDERR_FILENO, $0.baseAddress, $0.count) }

        var saved = termios()
        let haveTermios = tcgetattr(fd, &saved) == 0
        if haveTermios {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            quiet.c_lflag |= tcflag_t(ECHONL)
            _ = tcsetattr(fd, TCSAFLUSH, &quiet)
        }
        defer { if haveTermios { _ = tcsetattr(fd, TCSAFLUSH, &saved) } }

        var bytes: [UInt8] = []
        var byte: UInt8 = 0
        while true {
            let n = read(fd, &byte, 1)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 {
                if bytes.isEmpty { throw CommandFailure("no password entered") }
                break
            }
            if byte == UInt8(ascii: "\n") { break }
            bytes.append(byte)
        }
        if bytes.last == UInt8(ascii: "\r") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }
}
