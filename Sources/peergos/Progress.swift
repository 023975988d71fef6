import Foundation
import PeergosClient
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// A one-line progress bar on standard error: bytes done of total, rate and ETA. It draws only
/// when standard error is a terminal, so piped or redirected runs stay quiet; redraws are at most
/// ten a second.
final class ProgressBar: @unchecked Sendable {
    private let label: String
    private let enabled: Bool
    private let lock = NSLock()
    private let start = Date()
    private var lastDraw = Date.distantPast
    private var done: Int64 = 0
    private var total: Int64 = 0
    private var drawn = false

    /// - Parameters:
    ///   - label: shown before the bar (a file name).
    ///   - enabled: draw at all; defaults to whether standard error is a terminal.
    init(label: String, enabled: Bool = isatty(STDERR_FILENO) == 1) {
        self.label = label
        self.enabled = enabled
    }

    /// The library's progress callback, or nil when nothing is drawn (saving the calls).
    var callback: TransferProgress? {
        guard enabled else { return nil }
        return { [self] done, total in self.update(done: done, total: total) }
    }

    func update(done: Int64, total: Int64) {
        lock.lock()
        defer { lock.unlock() }
        self.done = done
        self.total = total
        let now = Date()
        guard done >= total || now.timeIntervalSince(lastDraw) >= 0.1 else { return }
        lastDraw = now
        draw(now: now)
    }

    /// Ends the line (call once the transfer is over, successfully or not).
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        guard enabled, drawn else { return }
        draw(now: Date())
        FileHandle.standardError.write(Data("\n".utf8))
        drawn = false
    }

    private func draw(now: Date) {
        guard enabled else { return }
        let elapsed = max(now.timeIntervalSince(start), 0.001)
        let rate = Double(done) / elapsed
        let fraction = total > 0 ? min(Double(done) / Double(total), 1) : 1
        var eta = "--:--"
        if rate > 0, total >= done { eta = Self.duration(Double(total - done) / rate) }
        let numbers = " \(Self.percent(fraction)) \(Self.bytes(done))/\(Self.bytes(total)) \(Self.bytes(Int64(rate)))/s ETA \(eta)"
        let width = Self.terminalWidth()
        let name = Self.truncated(label, to: max(8, width / 4))
        let barWidth = max(10, width - name.count - numbers.count - 4)
        let filled = Int(Double(barWidth) * fraction)
        let bar = String(repeating: "=", count: filled) + (filled < barWidth ? ">" + String(repeating: " ", count: barWidth - filled - 1) : "")
        // \r back to the start, then clear to the end of the line.
        FileHandle.standardError.write(Data("\r\u{1B}[K\(name) [\(bar)]\(numbers)".utf8))
        drawn = true
    }

    static func percent(_ fraction: Double) -> String {
        let p = Int((fraction * 100).rounded(.down))
        return String(repeating: " ", count: max(0, 3 - String(p).count)) + "\(p)%"
    }

    /// A size in bytes with binary units: `512 B`, `1.5 KiB`, `12.0 MiB`.
    static func bytes(_ n: Int64) -> String {
        let units = ["B", "KiB", "MiB", "GiB", "TiB"]
        var value = Double(n)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        return unit == 0 ? "\(n) B" : String(format: "%.1f", value) + " " + units[unit]
    }

    /// `m:ss` or `h:mm:ss`.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds < 360_000 else { return "--:--" }
        let s = Int(seconds.rounded(.up))
        return s >= 3600 ? String(format: "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60) : String(format: "%d:%02d", s / 60, s % 60)
    }

    static func truncated(_ text: String, to length: Int) -> String {
        text.count <= length ? text : "…" + text.suffix(length - 1)
    }

    static func terminalWidth() -> Int {
        var size = winsize()
        if ioctl(STDERR_FILENO, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0 { return Int(size.ws_col) }
        return 80
    }
}
