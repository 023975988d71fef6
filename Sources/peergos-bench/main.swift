import Foundation

/// peergos-bench: the workloads of ../shared/perf/WORKLOADS.md, each measured against a baseline in
/// the same run. Usage: `swift run -c release peergos-bench [--runs N] [--data DIR] [WORKLOAD...]`.
/// Workloads: scrypt, secretbox_5MiB, ed25519_147B, cbor, champ, mlkem1024, file_64MiB, server (default: all).
var args = Array(CommandLine.arguments.dropFirst())
var runs = 7
var dataDirectory: String? = nil
var selected: [String] = []
var champSizes = [1_000, 100_000, 1_000_000]
var serverRequests = 3000
var serverConcurrency = 8
while !args.isEmpty {
    let a = args.removeFirst()
    switch a {
    case "--runs": runs = Int(args.isEmpty ? "" : args.removeFirst()) ?? runs
    case "--data": dataDirectory = args.isEmpty ? nil : args.removeFirst()
    case "--champ-sizes": champSizes = (args.isEmpty ? "" : args.removeFirst()).split(separator: ",").compactMap { Int($0) }
    case "--server-requests": serverRequests = Int(args.isEmpty ? "" : args.removeFirst()) ?? serverRequests
    case "--server-concurrency": serverConcurrency = Int(args.isEmpty ? "" : args.removeFirst()) ?? serverConcurrency
    case "-h", "--help":
        print("usage: peergos-bench [--runs N] [--data DIR] [--champ-sizes 1000,100000,1000000] [--server-requests N] [--server-concurrency C] [\(all.joined(separator: "|")) ...]")
        exit(0)
    default: selected.append(a)
    }
}
let all = ["scrypt", "secretbox_5MiB", "ed25519_147B", "cbor", "champ", "mlkem1024", "file_64MiB", "server"]
if selected.isEmpty { selected = all }
let unknown = selected.filter { !all.contains($0) }
if !unknown.isEmpty {
    FileHandle.standardError.write(Data("peergos-bench: unknown workload(s) \(unknown.joined(separator: ", ")); known: \(all.joined(separator: ", "))\n".utf8))
    exit(2)
}
let directory = dataDirectory ?? (FileManager.default.fileExists(atPath: "../shared/perf/cryptree_dir.cbor") ? "../shared/perf" : "Benchmarks/workloads")

#if DEBUG
print("# warning: debug build; use `swift run -c release peergos-bench` for real figures")
#endif
print("# peergos-bench: \(runs) runs per figure after a warm-up; median, min, max")
let harness = Harness(runs: runs)
var ratios: [Ratio] = []
do {
    for workload in selected {
        print("# \(workload)")
        switch workload {
        case "scrypt": ratios += try PrimitiveWorkloads.scrypt(harness)
        case "secretbox_5MiB": ratios += try PrimitiveWorkloads.secretbox(harness)
        case "ed25519_147B": ratios += try PrimitiveWorkloads.ed25519(harness)
        case "cbor": ratios += try CborWorkload.run(harness, directory: directory)
        case "champ": ratios += try ProtocolWorkloads.champ(harness, sizes: champSizes)
        case "mlkem1024": ratios += try ProtocolWorkloads.mlkem(harness)
        case "file_64MiB": ratios += try ProtocolWorkloads.file64(harness)
        case "server": ratios += try await ServerWorkload.run(rounds: min(runs, 3), requests: serverRequests, concurrency: serverConcurrency)
        default: break
        }
    }
} catch {
    FileHandle.standardError.write(Data("peergos-bench: \(error)\n".utf8))
    exit(1)
}
print("# ratios")
for r in ratios { r.print() }
let missed = ratios.filter { !$0.met }
print(missed.isEmpty ? "# all targets met" : "# targets NOT met: \(missed.map { "\($0.workload)/\($0.metric)" }.joined(separator: ", "))")
