import ArgumentParser
import Foundation

/// `peergos-bench`: the workloads of ../shared/perf/WORKLOADS.md, each measured against a baseline
/// in the same run. Every option is validated before any workload starts: a bad value is a usage
/// error (exit 64), never a trap or a silently ignored setting.
@main
struct PeergosBenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "peergos-bench",
        abstract: "Benchmark the Peergos workloads against same-run baselines (raw libsodium, SQLite, ...).",
        discussion: "Use `swift run -c release peergos-bench` for real figures. Prints RESULT and RATIO lines."
    )

    /// Upper bounds that keep a run finite and its arithmetic far from overflow.
    static let maximumRuns = 10_000
    static let maximumChampSize = 10_000_000
    static let maximumServerRequests = 100_000  // each request puts a fresh 4 KiB block, two sets a round
    static let maximumServerReadRequests = 10_000_000
    static let maximumServerConcurrency = 1_024

    @Option(name: .long, help: "Measured runs per figure after one warm-up (1...\(maximumRuns)).")
    var runs = 7

    @Option(name: .long, help: "Folder with the workload inputs (default: ../shared/perf if present, else Benchmarks/workloads).")
    var data: String?

    @Option(name: .long, help: "CHAMP sizes, a comma-separated list of positive counts (default: 1000,100000,1000000).", transform: ChampSizes.parse)
    var champSizes: [Int] = [1_000, 100_000, 1_000_000]

    @Option(name: .long, help: "Block puts per server measurement (1...\(maximumServerRequests)).")
    var serverRequests = 3000

    @Option(name: .long, help: "Requests per server read measurement (api/v0/id, block/get; 2...\(maximumServerReadRequests)).")
    var serverReadRequests = 20_000

    @Option(name: .long, help: "Keep-alive connections of the server workload (1...\(maximumServerConcurrency)).")
    var serverConcurrency = 16

    @Option(name: .long, help: "Measure the Peergos server at this http:// URL (ours or another) instead of the embedded one; signs up a throw-away user.")
    var serverUrl: String?

    @Argument(help: "Workloads to run (default: all).")
    var workloads: [Workload] = []

    func validate() throws {
        guard (1...Self.maximumRuns).contains(runs) else { throw ValidationError("--runs must be between 1 and \(Self.maximumRuns), not \(runs)") }
        guard !champSizes.isEmpty else { throw ValidationError("--champ-sizes needs at least one size") }
        for n in champSizes where !(1...Self.maximumChampSize).contains(n) {
            throw ValidationError("--champ-sizes values must be between 1 and \(Self.maximumChampSize), not \(n)")
        }
        guard (1...Self.maximumServerRequests).contains(serverRequests) else {
            throw ValidationError("--server-requests must be between 1 and \(Self.maximumServerRequests), not \(serverRequests)")
        }
        guard (2...Self.maximumServerReadRequests).contains(serverReadRequests) else {
            throw ValidationError("--server-read-requests must be between 2 and \(Self.maximumServerReadRequests), not \(serverReadRequests)")
        }
        if let serverUrl {
            guard let url = URL(string: serverUrl), url.scheme == "http", url.host?.isEmpty == false else {
                throw ValidationError("--server-url must be an http://host[:port] URL, not \(serverUrl)")
            }
        }
        guard (1...Self.maximumServerConcurrency).contains(serverConcurrency) else {
            throw ValidationError("--server-concurrency must be between 1 and \(Self.maximumServerConcurrency), not \(serverConcurrency)")
        }
        if let data, data.isEmpty { throw ValidationError("--data needs a folder") }
    }

    func run() async throws {
        let selected = workloads.isEmpty ? Workload.allCases : workloads
        let directory = data ?? (FileManager.default.fileExists(atPath: "../shared/perf/cryptree_dir.cbor") ? "../shared/perf" : "Benchmarks/workloads")
        #if DEBUG
        print("# warning: debug build; use `swift run -c release peergos-bench` for real figures")
        #endif
        print("# peergos-bench: \(runs) runs per figure after a warm-up; median, min, max")
        let harness = Harness(runs: runs)
        var ratios: [Ratio] = []
        do {
            for workload in selected {
                print("# \(workload.rawValue)")
                switch workload {
                case .sha256Large: ratios += try HashWorkloads.sha256(harness, size: 1 << 20, workload: workload.rawValue)
                case .sha256Small: ratios += try HashWorkloads.sha256(harness, size: 64, workload: workload.rawValue)
                case .scrypt: ratios += try PrimitiveWorkloads.scrypt(harness)
                case .secretbox: ratios += try PrimitiveWorkloads.secretbox(harness)
                case .ed25519: ratios += try PrimitiveWorkloads.ed25519(harness)
                case .cbor: ratios += try CborWorkload.run(harness, directory: directory)
                case .champ: ratios += try ChampWorkload.run(harness, sizes: champSizes)
                case .mlkem: ratios += try ProtocolWorkloads.mlkem(harness)
                case .file: ratios += try ProtocolWorkloads.file64(harness)
                case .server:
                    ratios += try await ServerWorkload.run(rounds: min(runs, 3), putRequests: serverRequests, getRequests: serverReadRequests,
                                                           concurrency: serverConcurrency, serverURL: serverUrl)
                case .upload, .download:
                    // One run measures both directions (a download needs an upload); report the selected ones.
                    let directions = Set(selected.compactMap { ClientWorkload.Direction(rawValue: $0.rawValue) })
                    if workload == .download && directions.contains(.upload) { continue }
                    ratios += try await ClientWorkload.run(harness, rounds: min(runs, 3), report: directions)
                }
            }
        } catch {
            FileHandle.standardError.write(Data("peergos-bench: \(error)\n".utf8))
            throw ExitCode.failure
        }
        print("# ratios")
        for r in ratios { r.print() }
        let missed = ratios.filter { !$0.met }
        print(missed.isEmpty ? "# all targets met" : "# targets NOT met: \(missed.map { "\($0.workload)/\($0.metric)" }.joined(separator: ", "))")
    }
}

/// A workload of ../shared/perf/WORKLOADS.md, named as there.
enum Workload: String, CaseIterable, ExpressibleByArgument {
    /// SHA-256 of one 1 MiB buffer and of a 64-byte one (not in WORKLOADS.md; issue 11).
    case sha256Large = "sha256_1MiB"
    case sha256Small = "sha256_64B"
    case scrypt
    case secretbox = "secretbox_5MiB"
    case ed25519 = "ed25519_147B"
    case cbor
    case champ
    case mlkem = "mlkem1024"
    case file = "file_64MiB"
    case server
    /// The client library against the in-process server: a 64 MiB upload, and its download.
    case upload
    case download
}

/// Parses `--champ-sizes`: comma-separated decimal counts. A part that is not a number is an error
/// (reported as a usage error), not dropped.
enum ChampSizes {
    static func parse(_ text: String) throws -> [Int] {
        try text.split(separator: ",", omittingEmptySubsequences: false).map { part in
            let trimmed = part.trimmingCharacters(in: .whitespaces)
            guard let n = Int(trimmed) else { throw ValidationError("\"\(trimmed)\" in --champ-sizes is not a whole number") }
            return n
        }
    }
}
