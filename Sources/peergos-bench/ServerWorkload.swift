import AsyncHTTPClient
import Foundation
import Hummingbird
import Logging
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosServer
import ServiceLifecycle
import Synchronization

/// Workload `server`: the reference server on loopback (real HTTP, SQLite with synchronous = FULL),
/// driven by `concurrency` clients through a bounded number of requests (and a time limit, so it
/// always stops by itself): signed single-block puts (`block/put/bulk`, 4 KiB raw blocks) and gets
/// (`block/get`) of the same blocks. Baselines in the same run: the same puts and gets straight on
/// the server's database (no HTTP, no signature check), and `api/v0/id` (HTTP with no work).
/// Hands out 0, 1, 2, … to concurrent workers.
final class Tickets: Sendable {
    private let next = Mutex(0)
    func take() -> Int { next.withLock { n in defer { n += 1 }; return n } }
}

enum ServerWorkload {
    struct Drive {
        let rate: Double
        let p50Ms: Double
        let p99Ms: Double
        let done: Int
    }

    /// Runs `operation(i)` for i in 0..<count on `concurrency` workers, stopping at `deadline` seconds.
    static func drive(count: Int, concurrency: Int, deadline: Double, _ operation: @escaping @Sendable (Int) async throws -> Void) async throws -> Drive {
        let next = Tickets()
        let start = DispatchTime.now().uptimeNanoseconds
        let latencies = try await withThrowingTaskGroup(of: [UInt64].self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var mine: [UInt64] = []
                    while true {
                        let i = next.take()
                        let t0 = DispatchTime.now().uptimeNanoseconds
                        guard i < count, Double(t0 - start) / 1e9 < deadline else { break }
                        try await operation(i)
                        mine.append(DispatchTime.now().uptimeNanoseconds - t0)
                    }
                    return mine
                }
            }
            var all: [UInt64] = []
            for try await part in group { all += part }
            return all.sorted()
        }
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
        func percentile(_ p: Double) -> Double { latencies.isEmpty ? 0 : Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e6 }
        return Drive(rate: Double(latencies.count) / elapsed, p50Ms: percentile(0.5), p99Ms: percentile(0.99), done: latencies.count)
    }

    static func run(rounds: Int, requests: Int, concurrency: Int) async throws -> [Ratio] {
        let loopback = try await LoopbackServer.start(label: "peergos-bench-server", defaultQuota: .max)
        let server = loopback.server
        let base = loopback.origin
        let client = HTTPClient(eventLoopGroupProvider: .singleton)
        let writer = try SigningKeyPair(seed: Hash.sha256(Array("sign:bench-server".utf8)))
        let w = writer.publicKey.publicKeyHash
        try server.database.registerWriters([w], username: "bench")  // only a user's writers may put blocks
        let deadline = 60.0

        @Sendable func post(_ path: String, _ body: [UInt8] = []) async throws -> ByteBuffer {
            var request = HTTPClientRequest(url: base + path)
            request.method = .POST
            request.body = .bytes(ByteBuffer(bytes: body))
            let response = try await client.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 2 << 20)
            guard response.status == .ok else { throw WorkloadMismatch(description: "\(path): HTTP \(response.status)") }
            return bytes
        }

        var putRates: [Double] = [], getRates: [Double] = [], idRates: [Double] = []
        var putP99: [Double] = [], getP99: [Double] = [], idP99: [Double] = []
        var directPuts: [Double] = [], directGets: [Double] = []
        var mixedGetP99: [Double] = [], mixedGetRates: [Double] = []
        let random = SystemRandom.shared
        do {
            for round in 0...rounds {  // round 0 warms up and is not counted
                // Distinct 4 KiB blocks each round, signed before the clock starts.
                let blocks = (0..<requests).map { _ in random.bytes(4096) }
                let bodies = blocks.map { b in
                    CborObject.map(["b": .list([.bytes(b)]), "s": .list([.bytes(writer.signMessage(Hash.sha256(b)))])]).serialize()
                }
                let cids = try blocks.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }
                let put = try await drive(count: requests, concurrency: concurrency, deadline: deadline) { i in
                    _ = try await post("/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)&transaction=bench", bodies[i])
                }
                let get = try await drive(count: put.done, concurrency: concurrency, deadline: deadline) { i in
                    let got = try await post("/api/v0/block/get?arg=\(cids[i])&owner=\(w)")
                    guard got.readableBytes == 4096 else { throw WorkloadMismatch(description: "block/get returned \(got.readableBytes) bytes") }
                }
                // Mixed: gets of stored blocks while other clients put new ones (half the clients each).
                let more = (0..<requests).map { _ in random.bytes(4096) }
                let moreBodies = more.map { b in
                    CborObject.map(["b": .list([.bytes(b)]), "s": .list([.bytes(writer.signMessage(Hash.sha256(b)))])]).serialize()
                }
                async let mixedPut = drive(count: requests, concurrency: max(1, concurrency / 2), deadline: deadline) { i in
                    _ = try await post("/api/v0/block/put/bulk?format=raw&owner=\(w)&writer=\(w)&transaction=bench", moreBodies[i])
                }
                async let mixedGet = drive(count: put.done, concurrency: max(1, concurrency / 2), deadline: deadline) { i in
                    _ = try await post("/api/v0/block/get?arg=\(cids[i])&owner=\(w)")
                }
                let (mixedPuts, mixedGets) = try await (mixedPut, mixedGet)
                let id = try await drive(count: requests, concurrency: concurrency, deadline: deadline) { _ in _ = try await post("/api/v0/id") }
                // The same work straight on the database.
                let direct = (0..<requests).map { _ in random.bytes(4096) }
                let directCids = try direct.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }
                let database = server.database
                let dPut = try await drive(count: requests, concurrency: concurrency, deadline: deadline) { i in
                    try database.putBlocks([(directCids[i], direct[i])], chargedTo: "bench")
                }
                let dGet = try await drive(count: dPut.done, concurrency: concurrency, deadline: deadline) { i in
                    guard try database.block(directCids[i])?.count == 4096 else { throw WorkloadMismatch(description: "database get") }
                }
                print("# server round \(round): put \(fmt(put.rate))/s p99 \(fmt(put.p99Ms)) ms (\(put.done)), get \(fmt(get.rate))/s p99 \(fmt(get.p99Ms)) ms, id \(fmt(id.rate))/s; mixed: put \(fmt(mixedPuts.rate))/s p99 \(fmt(mixedPuts.p99Ms)) ms, get \(fmt(mixedGets.rate))/s p99 \(fmt(mixedGets.p99Ms)) ms; database put \(fmt(dPut.rate))/s, get \(fmt(dGet.rate))/s")
                guard round > 0 else { continue }
                putRates.append(put.rate); getRates.append(get.rate); idRates.append(id.rate)
                putP99.append(put.p99Ms); getP99.append(get.p99Ms); idP99.append(id.p99Ms)
                mixedGetP99.append(mixedGets.p99Ms); mixedGetRates.append(mixedGets.rate)
                directPuts.append(dPut.rate); directGets.append(dGet.rate)
            }
        } catch {
            try? await client.shutdown()
            await loopback.stop()
            throw error
        }
        try await client.shutdown()
        await loopback.stop()

        let figures = [
            Figure(workload: "server_block_put", implementation: "swift-peergos-http", metric: "requests", samples: putRates, unit: "req/s"),
            Figure(workload: "server_block_put", implementation: "swift-peergos-http", metric: "p99", samples: putP99, unit: "ms"),
            Figure(workload: "server_block_get", implementation: "swift-peergos-http", metric: "requests", samples: getRates, unit: "req/s"),
            Figure(workload: "server_block_get", implementation: "swift-peergos-http", metric: "p99", samples: getP99, unit: "ms"),
            Figure(workload: "server_id", implementation: "swift-peergos-http", metric: "requests", samples: idRates, unit: "req/s"),
            Figure(workload: "server_id", implementation: "swift-peergos-http", metric: "p99", samples: idP99, unit: "ms"),
            Figure(workload: "server_block_put", implementation: "sqlite-direct", metric: "requests", samples: directPuts, unit: "puts/s"),
            Figure(workload: "server_block_get", implementation: "sqlite-direct", metric: "requests", samples: directGets, unit: "gets/s"),
            Figure(workload: "server_block_get_during_puts", implementation: "swift-peergos-http", metric: "p99", samples: mixedGetP99, unit: "ms"),
            Figure(workload: "server_block_get_during_puts", implementation: "swift-peergos-http", metric: "requests", samples: mixedGetRates, unit: "req/s"),
        ]
        figures.forEach { $0.print() }
        let median = { (f: Figure) in f.median }
        return [
            Ratio(workload: "server_block_put", metric: "requests", ours: figures[0], baseline: "sqlite-direct", baselineMedian: median(figures[6]), target: nil, lowerIsBetter: false),
            Ratio(workload: "server_block_get", metric: "requests", ours: figures[2], baseline: "sqlite-direct", baselineMedian: median(figures[7]), target: nil, lowerIsBetter: false),
            Ratio(workload: "server_block_get", metric: "requests", ours: figures[2], baseline: "http-id", baselineMedian: median(figures[4]), target: nil, lowerIsBetter: false),
            // How much concurrent puts slow gets down (p99 of gets during puts over p99 of gets alone).
            Ratio(workload: "server_block_get_during_puts", metric: "p99", ours: figures[8], baseline: "gets-alone", baselineMedian: median(figures[3]), target: nil, lowerIsBetter: true),
        ]
    }
}
