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

// Files and folders: ls, mkdir, put, get, cat, rm, mv.

struct List: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "ls",
        abstract: "List a folder (or describe one file).",
        discussion: "Folders are shown with a trailing '/'. --json prints an array of {isDirectory, mimeType, modified (epoch seconds), name, size}."
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Folder, e.g. /alice/docs (default: your home folder).", valueName: "path")) var path: String?
    @Flag(name: [.short, .long], help: "Long form: kind, size, modification time (UTC), MIME type, name.") var long = false
    @Flag(name: [.short, .long], help: "Also show names starting with '.' (the client's own folders).") var all = false
    @Flag(help: "Print JSON (sorted keys).") var json = false

    func execute() async throws {
        let session = try await global.login()
        let folder = path ?? "/\(session.username)"
        let named = (folder as NSString).lastPathComponent  // `ls /alice/.x` on a file still shows it
        let entries = try await session.list(folder)
            .filter { all || !$0.name.hasPrefix(".") || $0.name == named }
            .sorted { $0.name < $1.name }
        if json { return try Output.json(entries) }
        for e in entries {
            let name = e.isDirectory ? e.name + "/" : e.name
            if long {
                let size = e.isDirectory ? "-" : String(e.size)
                try Output.line("\(e.isDirectory ? "d" : "-") \(String(repeating: " ", count: max(0, 12 - size.count)))\(size) \(Format.time(e.modified)) \(e.isDirectory ? "-" : e.mimeType)\t\(name)")
            } else {
                try Output.line(name)
            }
        }
    }
}

