import ArgumentParser
import Foundation
import PeergosClient

/// `peergos`: a Peergos client on the command line (files, sharing, social, secret links,
/// account), against any Peergos server.
@main
struct PeergosCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peergos",
        abstract: "A Peergos client: files, sharing, social, secret links and account on a Peergos server.",
        discussion: """
            Paths are absolute Peergos paths, /<owner>/<folder>/.../<name> (e.g. /alice/docs/file.txt).
            The server comes from --server, else $PEERGOS_SERVER, else \(GlobalOptions.defaultServer); the \
            account from --username, else $PEERGOS_USERNAME. The password is never an option: it is read \
            from --password-file FILE (first line), else $PEERGOS_PASSWORD, else prompted for without echo \
            when standard input is a terminal.
            Exit status is 0 on success; otherwise 1 with one line 'peergos: <message>' on standard error \
            (64 for a usage error).
            """,
        subcommands: Subcommands.all
    )
}

/// The subcommands, by group. Groups whose library calls are not in PeergosClient yet are compiled
/// only with their condition defined (see the file of each group).
enum Subcommands {
    static var all: [ParsableCommand.Type] {
        var commands: [ParsableCommand.Type] = [Signup.self, Login.self]
        commands += [List.self, MakeDirectory.self, Put.self, Get.self, Cat.self, Remove.self, Move.self]
        commands += social
        commands += links
        commands += [Quota.self, Usage.self]
        commands += account
        return commands
    }
}

/// A failure the command reports in one line (not an ArgumentParser usage error).
struct CommandFailure: Error, CustomStringConvertible {
    let description: String
    init(_ message: String) { description = message }
}

/// A subcommand whose work is `execute()`; `run()` turns any failure into one line
/// `peergos: <message>` on standard error and exit status 1, without a stack trace.
/// ArgumentParser's own errors (usage errors, `--help`, exit codes) pass through unchanged.
protocol PeergosSubcommand: AsyncParsableCommand {
    func execute() async throws
}

extension PeergosSubcommand {
    mutating func run() async throws {
        do {
            try await execute()
        } catch let error as ExitCode {
            throw error
        } catch let error as ValidationError {
            throw error
        } catch let error as CleanExit {
            throw error
        } catch {
            Output.error(Self.message(for: error))
            throw ExitCode.failure
        }
    }

    /// One line for any error.
    static func message(for error: Error) -> String {
        let text: String
        switch error {
        case let e as PeergosClientError: text = e.description
        case let e as CommandFailure: text = e.description
        case let e as CocoaError:
            if let path = e.filePath {
                text = "\(path): \(e.underlying.map { ($0 as NSError).localizedDescription } ?? e.localizedDescription)"
            } else {
                text = e.localizedDescription
            }
        case let e as CustomStringConvertible: text = e.description
        default: text = (error as NSError).localizedDescription
        }
        let oneLine = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        return oneLine.isEmpty ? "failed (\(type(of: error)))" : oneLine
    }
}

/// Writing to standard output and standard error.
enum Output {
    /// Writes bytes to standard output (a closed pipe is an error, not a crash).
    static func write(_ bytes: [UInt8]) throws {
        guard !bytes.isEmpty else { return }
        do {
            try FileHandle.standardOutput.write(contentsOf: bytes)
        } catch {
            throw CommandFailure("cannot write to standard output: \((error as NSError).localizedDescription)")
        }
    }

    static func line(_ text: String) throws { try write(Array((text + "\n").utf8)) }

    /// A message on standard error, prefixed `peergos: `.
    static func error(_ message: String) {
        FileHandle.standardError.write(Data("peergos: \(message)\n".utf8))
    }

    /// `value` as JSON with sorted keys (and one line feed after it).
    static func json<T: Encodable>(_ value: T) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        try write(Array(try encoder.encode(value)) + [UInt8(ascii: "\n")])
    }
}
