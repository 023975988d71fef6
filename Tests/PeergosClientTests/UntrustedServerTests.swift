import Foundation
import PeergosCBOR
import PeergosClient
import Synchronization
import Testing

/// The client never trusts the server's bytes, keeps folders intact when an upload dies half way,
/// and wins compare-and-swap races by re-reading.
@Suite("Client: untrusted server, interrupted uploads, racing writers")
struct UntrustedServerTests {
    @Test("a block answered with wrong bytes is caught, whichever route answers it")
    func corruptBlocks() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            let content = FileSystemFlowTests.content(3 * 1024 * 1024)
            try await alice.upload("/alice/data.bin", from: BytesSource(content))

            // block/get answers one flipped bit in every fragment: the read fails with block_mismatch.
            let flipping = FaultTransport(HTTPTransport(origin: server.origin)) { path, _, answer in
                guard path == "api/v0/block/get", answer.count > 100_000 else { return nil }
                var bad = answer
                bad[bad.count / 2] ^= 1
                return bad
            }
            let reader = try await server.client(transport: flipping).login(username: "alice", password: "pw-alice")
            await #expect(throws: PeergosClientError.self) { try await reader.read("/alice/data.bin") }
            do {
                _ = try await reader.read("/alice/data.bin")
            } catch let e as PeergosClientError {
                guard case .blockMismatch = e else { Issue.record("expected block_mismatch, got \(e)"); return }
            }

            // champ/get/bulk answers garbage blocks: they hash to nothing asked for, so the lookup
            // falls back to verified single-block reads and still finds the right file.
            let lying = FaultTransport(HTTPTransport(origin: server.origin)) { path, _, _ in
                guard path == "api/v0/champ/get/bulk" else { return nil }
                return CborObject.list([.bytes(Array("not a champ node".utf8))]).serialize()
            }
            let careful = try await server.client(transport: lying).login(username: "alice", password: "pw-alice")
            #expect(try await careful.read("/alice/data.bin") == content)

            // A block answered with another block's bytes is refused too.
            let swapped = FaultTransport(HTTPTransport(origin: server.origin)) { path, _, answer in
                path == "api/v0/block/get" && answer.count > 100_000 ? Array(answer.reversed()) : nil
            }
            let victim = try await server.client(transport: swapped).login(username: "alice", password: "pw-alice")
            do {
                _ = try await victim.read("/alice/data.bin")
                Issue.record("a swapped block was accepted")
            } catch PeergosClientError.blockMismatch {
            }
        }
    }

    @Test("a byte range fetches only the fragments of the chunks it covers")
    func rangeFetchesOnlyItsChunks() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            let content = FileSystemFlowTests.content(12 << 20)  // three chunks: 5 + 5 + 2 MiB
            try await alice.upload("/alice/big.bin", from: BytesSource(content))
            // Counts the fragments read (1 MiB raw blocks; the rest of a read is small blocks).
            let fragments = Mutex(0)
            let counting = FaultTransport(HTTPTransport(origin: server.origin)) { path, _, answer in
                if path == "api/v0/block/get", answer.count > 1 << 20 { fragments.withLock { $0 += 1 } }
                return nil
            }
            let reader = try await server.client(transport: counting).login(username: "alice", password: "pw-alice")
            let chunk = 5 << 20
            // Inside the second chunk: its five 1 MiB fragments only.
            #expect(try await reader.read("/alice/big.bin", range: Int64(chunk + 10)..<Int64(chunk + 20)) == Array(content[(chunk + 10)..<(chunk + 20)]))
            #expect(fragments.withLock { $0 } == 5)
            // Across the first and second chunks: ten more.
            #expect(try await reader.read("/alice/big.bin", range: Int64(chunk - 10)..<Int64(chunk + 10)) == Array(content[(chunk - 10)..<(chunk + 10)]))
            #expect(fragments.withLock { $0 } == 15)
            // The whole file: its 5 + 5 + 2 fragments (fragments are streamed, not cached).
            #expect(try await reader.read("/alice/big.bin") == content)
            #expect(fragments.withLock { $0 } == 27)
        }
    }

    @Test("an upload cut off half way leaves the folder and the previous file as they were")
    func interruptedUpload() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            try await alice.mkdir("/alice/docs")
            let old = Array("the previous version".utf8)
            try await alice.upload("/alice/docs/report.txt", from: BytesSource(old))
            let before = try await alice.list("/alice/docs")

            // The connection dies after four fragment puts of a 12 MiB replacement.
            let dying = FaultTransport(HTTPTransport(origin: server.origin), failRoute: "api/v0/block/put/bulk", failAfter: 4)
            let cutOff = try await server.client(transport: dying).login(username: "alice", password: "pw-alice")
            do {
                try await cutOff.upload("/alice/docs/report.txt", from: BytesSource(FileSystemFlowTests.content(12 << 20)))
                Issue.record("the upload should have failed")
            } catch PeergosClientError.transport {
            }
            // The fifth put failed, and the upload stopped there: no commit, and no put beyond the
            // two chunks (five fragments each) whose fragments may be in flight at once, of the
            // twelve fragments a whole upload sends.
            #expect(dying.requestsSeen > 4)
            #expect(dying.requestsSeen <= 10)
            #expect(dying.requests(to: "peergos/v0/mutable/setPointers") == 0)
            #expect(try await alice.list("/alice/docs") == before)
            #expect(try await alice.read("/alice/docs/report.txt") == old)
        }
    }

    @Test("a commit that loses a compare-and-swap re-reads the folder and lands on top of the winner")
    func lostRace() async throws {
        try await EmbeddedServer.with { server in
            let winner = try await server.client().signup(username: "alice", password: "pw-alice")
            let fired = Mutex(false)
            // Just before the loser's first setPointers, the winner commits a folder of its own.
            let hook = FaultTransport(HTTPTransport(origin: server.origin), before: { path in
                guard path == "peergos/v0/mutable/setPointers", fired.withLock({ f in defer { f = true }; return !f }) else { return }
                try await winner.mkdir("/alice/winner")
            })
            let loser = try await server.client(transport: hook).login(username: "alice", password: "pw-alice")
            try await loser.mkdir("/alice/loser")
            #expect(hook.requests(to: "peergos/v0/mutable/setPointers") == 2)  // the lost attempt and the retry
            #expect(try await winner.list("/alice").map(\.name).filter { !$0.hasPrefix(".") && $0 != "shared" } == ["loser", "winner"])
        }
    }

    @Test("writers racing in one folder all land: compare-and-swap losers re-read and retry")
    func racingWriters() async throws {
        try await EmbeddedServer.with { server in
            _ = try await server.client().signup(username: "alice", password: "pw-alice")
            // Three sessions of the same account, each with its own client and caches.
            var sessions: [PeergosSession] = []
            for _ in 0..<3 { sessions.append(try await server.client().login(username: "alice", password: "pw-alice")) }
            try await withThrowingTaskGroup(of: Void.self) { group in
                for (i, session) in sessions.enumerated() {
                    group.addTask {
                        for j in 0..<2 { try await session.mkdir("/alice/folder-\(i)-\(j)") }
                    }
                }
                try await group.waitForAll()
            }
            let names = try await sessions[0].list("/alice").map(\.name).filter { $0.hasPrefix("folder-") }
            #expect(names == (0..<3).flatMap { i in (0..<2).map { "folder-\(i)-\($0)" } })
        }
    }
}
