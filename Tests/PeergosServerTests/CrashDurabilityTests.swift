import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import Testing

/// Kills a real `peergos-server` process with SIGKILL during a stream of acknowledged writes,
/// restarts it on the same data, and checks every acknowledged block and pointer is there.
@Suite("Crash durability", .serialized)
struct CrashDurabilityTests {
    /// The `peergos-server` built beside the test bundle.
    static var serverBinary: String {
        URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("peergos-server").path
    }

    static func start(data: String, port: Int) throws -> Process {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: serverBinary)
        p.arguments = ["--data", data, "--port", String(port), "--log-level", "error"]
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        return p
    }

    static func post(_ port: Int, _ path: String, _ body: [UInt8] = []) async throws -> (Int, [UInt8]) {
        var request = URLRequest(url: URL(string: "http://127.0.0.1:\(port)\(path)")!)
        request.httpMethod = "POST"
        request.httpBody = Data(body)
        request.timeoutInterval = 5
        let (data, response) = try await URLSession.shared.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, [UInt8](data))
    }

    static func waitUntilUp(_ port: Int) async throws {
        for _ in 0..<100 {
            if (try? await post(port, "/api/v0/id"))?.0 == 200 { return }
            try await Task.sleep(nanoseconds: 50_000_000)
        }
        Issue.record("server did not start")
    }

    @Test("every acknowledged block and pointer survives kill -9")
    func killNine() async throws {
        guard FileManager.default.isExecutableFile(atPath: Self.serverBinary) else {
            Issue.record("peergos-server is not built beside the tests at \(Self.serverBinary)")
            return
        }
        let data = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-crash-\(UUID().uuidString)").path
        let port = 21_000 + Int.random(in: 0..<2_000)
        let writer = try SigningKeyPair(seed: Hash.sha256(Array("sign:crash-writer".utf8)))
        let w = writer.publicKey.publicKeyHash
        let server = try Self.start(data: data, port: port)
        try await Self.waitUntilUp(port)

        var acknowledgedBlocks: [Cid] = []
        var acknowledgedPointer: [UInt8]? = nil
        var pendingPointer: [UInt8]? = nil
        var current: PointerUpdate? = nil
        let killer = Task {
            try await Task.sleep(nanoseconds: 400_000_000)
            kill(server.processIdentifier, SIGKILL)
        }
        writes: for i in 0..<100_000 {
            let block = WriterData(controller: w, tree: try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(Array("\(i)".utf8)))).serialize()
            let body = CborObject.map(["b": .list([.bytes(block)]), "s": .list([.bytes(writer.signMessage(Hash.sha256(block)))])]).serialize()
            guard let (status, _) = try? await Self.post(port, "/api/v0/block/put/bulk?format=dag-cbor&owner=\(w)&writer=\(w)", body), status == 200 else { break writes }
            let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
            acknowledgedBlocks.append(cid)
            let update = try PointerUpdate.next(after: current, to: cid)
            let signed = writer.signMessage(update.serialize())
            pendingPointer = signed
            guard let (pStatus, reply) = try? await Self.post(port, "/peergos/v0/mutable/setPointer?owner=\(w)&writer=\(w)", signed), pStatus == 200, reply == [1] else {
                break writes
            }
            acknowledgedPointer = signed
            current = update
        }
        _ = try? await killer.value
        server.waitUntilExit()
        #expect(server.terminationReason == .uncaughtSignal)
        #expect(acknowledgedBlocks.count > 5)

        let restarted = try Self.start(data: data, port: port)
        defer { restarted.terminate(); restarted.waitUntilExit() }
        try await Self.waitUntilUp(port)
        for cid in acknowledgedBlocks {
            let (status, bytes) = try await Self.post(port, "/api/v0/block/get?arg=\(cid)")
            #expect(status == 200 && !bytes.isEmpty && Hash.sha256(bytes) == cid.multihash.digest, "lost block \(cid)")
        }
        let (_, pointer) = try await Self.post(port, "/peergos/v0/mutable/getPointer?owner=\(w)&writer=\(w)")
        // The pointer is the last acknowledged one, or the one in flight when the process died.
        #expect(pointer == acknowledgedPointer ?? [] || pointer == pendingPointer ?? [])
    }
}
