import Foundation
import PeergosServer
import Testing

/// Issue 8, items 8 and 16 for the server: a bad option value is a usage error at start (exit
/// code 64 and a message naming the option), never a trap later, checked on the built binary.
@Suite("peergos-server options")
struct ServerOptionsTests {
    @Test("bad option values exit 64 with a message naming the option", arguments: [
        (["--max-daily-signups=-1"], "--max-daily-signups must be between 0 and 1000000000, not -1"),
        (["--max-daily-signups", "9223372036854775807"], "--max-daily-signups must be between 0 and 1000000000, not 9223372036854775807"),
        (["--port", "70000"], "--port must be between 0 and 65535, not 70000"),
        (["--port=-1"], "--port must be between 0 and 65535, not -1"),
        (["--max-storage-bytes", "0"], "--max-storage-bytes must be positive, not 0"),
        (["--default-quota=-5"], "--default-quota must be positive, not -5"),
        (["--log-level", "loud"], "--log-level must be one of trace, debug, info, notice, warning, error, critical, not 'loud'"),
        (["--request-timeout", "0"], "--request-timeout must be between 1 and 86400 seconds, not 0"),
        (["--max-connections=-3"], "--max-connections must be between 1 and 1000000, not -3"),
        (["--max-connections", "0"], "--max-connections must be between 1 and 1000000, not 0"),
        (["--port", "eighty"], "The value 'eighty' is invalid for '--port <port>'"),
    ])
    func badValues(arguments: [String], message: String) async throws {
        try #require(ServerBinary.isBuilt, "peergos-server is not built beside the tests at \(ServerBinary.path)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-options-\(UUID().uuidString)").path
        let (status, stderr) = try await ServerBinary.runToExit(["--data", dir] + arguments)
        #expect(status == 64, "\(stderr)")
        #expect(stderr.contains(message), "\(stderr)")
        // Refused before anything was created.
        #expect(!FileManager.default.fileExists(atPath: dir))
    }

    @Test("signup difficulty arithmetic stays in range for negative, zero and huge daily limits")
    func difficultyArithmetic() {
        for maxPerDay in [Int.min, -1, 0, 1, 2_000, 1_000_000_000, Int.max] {
            var difficulty = SignupDifficulty(maxPerDay: maxPerDay, nowMillis: 0)
            for step in 1...50 {
                for _ in 0..<step { difficulty.addEvent() }
                difficulty.update(nowMillis: Int64(step) * 100)
                #expect((0...256).contains(difficulty.current), "maxPerDay \(maxPerDay): \(difficulty.current)")
            }
            difficulty.update(nowMillis: .max)
            #expect((0...256).contains(difficulty.current))
        }
    }
}
