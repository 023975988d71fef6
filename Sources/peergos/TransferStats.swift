import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// `--stats` of put and get: bytes, time, rate and the peak resident set of the transfer, printed
/// as one line on standard error once it is over:
/// `transferred <bytes> bytes in <s> s (<MB/s> MB/s), peak RSS <MB> MB` (MB = 10^6 bytes).
///
/// The peak is Linux's VmHWM (/proc/self/status). Signing in runs scrypt with 128 MiB of working
/// memory (N = 2^17, r = 8, by protocol), which would dominate the mark, so `start()` first resets
/// it to the current resident set (writing 5 to /proc/self/clear_refs): the figure is the
/// transfer's own peak. If the reset is refused, the line says the peak includes the login; if
/// VmHWM cannot be read at all (not Linux), it says `peak RSS unknown`.
final class TransferStats: @unchecked Sendable {
    static let help = """
        After the transfer, print one line on standard error: 'transferred <bytes> bytes in <s> s \
        (<MB/s> MB/s), peak RSS <MB> MB' (MB = 10^6 bytes). The peak is the process's resident-set \
        high-water mark (Linux VmHWM) since the transfer began, the login's scrypt excluded; \
        'peak RSS unknown' where it cannot be read.
        """

    private let lock = NSLock()
    private var bytes: Int64 = 0
    private var started: UInt64 = 0
    private var markReset = false

    /// Resets the high-water mark and starts the clock (call just before the transfer).
    func start() {
        markReset = ResidentSet.resetPeak()
        started = DispatchTime.now().uptimeNanoseconds
    }

    /// Counts `n` more bytes transferred.
    func add(_ n: Int) {
        lock.lock()
        bytes += Int64(n)
        lock.unlock()
    }

    /// Sets the byte count (an upload knows its size up front).
    func set(_ n: Int64) {
        lock.lock()
        bytes = n
        lock.unlock()
    }

    /// The line, read now (elapsed time and peak as of this call).
    func line() -> String {
        let seconds = max(Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9, 1e-9)
        lock.lock()
        let total = bytes
        lock.unlock()
        let rate = Double(total) / 1e6 / seconds
        var text = "transferred \(total) bytes in \(String(format: "%.3f", seconds)) s (\(String(format: "%.1f", rate)) MB/s), "
        if let peak = ResidentSet.peakBytes() {
            text += "peak RSS \(String(format: "%.1f", Double(peak) / 1e6)) MB"
            if !markReset { text += " (including the login)" }
            if !TransferMemory.tuned { text += " (allocator not tuned: glibc's mallopt unavailable or refused)" }
        } else {
            text += "peak RSS unknown"
        }
        return text
    }

    /// Prints the line on standard error.
    func report() {
        FileHandle.standardError.write(Data((line() + "\n").utf8))
    }
}

/// The process's resident set, from Linux's /proc/self/status.
enum ResidentSet {
    /// VmHWM (the peak resident set) in bytes, or nil where /proc/self/status has none.
    static func peakBytes() -> Int64? { field("VmHWM:") }

    /// VmRSS (the current resident set) in bytes, or nil.
    static func currentBytes() -> Int64? { field("VmRSS:") }

    /// Resets VmHWM to the current resident set (Linux ≥ 4.0: `echo 5 > /proc/self/clear_refs`).
    /// Answers whether the kernel accepted it.
    @discardableResult
    static func resetPeak() -> Bool {
        let fd = open("/proc/self/clear_refs", O_WRONLY)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        let five: [UInt8] = [UInt8(ascii: "5")]
        return five.withUnsafeBytes { write(fd, $0.baseAddress, 1) } == 1
    }

    /// A `Name:   1234 kB` line of /proc/self/status, in bytes.
    static func field(_ name: String) -> Int64? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(name) {
            let parts = line.dropFirst(name.count).split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let value = parts.first.flatMap({ Int64($0) }) else { return nil }
            let unit = parts.count > 1 ? parts[1].lowercased() : "b"
            switch unit {
            case "kb": return value * 1024
            case "mb": return value * 1024 * 1024
            default: return value
            }
        }
        return nil
    }
}