struct MakeDirectory: PeergosSubcommand {
    static let configuration = CommandConfiguration(commandName: "mkdir", abstract: "Create a folder (its parent must exist).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("New folder, e.g. /alice/docs.", valueName: "path")) var path: String

    func execute() async throws {
        let session = try await global.login()
        try await session.mkdir(path)
    }
}

struct Put: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "put",
        abstract: "Upload a local file.",
        discussion: """
            PATH is the file to write (replacing a file of that name); if it ends with '/' or names an existing \
            folder, the file goes into that folder under its local name. LOCAL '-' reads standard input \
            (in memory; PATH must then name the file). A progress bar is drawn on standard error when it is a terminal.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("Local file, or '-' for standard input.", valueName: "local")) var local: String
    @Argument(help: ArgumentHelp("Destination, e.g. /alice/docs/file.txt or /alice/docs/.", valueName: "path")) var path: String
    @Option(help: ArgumentHelp("MIME type to record (default: from the file name's extension).", valueName: "type")) var mimeType: String?
    @Flag(help: ArgumentHelp(TransferStats.help)) var stats = false

    func execute() async throws {
        _ = TransferMemory.tuned
        let source: UploadSource
        let localName: String?
        if local == "-" {
            source = BytesSource([UInt8](FileHandle.standardInput.readDataToEndOfFile()))
            localName = nil
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory) else { throw CommandFailure("\(local): no such file") }
            guard !isDirectory.boolValue else { throw CommandFailure("\(local) is a folder (put uploads one file)") }
            source = try FileSource(path: local)
            localName = (local as NSString).lastPathComponent
        }
        let session = try await global.login()
        var target = path
        if path.hasSuffix("/") {
            guard let localName else { throw CommandFailure("with '-' as input, \(path) must name the file, not a folder") }
            target = path + localName
        } else if let localName, let existing = try? await session.resolve(path), existing.isDirectory {
            target = path + "/" + localName
        }
        let type = mimeType ?? (local == "-" ? MimeTypes.guess(target) : MimeTypes.guess(local))
        let bar = ProgressBar(label: (target as NSString).lastPathComponent)
        let counter = stats ? TransferStats() : nil
        counter?.start()
        do {
            try await session.upload(target, from: source, mimeType: type, progress: bar.callback)
        } catch {
            bar.finish()
            throw error
        }
        bar.finish()
        counter?.set(source.size)
        counter?.report()
    }
}

/// `START-END` (bytes START up to but not including END) or `START-` (to the end of the file).
struct ByteRange: ExpressibleByArgument, CustomStringConvertible {
    let start: Int64
    let end: Int64?

    init?(argument: String) {
        let parts = argument.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard parts.count == 2, let start = Int64(parts[0]), start >= 0 else { return nil }
        if parts[1].isEmpty {
            end = nil
        } else {
            guard let end = Int64(parts[1]), end >= start else { return nil }
            self.end = end
        }
        self.start = start
    }

    var description: String { "\(start)-\(end.map(String.init) ?? "")" }

    /// The library's range for a file of `size` bytes (asks for the size only when open-ended).
    func resolved(size: () async throws -> Int64) async throws -> Range<Int64> {
        if let end { return start..<end }
        let size = try await size()
        guard start <= size else { throw PeergosClientError.invalidRange("\(start)- of a \(size)-byte file") }
        return start..<size
    }
}

/// Streams a file (or a range of it) to standard output or a local file.
enum Download {
    static let rangeHelp = ArgumentHelp(
        "Only bytes START up to but not including END (START-END, counted from 0), or from START to the end (START-).",
        valueName: "start-end")

    /// Writes `path` to `local` ('-' is standard output). A local file is written beside its
    /// final name and renamed into place only when complete; an existing folder receives the
    /// file under its Peergos name.
    static func run(_ session: PeergosSession, path: String, to local: String, range: ByteRange?, stats: TransferStats? = nil) async throws {
        try await run(name: (path as NSString).lastPathComponent, size: { try await session.resolve(path).properties.size },
                      to: local, range: range, stats: stats) { wanted, progress, sink in
            try await session.download(path, range: wanted, progress: progress, to: sink)
        }
    }

    /// The same for any source of a file's bytes (a path of ours, or a secret link). With `stats`,
    /// the bytes written are counted and its line printed once the file is complete.
    static func run(name: String, size: () async throws -> Int64, to local: String, range: ByteRange?, stats: TransferStats? = nil,
                    download: (Range<Int64>?, TransferProgress?, ([UInt8]) async throws -> Void) async throws -> Void) async throws {
        stats?.start()
        let wanted: Range<Int64>? = try await range?.resolved { try await size() }
        if local == "-" {
            // Draw progress only if it cannot interleave with the data on the same terminal.
            let bar = ProgressBar(label: name, enabled: isatty(STDERR_FILENO) == 1 && isatty(STDOUT_FILENO) == 0)
            do {
                try await download(wanted, bar.callback) { bytes in
                    try Output.write(bytes)
                    stats?.add(bytes.count)
                }
            } catch {
                bar.finish()
                throw error
            }
            bar.finish()
            stats?.report()
            return
        }
        var target = local
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: local, isDirectory: &isDirectory), isDirectory.boolValue {
            target = (local as NSString).appendingPathComponent(name)
        }
        let folder = (target as NSString).deletingLastPathComponent
        let partial = ((folder.isEmpty ? "." : folder) as NSString)
            .appendingPathComponent(".\((target as NSString).lastPathComponent).peergos-partial-\(getpid())")
        guard FileManager.default.createFile(atPath: partial, contents: nil) else { throw CommandFailure("cannot create \(partial)") }
        guard let handle = FileHandle(forWritingAtPath: partial) else { throw CommandFailure("cannot write \(partial)") }
        let bar = ProgressBar(label: name)
        do {
            try await download(wanted, bar.callback) { bytes in
                try handle.write(contentsOf: bytes)
                stats?.add(bytes.count)
            }
            try handle.close()
            bar.finish()
            guard rename(partial, target) == 0 else { throw CommandFailure("cannot rename \(partial) to \(target): \(String(cString: strerror(errno)))") }
            stats?.report()
        } catch {
            bar.finish()
            try? handle.close()
            try? FileManager.default.removeItem(atPath: partial)
            throw error
        }
    }
}

struct Get: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "get",
        abstract: "Download a file to a local file, or '-' for standard output.",
        discussion: """
            The local file appears only once complete (it is written beside it first). If LOCAL is an existing \
            folder the file goes into it under its own name. --range START-END is inclusive-exclusive: \
            '--range 0-100' is the first 100 bytes; 'START-' reads to the end. A progress bar is drawn on \
            standard error when it is a terminal.
            """
    )

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("File, e.g. /alice/docs/file.txt.", valueName: "path")) var path: String
    @Argument(help: ArgumentHelp("Local file or folder, or '-' for standard output.", valueName: "local")) var local: String
    @Option(help: Download.rangeHelp) var range: ByteRange?
    @Flag(help: ArgumentHelp(TransferStats.help)) var stats = false

    func execute() async throws {
        _ = TransferMemory.tuned
        let session = try await global.login()
        try await Download.run(session, path: path, to: local, range: range, stats: stats ? TransferStats() : nil)
    }
}

struct Cat: PeergosSubcommand {
    static let configuration = CommandConfiguration(commandName: "cat", abstract: "Print a file to standard output.")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("File, e.g. /alice/docs/file.txt.", valueName: "path")) var path: String
    @Option(help: Download.rangeHelp) var range: ByteRange?

    func execute() async throws {
        let session = try await global.login()
        try await Download.run(session, path: path, to: "-", range: range)
    }
}

struct Remove: PeergosSubcommand {
    static let configuration = CommandConfiguration(commandName: "rm", abstract: "Remove a file (or, with -r, a folder and everything in it).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("File or folder, e.g. /alice/docs/file.txt.", valueName: "path")) var path: String
    @Flag(name: [.short, .long], help: "Allow removing a folder with everything in it.") var recursive = false

    func execute() async throws {
        let session = try await global.login()
        if !recursive, try await session.resolve(path).isDirectory {
            throw CommandFailure("\(path) is a folder (use rm -r to remove it and everything in it)")
        }
        try await session.remove(path)
    }
}

struct Move: PeergosSubcommand {
    static let configuration = CommandConfiguration(
        commandName: "mv",
        abstract: "Move or rename a file or folder (into DST if it is an existing folder).")

    @OptionGroup var global: GlobalOptions
    @Argument(help: ArgumentHelp("What to move.", valueName: "src")) var source: String
    @Argument(help: ArgumentHelp("New path, or an existing folder to move into.", valueName: "dst")) var destination: String

    func execute() async throws {
        let session = try await global.login()
        try await session.move(source, to: destination)
    }
}

/// Keeps a transfer's resident set bounded by what it holds, not by what it once held.
enum TransferMemory {
    /// Makes glibc serve allocations of 1 MiB and more (5 MiB chunks and their copies, 1 MiB
    /// fragments, request bodies) by mmap and unmap them when freed. By default glibc raises its
    /// mmap threshold to the largest block freed so far (here a 5 MiB chunk), after which such
    /// buffers come from per-thread heaps that keep freed memory for reuse; with the tasks of an
    /// upload hopping between threads, the heaps grow apart. Measured on a 256 MiB put (debug
    /// build, `--stats`): 83-98 MB peak resident by default, about 67 MB with the fixed threshold.
    /// A no-op where the C library has no mallopt (not glibc). Answers whether the setting took:
    /// when it did not, transfers still work, with glibc's default memory behaviour (and
    /// `--stats` says so).
    /// Whether the setting took; the first use applies it (once per process).
    static let tuned: Bool = returnLargeBuffersToSystem()

    static func returnLargeBuffersToSystem() -> Bool {
        #if os(Linux)
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return false }
        let mMmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in <malloc.h>; setting it also stops the dynamic adjustment
        return unsafeBitCast(symbol, to: Mallopt.self)(mMmapThreshold, 1 << 20) == 1  // mallopt answers 1 on success, 0 on error
        #else
        return false
        #endif
    }
}

/// Shared formatting.
enum Format {
    /// Epoch seconds as `yyyy-MM-dd HH:mm` in UTC.
    static func time(_ seconds: Int64) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyy-MM-dd HH:mm"
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }
}
