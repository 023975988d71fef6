import Foundation
import PeergosClient
import PeergosTestSupport
import Testing

/// Upload memory: a 256 MiB file goes up through `peergos put --stats` (a child process, so its
/// resident set is the tool's alone) with a peak resident set under 100 MB, and comes back intact
/// through `peergos get --stats`. The peak is the tool's own measurement (Linux VmHWM from the
/// start of the transfer; see TransferStats), parsed from its `--stats` line, not estimated.
@Suite("Upload memory: a 256 MiB put stays under 100 MB resident")
struct UploadMemoryTests {
    static let fileSize = 256 << 20
    static let limit: Int64 = 100_000_000

    /// Writes `size` bytes of SplitMix64 output to `url`, 1 MiB at a time.
    static func writeRandomFile(_ url: URL, size: Int, generator: inout SeededGenerator) throws {
        guard FileManager.default.createFile(atPath: url.path, contents: nil), let handle = FileHandle(forWritingAtPath: url.path) else {
            throw CocoaError(.fileWriteUnknown)
        }
        defer { try? handle.close() }
        let step = 1 << 20
        var block = [UInt64](repeating: 0, count: step / 8)
        var written = 0
        while written < size {
            for i in block.indices { block[i] = generator.next() }
            let count = min(step, size - written)
            try block.withUnsafeBytes { try handle.write(contentsOf: Data(bytes: $0.baseAddress!, count: count)) }
            written += count
        }
    }

    /// Whether two files hold the same bytes, read 1 MiB at a time from each.
    static func sameContents(_ a: URL, _ b: URL) throws -> Bool {
        let x = try FileHandle(forReadingFrom: a), y = try FileHandle(forReadingFrom: b)
        defer { try? x.close(); try? y.close() }
        while true {
            let p = try x.read(upToCount: 1 << 20) ?? Data()
            let q = try y.read(upToCount: 1 << 20) ?? Data()
            guard p == q else { return false }
            if p.isEmpty { return true }
        }
    }

    /// The `--stats` line's bytes and peak RSS (in bytes), or nil if the line is missing or the
    /// peak is unknown.
    static func parseStats(_ stderr: String) -> (bytes: Int64, peak: Int64, line: String)? {
        guard let line = stderr.split(separator: "\n").last(where: { $0.hasPrefix("transferred ") }) else { return nil }
        let words = line.split(separator: " ")
        guard words.count > 2, let bytes = Int64(words[1]),
              let at = words.firstIndex(of: "RSS"), at + 2 < words.count, words[at + 2] == "MB",
              let megabytes = Double(words[at + 1]) else { return nil }
        return (bytes, Int64(megabytes * 1e6), String(line))
    }

    @Test("peergos put --stats of a 256 MiB file peaks under 100 MB resident; get --stats brings back the same bytes")
    func bigUpload() async throws {
        try await EmbeddedServer.with { server in
            let env = CommandLineTests.account(server, "memoryuser", "a long enough password")
            let local = try CommandLineTests.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: local) }
            let signup = try await CommandLineTests.run(["signup"], environment: env)
            try #require(signup.status == 0, "\(signup)")

            var generator = SeededGenerator()
            let upload = local.appendingPathComponent("big.bin")
            try Self.writeRandomFile(upload, size: Self.fileSize, generator: &generator)

            let put = try await CommandLineTests.run(["put", "--stats", upload.path, "/memoryuser/big.bin"], environment: env)
            try #require(put.status == 0, "\(put)")
            let sent = try #require(Self.parseStats(put.stderr), "no peak in the --stats line: \(put)")
            #expect(sent.bytes == Int64(Self.fileSize), "\(sent.line)")
            #expect(sent.peak < Self.limit, "upload peak RSS \(sent.peak) bytes is not under \(Self.limit): \(sent.line)")
            print("UploadMemoryTests put: \(sent.line)")

            let download = local.appendingPathComponent("back.bin")
            let get = try await CommandLineTests.run(["get", "--stats", "/memoryuser/big.bin", download.path], environment: env)
            try #require(get.status == 0, "\(get)")
            let received = try #require(Self.parseStats(get.stderr), "no peak in the --stats line: \(get)")
            #expect(received.bytes == Int64(Self.fileSize), "\(received.line)")
            print("UploadMemoryTests get: \(received.line)")

            let size = try FileManager.default.attributesOfItem(atPath: download.path)[.size] as? NSNumber
            #expect(size?.intValue == Self.fileSize)
            #expect(try Self.sameContents(upload, download), "downloaded bytes differ; \(generator.seedNote)")
        }
    }
}
