import Foundation
import HummingbirdTesting
import NIOCore
import PeergosCrypto
import PeergosMultiformats
import PeergosServer
import PeergosServerStorage
import Testing

/// A full disk and a damaged database give clear, typed errors; nothing already stored is lost.
@Suite("Storage failures")
struct StorageFailureTests {
    static func directory(_ name: String) -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("peergos-\(name)-\(UUID().uuidString)").path
    }

    @Test("past the size cap: puts are refused with 'storage full' over HTTP, and earlier blocks still read back")
    func full() async throws {
        let dir = Self.directory("full")
        let server = try PeergosServer(dataDirectory: dir, maxStorageBytes: 2 << 20)
        let w = ServerHTTPTests.writer.publicKey.publicKeyHash
        try server.database.registerWriters([w], username: "full")
        try await server.application(port: 0).test(.live) { client in
            var stored: [Cid] = []
            var refusal: TestResponse? = nil
            for i in 0..<40 {
                let block = [UInt8](repeating: UInt8(i), count: 200_000)
                let r = try await client.execute(uri: "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", method: .post, body: ServerHTTPTests.bulk([block]))
                if r.status != .ok { refusal = r; break }
                stored.append(try Cid.sha256(codec: .raw, digest: Hash.sha256(block)))
            }
            let refused = try #require(refusal, "the cap was never reached")
            #expect(refused.status == .badRequest && ServerHTTPTests.trailer(refused) == "storage full")
            #expect(stored.count >= 3)
            for (i, cid) in stored.enumerated() {
                let got = try await client.execute(uri: "/api/v0/block/get?arg=\(cid)", method: .post)
                #expect(ServerHTTPTests.bytes(got) == [UInt8](repeating: UInt8(i), count: 200_000))
            }
            // The direct error is typed.
            #expect(throws: ServerStorageError.diskFull) {
                try server.database.putBlocks([(try Cid.sha256(codec: .raw, digest: Hash.sha256([1])), [UInt8](repeating: 9, count: 1 << 20))])
            }
        }
    }

    @Test("a damaged database file: opening fails with a typed 'corrupt' error, not a crash")
    func corrupt() throws {
        let dir = Self.directory("corrupt")
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(repeating: 0x5a, count: 8192).write(to: URL(fileURLWithPath: dir).appendingPathComponent("peergos.sqlite"))
        do {
            _ = try PeergosServer(dataDirectory: dir)
            Issue.record("opened a damaged database")
        } catch let e as ServerStorageError {
            guard case .corrupt = e else { Issue.record("expected corrupt, got \(e)"); return }
        }
    }
}
