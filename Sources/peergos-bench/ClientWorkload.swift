import Foundation
import PeergosClient
import PeergosCrypto
import PeergosServer
#if canImport(Glibc)
import Glibc
#endif

/// Workload `client`: the client library against the reference server in this process (real
/// HTTP on loopback, SQLite): a throw-away account uploads a 64 MiB in-memory buffer (5 MiB
/// chunks, encrypted, fragments sent as they are made, one commit) and downloads it again
/// (every fragment checked against its CID, every chunk's MAC), over a few rounds after a warm-up.
/// Limit in the same run: `file_64MiB`, the cryptree's own encrypt and decrypt of 64 MiB with no
/// network or storage (ProtocolWorkloads.file64), which no upload or download can beat.
/// Also reported: the process's peak resident set during the rounds (VmHWM, reset after signup so
/// the login's 128 MiB scrypt is not counted; it includes the in-process server and the buffer).
enum ClientWorkload {
    static let size = 64 * 1024 * 1024

    static func run(_ harness: Harness, rounds: Int) async throws -> [Ratio] {
        let loopback = try await LoopbackServer.start(label: "peergos-bench-client", defaultQuota: .max)

        let megabytes = Double(size) / 1e6
        let content = SystemRandom.shared.bytes(size)
        var uploads: [Double] = [], downloads: [Double] = []
        var peak: Int64? = nil
        do {
            let client = PeergosClient(server: loopback.origin, timeout: .seconds(600))
            let session = try await client.signup(username: "benchclient", password: "a throw-away bench password")
            let markReset = PeakResidentSet.reset()
            for round in 0...rounds {  // round 0 warms up and is not counted
                let path = "/benchclient/file-\(round).bin"
                let up = try await seconds {
                    try await session.upload(path, from: BytesSource(content), mimeType: "application/octet-stream")
                }
                var received = 0
                var same = true
                let down = try await seconds {
                    try await session.download(path) { bytes in
                        if same, received + bytes.count <= content.count {
                            same = bytes.withUnsafeBufferPointer { b in
                                content.withUnsafeBufferPointer { c in b.isEmpty || memcmp(b.baseAddress!, c.baseAddress! + received, b.count) == 0 }
                            }
                        }
                        received += bytes.count
                    }
                }
                guard received == size, same else {
                    throw WorkloadMismatch(description: "client: downloaded \(received) bytes\(same ? "" : " differing from those uploaded")")
                }
                print("# client round \(round): upload \(fmt(megabytes / up)) MB/s (\(fmt(up)) s), download \(fmt(megabytes / down)) MB/s (\(fmt(down)) s)")
                guard round > 0 else { continue }
                uploads.append(megabytes / up)
                downloads.append(megabytes / down)
            }
            peak = PeakResidentSet.bytes()
            if let peak {
                print("# client peak RSS \(fmt(Double(peak) / 1e6)) MB (VmHWM \(markReset ? "since signup" : "of the whole process, reset refused"); client, in-process server and the 64 MiB buffer)")
            } else {
                print("# client peak RSS unknown (no VmHWM in /proc/self/status)")
            }
        } catch {
            await loopback.stop()
            throw error
        }
        await loopback.stop()

        let upload = Figure(workload: "client_64MiB", implementation: "swift-peergos-http", metric: "upload", samples: uploads, unit: "MB/s")
        let download = Figure(workload: "client_64MiB", implementation: "swift-peergos-http", metric: "download", samples: downloads, unit: "MB/s")
        upload.print()
        download.print()
        if let peak {
            Figure(workload: "client_64MiB", implementation: "swift-peergos-http", metric: "peak_rss", samples: [Double(peak) / 1e6], unit: "MB").print()
        }

        // The local limit, in the same run (prints its own RESULT lines).
        print("# client: limit file_64MiB (cryptree encrypt/decrypt, no network)")
        let limit = try ProtocolWorkloads.file64(harness)
        guard let encrypt = limit.first(where: { $0.metric == "encrypt" })?.ours,
              let decrypt = limit.first(where: { $0.metric == "decrypt" })?.ours else {
            throw WorkloadMismatch(description: "client: file_64MiB gave no encrypt/decrypt figures")
        }
        return [
            Ratio(workload: "client_64MiB", metric: "upload", ours: upload, baseline: "file_64MiB-encrypt", baselineMedian: encrypt.median, target: nil, lowerIsBetter: false),
            Ratio(workload: "client_64MiB", metric: "download", ours: download, baseline: "file_64MiB-decrypt", baselineMedian: decrypt.median, target: nil, lowerIsBetter: false),
        ]
    }

    /// Seconds taken by `body` (monotonic clock).
    static func seconds(_ body: () async throws -> Void) async rethrows -> Double {
        let start = DispatchTime.now().uptimeNanoseconds
        try await body()
        return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
    }
}

/// The process's peak resident set (Linux /proc/self/status VmHWM) and its reset.
enum PeakResidentSet {
    /// VmHWM in bytes, or nil where it cannot be read.
    static func bytes() -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix("VmHWM:") {
            let parts = line.dropFirst("VmHWM:".count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kilobytes = parts.first.flatMap({ Int64($0) }) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// Resets VmHWM to the current resident set (`echo 5 > /proc/self/clear_refs`); whether it worked.
    static func reset() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let five: [UInt8] = [UInt8(ascii: "5")]
        return five.withUnsafeBytes { write(fd, $0.baseAddress, 1) } == 1
    }
}
