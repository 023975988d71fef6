import ArgumentParser
import Foundation
import PeergosClient

// Social and sharing: follow, requests, accept, reject, followers, following, share, unshare, shared.

extension Subcommands {
    static var social: [ParsableCommand.Type] {
        [Follow.self, Requests.self, Accept.self, Reject.self, Followers.self, Following.self] + sharing
    }
}

/// Prints a list of names, or JSON.
private func printNames(_ names: [String], json: Bool) throws {
    let sorted = names.sorted()
    if json { return try Output.json(sorted) }
    for name in sorted { try Output.line(name) }
}

struct Follow: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Send a follow request to a user.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Who to follow.", valueName: "user")) var user: String

    func execute() async throws {
        let session = try await global.login()
        try await session.follow(user)
    }
}

struct Requests: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "List follow requests waiting for an answer.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    /// One request in `requests --json`.
    struct Request: Encodable {
        let from: String
        /// An answer to a request of ours (already handled; shown once for information).
        let isReply: Bool
        let accepted: Bool
        let reciprocated: Bool
    }

    func execute() async throws {
        let session = try await global.login()
        let requests = try await session.followRequests()
            .map { Request(from: $0.from, isReply: $0.isReply, accepted: $0.accepted, reciprocated: $0.reciprocated) }
            .sorted { ($0.isReply ? 1 : 0, $0.from) < ($1.isReply ? 1 : 0, $1.from) }
        if json { return try Output.json(requests) }
        for r in requests {
            if !r.isReply {
                try Output.line("\(r.from) asks to follow you (peergos accept \(r.from) / peergos reject \(r.from))")
            } else {
                let outcome = r.accepted ? (r.reciprocated ? "accepted your request and follows you back" : "accepted your request")
                    : (r.reciprocated ? "declined your request but follows you" : "declined your request")
                try Output.line("\(r.from) \(outcome)")
            }
        }
    }
}

struct Accept: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Accept a user's follow request (and follow them back).")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Whose request.", valueName: "user")) var user: String

    func execute() async throws {
        let session = try await global.login()
        try await session.accept(user)
    }
}

struct Reject: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Reject a user's follow request.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Whose request.", valueName: "user")) var user: String

    func execute() async throws {
        let session = try await global.login()
        try await session.reject(user)
    }
}

struct Followers: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "List the users who follow you.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let session = try await global.login()
        try printNames(try await session.followers(), json: json)
    }
}

struct Following: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "List the users you follow.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let session = try await global.login()
        try printNames(try await session.following(), json: json)
    }
}


extension Subcommands {
    static var sharing: [ParsableCommand.Type] { [Share.self, Unshare.self, Shared.self] }
}

struct Share: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "Share a file or folder with a user who follows you (read access, or write access with --write).",
        discussion: "Sharing for writing first moves the item to a signing key of its own, as upstream Peergos does.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("What to share, in your own tree.", valueName: "path")) var path: String
    @Option(name: .customLong("with"), help: ArgumentHelp("Who to share it with (one of your followers).", valueName: "user")) var user: String
    @Flag(help: "Let them write, not only read.") var write = false

    func execute() async throws {
        let session = try await global.login()
        if write {
            try await session.shareWriteAccess(path, with: user)
        } else {
            try await session.share(path, with: user)
        }
    }
}

struct Unshare: PeergosSubcommand {
    static let configuration = CommandConfiguration(abstract: "Stop sharing a file or folder with a user.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("What to stop sharing.", valueName: "path")) var path: String
    @Option(name: .customLong("from"), help: ArgumentHelp("Who loses access.", valueName: "user")) var user: String

    func execute() async throws {
        let session = try await global.login()
        try await session.unshare(path, from: user)
    }
}

struct Shared: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        abstract: "List what the users you follow have shared with you.",
        discussion: "Folders end with '/'. --json prints an array of {isDirectory, owner, path}.")
    @OptionGroup var global: GlobalOptions
    @Flag(help: "Print JSON (sorted keys).") var json = false

    struct Item: Encodable {
        let isDirectory: Bool
        let owner: String
        let path: String
    }

    func execute() async throws {
        let session = try await global.login()
        let items = try await session.sharedWithMe()
            .map { Item(isDirectory: $0.isDirectory, owner: $0.owner, path: $0.path.description) }
            .sorted { $0.path < $1.path }
        if json { return try Output.json(items) }
        for item in items { try Output.line(item.isDirectory ? item.path + "/" : item.path) }
    }
}
