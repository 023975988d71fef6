import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import GRDB
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
@testable import PeergosServerStorage
import Synchronization
import Testing

/// Kills a real `peergos-server` process with SIGKILL while 16 clients write at once (block puts
/// and pointer compare-and-swaps, so the server's group commit batches them), as soon as fixed
/// numbers of block and pointer writes were acknowledged (never after a wall-clock delay),
/// restarts it on the same data, and checks every acknowledged block and pointer is there and the
/// database is intact.
@Suite("Crash durability", .serialized)
struct CrashDurabilityTests {
    /// Block writes acknowledged before the kill (of every writer, pointer writers' WriterData included).
    static let killAfterBlocks = 160
    /// Pointer updates acknowledged before the kill (over all pointer writers).
    static let killAfterPointers = 48
    /// Writers of distinct raw blocks.
    static let blockWriters = 8
    /// Writers of pointer chains, one user (and identity) each: WriterData block, then compare-and-swap.
    static let pointerWriters = 8

    static func start(data: String, port: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServerBinary.path)
        p.arguments = ["--data", data, "--port", String(port), "--log-level", "error"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    /// A session that opens a connection per concurrent writer (the default allows 6 per host).
    static let session: URLSession = {
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpMaximumConnectionsPerHost = 64
        return URLSession(configuration: configuration)
    }()

    static func post(_ port: Int, _ path: String, _ body: [UInt8] = []) async throws -> (Int, [UInt8]) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = 30
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, [UInt8](data))
    }

    /// Waits until the server answers, for at most 60 s (a bound for a loaded machine).
    static func waitUntilUp(_ port: Int) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if (try? await post(port, "/api/v0/id"))?.0 == 200 { return }
            try await Task.sleep(for: .milliseconds(20))  // polling interval only: the condition is the answer
        }
        Issue.record("server did not start within 60 s")
    }

    /// What the writers saw, shared between them: acknowledged blocks and pointer updates, requests
    /// in flight, and the kill, sent once.
    final class Progress: Sendable {
        struct State {
            var blocks: [Cid] = []
            var pointers = 0
            var inFlight = 0
            var inFlightAtKill = 0
            var killed = false
        }
        let state = Mutex(State())
        let pid: Int32
        init(pid: Int32) { self.pid = pid }

        /// A writer starts preparing a request.
        func begin() { state.withLock { $0.inFlight += 1 } }

        /// A request ended; if it succeeded, what it acknowledged. The acknowledgement that makes
        /// both counts sends SIGKILL at once, with the other writers' requests still in flight.
        func end(block: Cid? = nil, pointer: Bool = false) {
            state.withLock { s in
                s.inFlight -= 1
                if let block { s.blocks.append(block) }
                if pointer { s.pointers += 1 }
                if s.blocks.count >= CrashDurabilityTests.killAfterBlocks && s.pointers >= CrashDurabilityTests.killAfterPointers && !s.killed {
                    s.killed = true
                    s.inFlightAtKill = s.inFlight
                    kill(pid, SIGKILL)
                }
            }
        }
    }

    /// A signed single-block bulk put body.
    static func putBody(_ block: [UInt8], _ identity: SigningKeyPair) -> [UInt8] {
        CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(identity.signMessage(Hash.sha256(block)))])]).serialize()
    }

    @Test("every acknowledged block and pointer survives kill -9 sent after N acknowledged writes of 16 concurrent writers")
    func killNine() async throws {
        try #require(ServerBinary.isBuilt, "peergos-server is not built beside the tests at \(ServerBinary.path)")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-crash-\(UUID().uuidString)").path
        let port = try ServerBinary.freePort()
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:crash-login".utf8)))
        let identities = try (0..<Self.pointerWriters).map { try SigningKeyPair(seed: Hash.sha256(Array("sign:crash-writer-\($0)".utf8))) }
        let server = try Self.start(data: data, port: port)
        try await Self.waitUntilUp(port)
        // Only a signed-up user's keys may write: sign up each user, which also sets its first pointer.
        var firstUpdates: [PointerUpdate] = []
        for (k, identity) in identities.enumerated() {
            let (signupBody, firstTarget) = try CoreRoutesTests.signup("crash\(k)", identity: identity, login: login)
            let signup = try await Self.post(port, "/peergos/v0/core/signup", Array(signupBody.readableBytesView))
            try #require(signup.0 == 200 && signup.1 == [1], "signup \(k) failed")
            firstUpdates.append(try PointerUpdate(original: nil, updated: firstTarget, sequence: 1))
        }

        let progress = Progress(pid: server.processIdentifier)
        // Every writer writes until its request fails (the server is gone); each pointer writer
        // returns its user's last acknowledged pointer and the one it sent last.
        let pointers = try await withThrowingTaskGroup(of: (user: Int, acknowledged: [UInt8], pending: [UInt8])?.self) { group in
            for writer in 0..<Self.blockWriters {
                let identity = identities[writer % identities.count]
                let w = identity.publicKey.publicKeyHash
                group.addTask {
                    for i in 0..<10_000 {
                        progress.begin()
                        let block = Array("crash block \(writer)-\(i)".utf8)
                        guard let (status, _) = try? await Self.post(port, "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", Self.putBody(block, identity)),
                              status == 200 else { progress.end(); break }
                        progress.end(block: try Cid.sha256(codec: .raw, digest: Hash.sha256(block)))
                    }
                    return nil
                }
            }
            for (k, identity) in identities.enumerated() {
                let w = identity.publicKey.publicKeyHash
                let firstUpdate = firstUpdates[k]
                group.addTask {
                    var current = firstUpdate
                    var acknowledged = identity.signMessage(firstUpdate.serialize())
                    var pending = acknowledged
                    for i in 0..<10_000 {
                        progress.begin()
                        let block = WriterData(controller: w, tree: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(Array("\(k)-\(i)".utf8)))).serialize()
                        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
                        guard let (status, _) = try? await Self.post(port, "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", Self.putBody(block, identity)),
                              status == 200 else { progress.end(); break }
                        progress.end(block: cid)
                        progress.begin()
                        let update = try PointerUpdate.next(after: current, to: cid)
                        pending = identity.signMessage(update.serialize())
                        guard let (pStatus, reply) = try? await Self.post(port, "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", pending),
                              pStatus == 200, reply == [1] else { progress.end(); break }
                        acknowledged = pending
                        current = update
                        progress.end(pointer: true)
                    }
                    return (k, acknowledged, pending)
                }
            }
            var pointers: [Int: (acknowledged: [UInt8], pending: [UInt8])] = [:]
            for try await result in group { if let result { pointers[result.user] = (result.acknowledged, result.pending) } }
            return pointers
        }
        // Every writer stops when its request fails: normally because of the kill. If they all
        // failed before the counts were reached, the test fails; the server is killed anyway so
        // the wait below ends.
        let s = progress.state.withLock { $0 }
        if !s.killed { kill(server.processIdentifier, SIGKILL) }
        try await OffPool.run { server.waitUntilExit() }
        #expect(s.killed && server.terminationReason == .uncaughtSignal && server.terminationStatus == SIGKILL)
        #expect(s.blocks.count >= Self.killAfterBlocks && s.pointers >= Self.killAfterPointers)
        #expect(s.inFlightAtKill >= 1, "no write was in flight when the kill landed")

        let restarted = try Self.start(data: data, port: port)
        defer { restarted.terminate() }  // SIGTERM: a graceful exit
        try await Self.waitUntilUp(port)
        for cid in s.blocks {
            let (status, bytes) = try await Self.post(port, "/api/v0/block/get?arg=\(cid)")
            #expect(status == 200 && !bytes.isEmpty && Hash.sha256(bytes) == cid.multihash.digest, "lost block \(cid)")
        }
        #expect(pointers.count == Self.pointerWriters)
        for (k, identity) in identities.enumerated() {
            let w = identity.publicKey.publicKeyHash
            let (_, pointer) = try await Self.post(port, "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)")
            let expected = try #require(pointers[k])
            // The pointer is the last acknowledged one, or the one in flight when the process died.
            #expect(pointer == expected.acknowledged || pointer == expected.pending, "pointer of user \(k) lost")
        }
        restarted.terminate()
        try await OffPool.run { restarted.waitUntilExit() }

        // The database is intact: SQLite's own check, and each user's usage is the sum of its blocks.
        let database = try ServerDatabase(path: (data as NSString).appendingPathComponent("peergos.sqlite"))
        let check = try database.read { try String.fetchAll($0, sql: "PRAGMA integrity_check") }
        #expect(check == ["ok"])
        let mismatched = try database.read {
            try String.fetchAll($0, sql: """
                SELECT user_usage.username FROM user_usage
                LEFT JOIN (SELECT username, sum(size) AS total FROM user_block GROUP BY username) AS b ON b.username = user_usage.username
                WHERE user_usage.bytes IS NOT coalesce(b.total, 0)
                """)
        }
        #expect(mismatched.isEmpty, "usage differs from the blocks stored for \(mismatched)")
        for cid in s.blocks { #expect(try database.blockSize(cid) != nil, "lost block \(cid)") }
    }
}
