import Foundation
import PeergosClient
import PeergosCrypto
import PeergosServer
#if canImport(Glibc)
import Glibc
#endif

/// Workloads `upload` and `download`: the client library against the reference server in this
/// process (real HTTP on loopback, SQLite). A throw-away account uploads a 64 MiB in-memory buffer
/// (5 MiB chunks, encrypted, fragments sent as they are made, one commit) and downloads it again
/// (every fragment checked against its CID, every chunk's MAC), over a few rounds after a warm-up.
/// Both directions run in every round (a download needs an upload); only the selected ones are
/// reported.
/// Limit in the same run: `file_64MiB`, the cryptree's own encrypt and decrypt of 64 MiB with no
/// network or storage (ProtocolWorkloads.file64), which no upload or download can beat.
/// Also reported per direction: the process's peak resident set during that direction (VmHWM,
/// reset just before it, so neither the login's 128 MiB scrypt nor the other direction counts; it
/// includes the in-process server and the 64 MiB source buffer), and the resident set just before.
enum ClientWorkload {
    static let size = 64 * 1024 * 1024

    enum Direction: String, CaseIterable {
        case upload, download
    }

    /// Peak and starting resident sets of one direction, in bytes (nil where Linux's
    /// /proc/self/status or clear_refs is unavailable).
    struct Memory {
        var peak: Int64?
        var before: Int64?
        var resetWorked = true

        mutating func start() {
            // Hand memory freed by earlier workloads (a million-entry CHAMP store) back to the
            // kernel first, so the resident set here is this workload's own.
            PeakResidentSet.trim()
            resetWorked = resetWorked && PeakResidentSet.reset()
            before = max(before ?? 0, PeakResidentSet.bytes(field: "VmRSS:") ?? 0)
        }

        mutating func stop() {
            guard let now = PeakResidentSet.bytes() else { return }
            peak = max(peak ?? 0, now)
        }
    }

    static func run(_ harness: Harness, rounds: Int, report directions: Set<Direction>) async throws -> [Ratio] {
        // The local limit, in the same run (prints its own RESULT lines); measured first, before the
        // rounds below hand freed memory back to the kernel, as a lone `file_64MiB` run is.
        print("# client: limit file_64MiB (cryptree encrypt/decrypt, no network)")
        let limit = try ProtocolWorkloads.file64(harness)
        let loopback = try await LoopbackServer.start(label: "peergos-bench-client", defaultQuota: .max)

        let megabytes = Double(size) / 1e6
        let content = SystemRandom.shared.bytes(size)
        var uploads: [Double] = [], downloads: [Double] = []
        var memory: [Direction: Memory] = [.upload: Memory(), .download: Memory()]
        do {
            let client = PeergosClient(server: loopback.origin, timeout: .seconds(600))
            let session = try await client.signup(username: "benchclient", password: "a throw-away bench password")
            for round in 0...rounds {  // round 0 warms up and is not counted
                let path = "/benchclient/file-\(round).bin"
                memory[.upload]?.start()
                let up = try await seconds {
                    try await session.upload(path, from: BytesSource(content), mimeType: "application/octet-stream")
                }
                memory[.upload]?.stop()
                var received = 0
                var same = true
                memory[.download]?.start()
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
                memory[.download]?.stop()
                guard received == size, same else {
                    throw WorkloadMismatch(description: "client: downloaded \(received) bytes\(same ? "" : " differing from those uploaded")")
                }
                print("# client round \(round): upload \(fmt(megabytes / up)) MB/s (\(fmt(up)) s), download \(fmt(megabytes / down)) MB/s (\(fmt(down)) s)")
                guard round > 0 else { continue }
                uploads.append(megabytes / up)
                downloads.append(megabytes / down)
            }
        } catch {
            await loopback.stop()
            throw error
        }
        await loopback.stop()

        var ratios: [Ratio] = []
        for direction in Direction.allCases where directions.contains(direction) {
            let samples = direction == .upload ? uploads : downloads
            let figure = Figure(workload: "\(direction.rawValue)_64MiB", implementation: "swift-peergos-http", metric: direction.rawValue, samples: samples, unit: "MB/s")
            figure.print()
            if let m = memory[direction], let peak = m.peak {
                Figure(workload: "\(direction.rawValue)_64MiB", implementation: "swift-peergos-http", metric: "peak_rss", samples: [Double(peak) / 1e6], unit: "MB").print()
                if let before = m.before {
                    // What the transfer itself added on top of what was resident when it began.
                    Figure(workload: "\(direction.rawValue)_64MiB", implementation: "swift-peergos-http", metric: "peak_rss_growth", samples: [Double(max(0, peak - before)) / 1e6], unit: "MB").print()
                }
                let start = m.before.map { "\(fmt(Double($0) / 1e6)) MB resident before" } ?? "resident set before unknown"
                print("# \(direction.rawValue) peak RSS \(fmt(Double(peak) / 1e6)) MB (VmHWM \(m.resetWorked ? "reset before each \(direction.rawValue)" : "of the whole process, reset refused"); \(start); client, in-process server and the 64 MiB buffer)")
            } else {
                print("# \(direction.rawValue) peak RSS unknown (no VmHWM in /proc/self/status)")
            }
            let local = direction == .upload ? "encrypt" : "decrypt"
            guard let limitFigure = limit.first(where: { $0.metric == local })?.ours else {
                throw WorkloadMismatch(description: "client: file_64MiB gave no \(local) figure")
            }
            ratios.append(Ratio(workload: "\(direction.rawValue)_64MiB", metric: direction.rawValue, ours: figure, baseline: "file_64MiB-\(local)", baselineMedian: limitFigure.median, target: nil, lowerIsBetter: false))
        }
        return ratios
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
    /// VmHWM (or another `field` of /proc/self/status given in kB) in bytes, or nil where it cannot be read.
    static func bytes(field: String = "VmHWM:") -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(field) {
            let parts = line.dropFirst(field.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let kilobytes = parts.first.flatMap({ Int64($0) }) else { return nil }
            return kilobytes * 1024
        }
        return nil
    }

    /// Returns free heap memory to the kernel (glibc `malloc_trim`); a no-op elsewhere.
    static func trim() {
        #if canImport(Glibc)
        _ = glibcMallocTrim(0)  // answers whether memory was released; either way there is nothing to check
        #endif
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

#if canImport(Glibc)
/// glibc's `malloc_trim` (malloc.h, which the Glibc module does not import).
@_silgen_name("malloc_trim") private func glibcMallocTrim(_ pad: Int) -> Int32
#endif
