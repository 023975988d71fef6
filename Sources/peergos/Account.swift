import ArgumentParser
import Foundation
import PeergosClient

// The account: signup, login, quota, usage, (change-password, delete-account).

/// What `signup` and `login` print, and `login --json`.
struct Identity: Encodable {
    let username: String
    let identity: String
    let server: String

    init(_ session: PeergosSession) {
        username = session.username
        identity = session.id.description
        server = session.client.origin
    }

    func print(json: Bool) throws {
        if json { return try Output.json(self) }
        try Output.line("username: \(username)")
        try Output.line("identity: \(identity)")
    }
}

struct Signup: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Create an account on the server and print its identity.",
        discussion: "When prompted, the password is asked for twice.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let name = try global.requireUsername()
        let password = try global.readPassword(prompt: "New password for \(name): ", confirm: true)
        guard !password.isEmpty else { throw CommandFailure("the password cannot be empty") }
        let session = try await global.client().signup(username: name, password: password)
        try Identity(session).print(json: json)
    }
}

struct Login: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Check the username and password; print the identity (username and identity key hash).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        try Identity(try await global.login()).print(json: json)
    }
}

/// `quota` and `usage` output.
struct Bytes: Encodable {
    let bytes: Int64
    let username: String

    func print(json: Bool) throws {
        if json { return try Output.json(self) }
        try Output.line("\(bytes) bytes (\(ProgressBar.bytes(bytes)))")
    }
}

struct Quota: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Print the account's storage quota in bytes.", discussion: "--json prints {bytes, username}.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let session = try await global.login()
        try Bytes(bytes: try await session.quota(), username: session.username).print(json: json)
    }
}

struct Usage: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Print the bytes the account uses.", discussion: "--json prints {bytes, username}.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let session = try await global.login()
        try Bytes(bytes: try await session.usage(), username: session.username).print(json: json)
    }
}

extension Subcommands {
    static var account: [ParsableCommand.Type] { [ChangePassword.self, DeleteAccount.self] }
}

struct ChangePassword: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "change-password",
        abstract: "Change the account password.",
        discussion: "The current password is read as usual; the new one from $PEERGOS_NEW_PASSWORD, else a prompt (asked twice).")

    @OptionGroup var global: GlobalOptions

    func execute() async throws {
        let (session, old) = try await global.loginKeepingPassword()
        let new: String
        if let env = Environment.value("PEERGOS_NEW_PASSWORD") {
            new = env
        } else {
            guard PasswordInput.stdinIsTerminal else { throw CommandFailure("no new password: set PEERGOS_NEW_PASSWORD or run from a terminal") }
            new = try PasswordInput.prompt("New password: ", confirm: true)
        }
        guard !new.isEmpty else { throw CommandFailure("the password cannot be empty") }
        _ = try await session.changePassword(from: old, to: new)
    }
}

struct DeleteAccount: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "delete-account",
        abstract: "Delete the account and everything in it, for good.",
        discussion: "Asks to type the username to confirm, unless --yes is given.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "Do not ask for confirmation.") var yes = false

    func execute() async throws {
        let (session, password) = try await global.loginKeepingPassword()
        if !yes {
            guard PasswordInput.stdinIsTerminal else { throw CommandFailure("refusing to delete \(session.username) without --yes when not on a terminal") }
            FileHandle.standardError.write(Data("Type the username (\(session.username)) to delete the account and all its files: ".utf8))
            guard readLine() == session.username else { throw CommandFailure("not confirmed; nothing deleted") }
        }
        try await session.deleteAccount(password: password)
    }
}
