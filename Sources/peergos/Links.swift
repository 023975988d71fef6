import ArgumentParser
import Foundation
import PeergosClient

// Secret links: link, open-link, unlink.

/// The extra password of a secret link (`--link-password`): `$PEERGOS_LINK_PASSWORD`, else a
/// prompt without echo on a terminal, else the first line of standard input.
enum LinkPassword {
    static func read(confirm: Bool) throws -> String {
        if let env = Environment.value("PEERGOS_LINK_PASSWORD") { return env }
        if PasswordInput.stdinIsTerminal { return try PasswordInput.prompt("Link password: ", confirm: confirm) }
        guard let line = readLine(strippingNewline: true) else { throw CommandFailure("no link password: set PEERGOS_LINK_PASSWORD or give it on standard input") }
        return line.hasSuffix("\r") ? String(line.dropLast()) : line
    }
}

/// `--expires`: an ISO 8601 date-time (`2030-01-31T12:00:00Z`) or a date (`2030-01-31`, midnight UTC).
struct ExpiryDate: ExpressibleByArgument {
    let date: Date

    init?(argument: String) {
        let full = ISO8601DateFormatter()
        if let d = full.date(from: argument) { date = d; return }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let d = day.date(from: argument) { date = d; return }
        return nil
    }
}

extension Subcommands {
    static var links: [ParsableCommand.Type] { [Link.self, OpenLink.self, Unlink.self] }
}

struct Link: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Create a secret link to a file or folder; the link is the last line of standard output.",
        discussion: "Anyone with the link (and its --link-password, if set) can open it with 'peergos open-link', no account needed.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("What to link to.", valueName: "path")) var path: String
    @Flag(help: "Let the link's holders write, not only read.") var write = false
    @Option(help: ArgumentHelp("When the link stops working: 2030-01-31 or 2030-01-31T12:00:00Z.", valueName: "date")) var expires: ExpiryDate?
    @Option(help: ArgumentHelp("How many times the link can be opened.", valueName: "n")) var maxRetrievals: Int?
    @Flag(help: "Also require an extra password ($PEERGOS_LINK_PASSWORD, else a prompt, else standard input).") var linkPassword = false

    func validate() throws {
        if let maxRetrievals, maxRetrievals < 1 { throw ValidationError("--max-retrievals must be at least 1, not \(maxRetrievals)") }
        if let expires, expires.date <= Date() { throw ValidationError("--expires must be in the future") }
    }

    func execute() async throws {
        let session = try await global.login()
        let extra = linkPassword ? try LinkPassword.read(confirm: true) : nil
        let link = try await session.createSecretLink(path, writable: write, expiry: expires?.date, maxRetrievals: maxRetrievals,
                                                      userPassword: extra ?? "")
        try Output.line(link.url)
    }
}

struct OpenLink: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "open-link",
        abstract: "Open a secret link (no account needed): download a file, or list a folder.",
        discussion: "LOCAL is a local file or folder, or '-' (the default) for standard output.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The link (http://host/secret/...#... or secret/...#...).", valueName: "link")) var link: String
    @Argument(help: ArgumentHelp("Local file or folder, or '-' for standard output.", valueName: "local")) var local: String = "-"
    @Flag(help: "The link needs an extra password ($PEERGOS_LINK_PASSWORD, else a prompt, else standard input).") var linkPassword = false
    @Flag(help: "Print a folder's listing as JSON (sorted keys).") var json = false

    func execute() async throws {
        let extra = linkPassword ? try LinkPassword.read(confirm: false) : nil
        let opened = try await global.client().openSecretLink(link, userPassword: extra ?? "")
        if !opened.isDirectory {
            try await Download.run(name: opened.name, size: { opened.node.properties.size }, to: local, range: nil) { range, progress, sink in
                try await opened.download(range: range, progress: progress, to: sink)
            }
            return
        }
        let entries = try await opened.list()
        if json {
            try Output.json(entries)
        } else {
            for e in entries { try Output.line(e.isDirectory ? e.name + "/" : e.name) }
        }
    }
}

struct Unlink: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Delete a secret link you made (it stops working).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("The link.", valueName: "link")) var link: String

    func execute() async throws {
        let session = try await global.login()
        try await session.deleteSecretLink(link)
    }
}
