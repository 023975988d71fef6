import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import Synchronization
import Testing

/// Kills a real `peergos-server` process with SIGKILL while several clients write, as soon as a
/// fixed number of block writes were acknowledged (never after a wall-clock delay), restarts it
/// on the same data, and checks every acknowledged block and pointer is there.
@Suite("Crash durability", .serialized)
struct CrashDurabilityTests {
    /// Block writes acknowledged before the kill.
    static let killAfter = 24
    /// Concurrent block writers, so that writes are in flight when the kill lands.
    static let writers = 4

    static func start(data: String, port: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: ServerBinary.path)
        p.arguments = ["--data", data, "--port", String(port), "--log-level", "error"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func post(_ port: Int, _ path: String, _ body: [UInt8] = []) async throws -> (Int, [UInt8]) {
        guard let url = URL(string: "http://127.0.0.1:\(port)\(path)") else { throw URLError(.badURL) }
        var request = URLRequest(url: url)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = 30
        let (data, response) = try await URLSession.shared.data(for: request)
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

    /// What the writers saw, shared between them: acknowledged blocks, and the kill, sent once.
    final class Progress: Sendable {
        let state = Mutex<(acknowledged: [Cid], killed: Bool)>(([], false))
        let pid: Int32
        init(pid: Int32) { self.pid = pid }

        /// Records an acknowledged block; the write that makes `killAfter` sends SIGKILL at once.
        func acknowledge(_ cid: Cid) {
            state.withLock { s in
                s.acknowledged.append(cid)
                if s.acknowledged.count >= CrashDurabilityTests.killAfter && !s.killed {
                    s.killed = true
                    kill(pid, SIGKILL)
                }
            }
        }
    }

    @Test("every acknowledged block and pointer survives kill -9 sent after N acknowledged writes, with more in flight")
    func killNine() async throws {
        try #require(ServerBinary.isBuilt, "peergos-server is not built beside the tests at \(ServerBinary.path)")
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-crash-\(UUID().uuidString)").path
        let port = try ServerBinary.freePort()
        let identity = try SigningKeyPair(seed: Hash.sha256(Array("sign:crash-writer".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:crash-login".utf8)))
        let w = identity.publicKey.publicKeyHash
        let server = try Self.start(data: data, port: port)
        try await Self.waitUntilUp(port)
        // Only a signed-up user's keys may write: sign up, which also sets the first pointer.
        let (signupBody, firstTarget) = try CoreRoutesTests.signup("crash", identity: identity, login: login)
        let signup = try await Self.post(port, "/peergos/v0/core/signup", Array(signupBody.readableBytesView))
        try #require(signup.0 == 200 && signup.1 == [1], "signup failed")
        let firstUpdate = try PointerUpdate(original: nil, updated: firstTarget, sequence: 1)

        let progress = Progress(pid: server.processIdentifier)
        // Block writers: each writes distinct blocks until its request fails (the server is gone).
        let pointerResult = try await withThrowingTaskGroup(of: (acknowledged: [UInt8], pending: [UInt8])?.self) { group in
            for writer in 0..<Self.writers {
                group.addTask {
                    for i in 0..<10_000 {
                        let block = Array("crash block \(writer)-\(i)".utf8)
                        let body = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(identity.signMessage(Hash.sha256(block)))])]).serialize()
                        guard let (status, _) = try? await Self.post(port, "/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)", body), status == 200 else { break }
                        progress.acknowledge(try Cid.sha256(codec: .raw, digest: Hash.sha256(block)))
                    }
                    return nil
                }
            }
            // One pointer writer: WriterData blocks and compare-and-swaps in sequence.
            group.addTask {
                var current = firstUpdate
                var acknowledged = identity.signMessage(firstUpdate.serialize())
                var pending = acknowledged
                for i in 0..<10_000 {
                    let block = WriterData(controller: w, tree: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(Array("\(i)".utf8)))).serialize()
                    let body = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(identity.signMessage(Hash.sha256(block)))])]).serialize()
                    guard let (status, _) = try? await Self.post(port, "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", body), status == 200 else { break }
                    let update = try PointerUpdate.next(after: current, to: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block)))
                    pending = identity.signMessage(update.serialize())
                    guard let (pStatus, reply) = try? await Self.post(port, "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", pending), pStatus == 200, reply == [1] else { break }
                    acknowledged = pending
                    current = update
                }
                return (acknowledged, pending)
            }
            var pointers: (acknowledged: [UInt8], pending: [UInt8])? = nil
            for try await result in group { if let result { pointers = result } }
            return pointers
        }
        // Every writer stops when its request fails: normally because of the kill. If they all
        // failed before N acknowledgements, the test fails; the server is killed anyway so the
        // wait below ends.
        let (acknowledgedBlocks, killed) = progress.state.withLock { ($0.acknowledged, $0.killed) }
        if !killed { kill(server.processIdentifier, SIGKILL) }
        try await OffPool.run { server.waitUntilExit() }
        #expect(killed && server.terminationReason == .uncaughtSignal && server.terminationStatus == SIGKILL)
        #expect(acknowledgedBlocks.count >= Self.killAfter)

        let restarted = try Self.start(data: data, port: port)
        defer { restarted.terminate() }  // SIGTERM: a graceful exit
        try await Self.waitUntilUp(port)
        for cid in acknowledgedBlocks {
            let (status, bytes) = try await Self.post(port, "/api/v0/block/get?arg=\(cid)")
            #expect(status == 200 && !bytes.isEmpty && Hash.sha256(bytes) == cid.multihash.digest, "lost block \(cid)")
        }
        let (_, pointer) = try await Self.post(port, "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)")
        let expected = try #require(pointerResult)
        // The pointer is the last acknowledged one, or the one in flight when the process died.
        #expect(pointer == expected.acknowledged || pointer == expected.pending)
        restarted.terminate()
        try await OffPool.run { restarted.waitUntilExit() }
    }
}
