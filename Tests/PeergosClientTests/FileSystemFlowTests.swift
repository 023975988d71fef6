import Foundation
import PeergosClient
import PeergosCrypto
import PeergosTestSupport
import Synchronization
import Testing

/// Every filesystem flow through the client library against the reference server over real HTTP.
@Suite("Client: accounts and files against the embedded server")
struct FileSystemFlowTests {
    /// Deterministic content that differs at every offset (so a misplaced range is caught).
    static func content(_ count: Int, seed: UInt8 = 7) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: ($0 &* 2_654_435_761) >> 13) ^ seed }
    }

    @Test("signup, sign in, wrong password refused, quota and usage")
    func accounts() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let alice = try await client.signup(username: "alice", password: "correct horse")
            #expect(alice.username == "alice")
            let again = try await client.login(username: "alice", password: "correct horse")
            #expect(again.id == alice.id)
            #expect(again.home.mapKey == alice.home.mapKey)
            await #expect(throws: PeergosClientError.incorrectPassword) { try await client.login(username: "alice", password: "wrong") }
            await #expect(throws: PeergosClientError.unknownUser("nobody")) { try await client.login(username: "nobody", password: "x") }
            await #expect(throws: PeergosClientError.signupRefused("User already exists!")) { try await client.signup(username: "alice", password: "pw") }
            #expect(try await alice.quota() > 0)
            #expect(try await alice.usage() > 0)
            // Upstream's special folders exist (hidden) in a new home folder.
            let names = try await alice.list("/alice").map(\.name)
            #expect(names == [".capabilitycache", ".transactions", "shared"])
        }
    }

    @Test("folders, a 12 MiB file in three chunks, ranges across a chunk boundary, move, rename, remove")
    func files() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            try await alice.mkdir("/alice/docs")
            try await alice.mkdir("/alice/docs/deep")
            await #expect(throws: PeergosClientError.alreadyExists("/alice/docs")) { try await alice.mkdir("/alice/docs") }
            await #expect(throws: PeergosClientError.notFound("/alice/nope")) { try await alice.mkdir("/alice/nope/x") }

            let big = Self.content(12 * 1024 * 1024 + 12_345)
            // Progress: once per chunk stored (chunks are sent two at a time), rising to the size.
            let uploaded = Mutex<[(Int64, Int64)]>([])
            try await alice.upload("/alice/docs/big.bin", from: BytesSource(big)) { done, total in uploaded.withLock { $0.append((done, total)) } }
            let size = Int64(big.count), chunkBytes = Int64(5 << 20)
            let reported = uploaded.withLock { $0 }
            #expect(reported.count == 3 && reported.allSatisfy { $0.1 == size }, "\(reported)")
            #expect(reported.map(\.0).sorted() == reported.map(\.0) && Set(reported.map(\.0)).count == 3, "\(reported)")
            #expect(reported.last?.0 == size)
            #expect(reported.dropLast().allSatisfy { [chunkBytes, 2 * chunkBytes, size - chunkBytes].contains($0.0) }, "\(reported)")
            let small = Array("hello peergos".utf8)
            try await alice.upload("/alice/docs/deep/note.txt", from: BytesSource(small), mimeType: "text/plain")

            let listing = try await alice.list("/alice/docs")
            #expect(listing.map(\.name) == ["big.bin", "deep"])
            #expect(listing[0].size == Int64(big.count) && !listing[0].isDirectory)
            #expect(listing[1].isDirectory)
            #expect(abs(listing[0].modified - Int64(Date().timeIntervalSince1970)) < 3600)

            // A fresh sign-in reads everything back.
            let again = try await server.client().login(username: "alice", password: "pw-alice")
            let downloaded = Mutex<[Int64]>([])
            var read: [UInt8] = []
            try await again.download("/alice/docs/big.bin", progress: { done, total in
                downloaded.withLock { $0.append(done) }
                #expect(total == size)
            }) { read += $0 }
            #expect(read == big)
            #expect(downloaded.withLock { $0 } == [chunkBytes, 2 * chunkBytes, size])
            #expect(try await again.read("/alice/docs/deep/note.txt") == small)
            let chunk = 5 * 1024 * 1024
            let span = Int64(chunk - 100)..<Int64(chunk + 100)
            #expect(try await again.read("/alice/docs/big.bin", range: span) == Array(big[(chunk - 100)..<(chunk + 100)]))
            let tail = Int64(big.count - 10)..<Int64(big.count)
            #expect(try await again.read("/alice/docs/big.bin", range: tail) == Array(big[(big.count - 10)...]))
            await #expect(throws: PeergosClientError.self) { try await again.read("/alice/docs/big.bin", range: 0..<Int64(big.count + 1)) }

            // Rename in place, move between folders, move into a folder by its name.
            try await alice.move("/alice/docs/deep/note.txt", to: "/alice/docs/deep/renamed.txt")
            #expect(try await alice.list("/alice/docs/deep").map(\.name) == ["renamed.txt"])
            try await alice.move("/alice/docs/deep/renamed.txt", to: "/alice/moved.txt")
            #expect(try await alice.read("/alice/moved.txt") == small)
            #expect(try await alice.list("/alice/docs/deep").isEmpty)
            try await alice.move("/alice/docs/big.bin", to: "/alice/docs/deep")
            #expect(try await alice.read("/alice/docs/deep/big.bin", range: span) == Array(big[(chunk - 100)..<(chunk + 100)]))
            await #expect(throws: PeergosClientError.notFound("/alice/docs/big.bin")) { try await alice.read("/alice/docs/big.bin") }

            // A folder cannot move into itself or a folder inside it (upstream refuses the same).
            try await alice.mkdir("/alice/docs/deep/deeper")
            await #expect(throws: PeergosClientError.invalidPath("/alice/docs/deep/deeper: cannot move /alice/docs into itself or a folder inside it")) {
                try await alice.move("/alice/docs", to: "/alice/docs/deep/deeper")
            }
            await #expect(throws: PeergosClientError.invalidPath("/alice/docs: cannot move /alice/docs into itself or a folder inside it")) {
                try await alice.move("/alice/docs", to: "/alice/docs")
            }
            #expect(try await alice.list("/alice/docs/deep").map(\.name) == ["big.bin", "deeper"])

            // Replace a file, then remove a folder with everything in it.
            try await alice.upload("/alice/moved.txt", from: BytesSource(Array("v2".utf8)))
            #expect(try await alice.read("/alice/moved.txt") == Array("v2".utf8))
            try await alice.remove("/alice/docs")
            #expect(try await alice.list("/alice").map(\.name).contains("docs") == false)
            await #expect(throws: PeergosClientError.notFound("/alice/docs")) { try await alice.list("/alice/docs") }
        }
    }
}
