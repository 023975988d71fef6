import Foundation
import NIOCore
import NIOHTTP1
import PeergosCBOR
import PeergosClient
import PeergosCrypto
import PeergosMultiformats
import PeergosServer

/// Workload `server`: a Peergos server over HTTP, measured like wrk (``HTTPLoad``: keep-alive
/// connections, POST, each sending its next request when the previous answer is complete, a
/// fixed number of requests). The server is the embedded one (``LoopbackServer``, SQLite with
/// synchronous = FULL) or, with `--server-url`, any server; either way a throw-away user is signed
/// up through the client library and its identity key (a writer of that user) signs the puts.
///
/// Each round, in one process and one moment:
/// - `api/v0/id` and `block/get` of one WriterData block (251 bytes of dag-cbor, the identity
///   WriterData upstream's client wrote in ../shared/captures) over `concurrency` connections;
/// - `block/put/bulk` of fresh signed 4 KiB raw blocks over `concurrency` connections, in slices
///   alternating with slices of the bare SQLite insert (``BareSQLiteInsert``, locally only) of as
///   many 4 KiB blocks, so that both see the same disk;
/// - `block/get` over half the connections alone, then the same gets while the other half puts
///   (both stop as soon as either is done, so every get measured ran during puts);
/// - the same two, but with the gets as an open load at a quarter of the rate the closed gets
///   alone just reached (``HTTPLoad/run(connections:count:rate:stopWhen:whenDone:request:check:)``,
///   latency from when each get was due). A closed load hides stalls: a get that waits 20 ms
///   holds up one connection, not the gets due meanwhile. At half the rate, full-speed puts left
///   the gets too little CPU (queues of 3-60 ms at p50 on a 2-core VM); at a quarter they keep up.
///   These are context, not a target: on that VM the open gets' p99 *alone* ranged from 0.25 to
///   44 ms between rounds (stalls of 10-45 ms that the closed loads cannot see), with the
///   generator's own timer at most 2-4 ms late (once 11) and no server thread waiting more than
///   about 5 ms for a CPU (perf sched); pinned sleepers saw machine-wide pauses of 8-10 ms even
///   when the machine was idle.
/// Same-run baselines: `api/v0/id` (HTTP with no work) for the reads, the bare insert for puts
/// (with `--server-url`, which has no local database, `api/v0/id` for both).
enum ServerWorkload {
    /// The identity WriterData of the captured signup (demo.jsonl, seq 10: `block/get` of
    /// zdpuB2V4gUoyQykuvVXYe6TJ1XPRVYvU4KRaUYsxumBgAUrXf), as upstream's client wrote it.
    static let writerDataHex = """
        a4656f776e6564d82a582500017112200d999bb8810e8900607cba4f0cd249f6cd99fe6a6fad76edb0208c8689a4ceae67696e626f756e64d82a\
        58250001711220f9c77cea5db6cdaa91ed30fef47628a1bee21574c6e2d9437aa5587f866919a569616c676f726974686da6616308616d11616f\
        18406170016173784039386463646163333433646133643663373463363661353635633935623362316262353736353136626566663461393238\
        3830363963326235396636336436356474797065016a636f6e74726f6c6c6572d82a58290001710024820158201e374af9b93385fc14138a66c7\
        3f95950e18b47f3e9fd1cf9a8eaf611c52843f
        """

    static func run(rounds: Int, putRequests: Int, getRequests: Int, concurrency: Int, serverURL: String?) async throws -> [Ratio] {
        let writerData = try capturedWriterData()
        let loopback: LoopbackServer? = serverURL == nil ? try await LoopbackServer.start(label: "peergos-bench-server", defaultQuota: .max) : nil
        do {
            let ratios = try await measure(origin: serverURL ?? loopback!.origin, local: loopback != nil, writerData: writerData,
                                           rounds: rounds, putRequests: putRequests, getRequests: getRequests, concurrency: concurrency)
            await loopback?.stop()
            return ratios
        } catch {
            await loopback?.stop()
            throw error
        }
    }

    static func capturedWriterData() throws -> [UInt8] {
        let hex = Array(writerDataHex.utf8)
        func nibble(_ c: UInt8) -> UInt8? {
            switch c {
            case 0x30...0x39: return c - 0x30
            case 0x61...0x66: return c - 0x61 + 10
            default: return nil
            }
        }
        var out: [UInt8] = []
        for i in stride(from: 0, to: hex.count - 1, by: 2) {
            guard let hi = nibble(hex[i]), let lo = nibble(hex[i + 1]) else { throw WorkloadMismatch(description: "WriterData hex") }
            out.append(hi << 4 | lo)
        }
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(out))
        guard cid.description == "zdpuB2V4gUoyQykuvVXYe6TJ1XPRVYvU4KRaUYsxumBgAUrXf" else {
            throw WorkloadMismatch(description: "the captured WriterData hashes to \(cid)")
        }
        return out
    }

    /// Signed `block/put/bulk` bodies of `count` fresh random 4 KiB blocks.
    static func signedPuts(_ count: Int, writer: SigningKeyPair) -> [ByteBuffer] {
        let random = SystemRandom.shared
        return (0..<count).map { _ in
            let b = random.bytes(4096)
            return ByteBuffer(bytes: CborObject.map(["b": .list([.bytes(b)]), "s": .list([.bytes(writer.signMessage(Hash.sha256(b)))])]).serialize())
        }
    }

    static func measure(origin: String, local: Bool, writerData: [UInt8], rounds: Int, putRequests: Int, getRequests: Int, concurrency: Int) async throws -> [Ratio] {
        guard let url = URL(string: origin), url.scheme == "http", let host = url.host else {
            throw WorkloadMismatch(description: "--server-url must be http://host[:port] (plain HTTP), not \(origin)")
        }
        let port = url.port ?? 80
        let implementation = local ? "swift-peergos-http" : "server-at-url"

        // A throw-away user, signed up the way any client would; its identity key is one of its writers.
        let client = PeergosClient(server: "http://\(host):\(port)", timeout: .seconds(120))
        let suffix = SystemRandom.shared.bytes(6).map { String($0, radix: 16) }.joined()
        let session = try await client.signup(username: "bench\(suffix)", password: "throw-away \(suffix) bench password")
        let writer = session.identity
        let owner = writer.publicKey.publicKeyHash
        print("# server: \(origin), signed up \(session.username)")
        let transaction = try await client.api.startTransaction(owner: owner)
        let stored = try await client.api.putBlocks(owner: owner, writer: writer, transaction: transaction, codec: .dagCbor, blocks: [writerData])
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(writerData))
        guard stored == [cid], try await client.api.block(owner: owner, cid: cid) == writerData else {
            throw WorkloadMismatch(description: "the server did not store the WriterData block as \(cid)")
        }

        let load = HTTPLoad(host: host, port: port)
        // The puts that run during gets come from a generator (an event loop thread) of their own,
        // as two wrk processes would: otherwise writing put bodies delays reading get answers.
        let writerLoad = HTTPLoad(host: host, port: port)
        let expected = ByteBuffer(bytes: writerData)
        let getPath = "/api/v0/block/get?arg=\(cid)&owner=\(owner)"
        let putPath = "/api/v0/block/put/bulk?format=raw&owner=\(owner)&writer=\(owner)&transaction=\(transaction)"
        let get: @Sendable (Int) -> LoadRequest = { _ in LoadRequest(path: getPath, body: nil) }
        let checkGet: LoadCheck = { _, status, body in
            status == .ok && body == expected ? nil : "block/get answered \(status) with \(body.readableBytes) bytes"
        }
        let checkOk: LoadCheck = { _, status, body in
            status == .ok ? nil : "answered \(status): \(String(buffer: body).prefix(200))"
        }
        let half = max(1, concurrency / 2), putHalf = max(1, concurrency - half)
        let slices = max(1, min(6, putRequests / max(1, concurrency)))

        var id: [LoadResult] = [], gets: [LoadResult] = [], puts: [LoadResult] = []
        var getsAlone: [LoadResult] = [], getsDuring: [LoadResult] = [], putsDuring: [LoadResult] = []
        var pacedAlone: [LoadResult] = [], pacedDuring: [LoadResult] = [], putsDuringPaced: [LoadResult] = [], pacedRates: [Double] = []
        var bare: [Double] = []
        do {
            for round in 0...rounds {  // round 0 warms up and is not counted
                let bodies = signedPuts(putRequests, writer: writer)
                let mixedBodies = signedPuts(putRequests, writer: writer)
                let pacedBodies = signedPuts(putRequests, writer: writer)
                let bareBlocks = local ? (0..<putRequests).map { _ in (key: SystemRandom.shared.bytes(36), value: SystemRandom.shared.bytes(4096)) } : []
                let i = try await load.run(connections: concurrency, count: getRequests, request: { _ in LoadRequest(path: "/api/v0/id", body: nil) }, check: checkOk)
                let g = try await load.run(connections: concurrency, count: getRequests, request: get, check: checkGet)
                // Puts and bare inserts in alternating slices: the disk's fsync time drifts with whatever
                // else the machine writes, and both should see the same disk.
                var putSlices: [LoadResult] = [], bareSeconds = 0.0
                let bareDb = local ? try BareSQLiteInsert(directory: FileManager.default.temporaryDirectory.path) : nil
                do {
                    for slice in 0..<slices {
                        let range = (slice * putRequests / slices)..<((slice + 1) * putRequests / slices)
                        if let bareDb { bareSeconds += try bareDb.insert(bareBlocks[range]) }
                        putSlices.append(try await load.run(connections: concurrency, count: range.count,
                                                            request: { LoadRequest(path: putPath, body: bodies[range.lowerBound + $0]) }, check: checkOk))
                    }
                } catch {
                    bareDb?.close()
                    throw error
                }
                bareDb?.close()
                let p = LoadResult.combined(putSlices)
                let b: Double? = local ? Double(putRequests) / bareSeconds : nil
                let alone = try await load.run(connections: half, count: getRequests / 2, request: get, check: checkGet)
                let putsEnded = LoadSignal(), getsEnded = LoadSignal()
                async let mixedPuts = writerLoad.run(connections: putHalf, count: putRequests, stopWhen: getsEnded, whenDone: putsEnded,
                                               request: { LoadRequest(path: putPath, body: mixedBodies[$0]) }, check: checkOk)
                async let mixedGets = load.run(connections: half, count: getRequests / 2, stopWhen: putsEnded, whenDone: getsEnded, request: get, check: checkGet)
                let (mp, mg) = try await (mixedPuts, mixedGets)
                // Open loads at a quarter of the rate the closed gets alone reached, alone and during puts.
                let rate = alone.rate / 4
                let pa = try await load.run(connections: half, count: getRequests / 2, rate: rate, request: get, check: checkGet)
                let pacedPutsEnded = LoadSignal(), pacedGetsEnded = LoadSignal()
                async let pacedPuts = writerLoad.run(connections: putHalf, count: putRequests, stopWhen: pacedGetsEnded, whenDone: pacedPutsEnded,
                                                     request: { LoadRequest(path: putPath, body: pacedBodies[$0]) }, check: checkOk)
                async let pacedGets = load.run(connections: half, count: getRequests / 2, rate: rate, stopWhen: pacedPutsEnded, whenDone: pacedGetsEnded,
                                               request: get, check: checkGet)
                let (pp, pg) = try await (pacedPuts, pacedGets)
                print("# server round \(round): id \(line(i)); get \(line(g)); put \(line(p)); gets alone (\(half)) \(line(alone)); "
                      + "during puts: get \(line(mg)), put \(line(mp))" + (b.map { "; bare sqlite insert \(fmt($0))/s" } ?? ""))
                print("# server round \(round): open gets at \(fmt(rate))/s alone \(line(pa)), timer late \(fmt(pa.latestWakeMs)) ms; "
                      + "during puts: get \(line(pg)), timer late \(fmt(pg.latestWakeMs)) ms; put \(line(pp))")
                guard round > 0 else { continue }
                id.append(i); gets.append(g); puts.append(p); getsAlone.append(alone); getsDuring.append(mg); putsDuring.append(mp)
                pacedAlone.append(pa); pacedDuring.append(pg); putsDuringPaced.append(pp); pacedRates.append(rate)
                if let b { bare.append(b) }
            }
        } catch {
            await load.shutdown()
            await writerLoad.shutdown()
            throw error
        }
        await load.shutdown()
        await writerLoad.shutdown()

        func figures(_ workload: String, _ results: [LoadResult]) -> [Figure] {
            [Figure(workload: workload, implementation: implementation, metric: "requests", samples: results.map(\.rate), unit: "req/s"),
             Figure(workload: workload, implementation: implementation, metric: "p50", samples: results.map(\.p50Ms), unit: "ms"),
             Figure(workload: workload, implementation: implementation, metric: "p99", samples: results.map(\.p99Ms), unit: "ms"),
             Figure(workload: workload, implementation: implementation, metric: "max", samples: results.map(\.maxMs), unit: "ms")]
        }
        let idF = figures("server_id", id)
        let getF = figures("server_block_get", gets)
        let putF = figures("server_block_put", puts)
        let aloneF = figures("server_block_get_\(half)_alone", getsAlone)
        let duringF = figures("server_block_get_\(half)_during_puts", getsDuring)
        let putsDuringF = figures("server_block_put_\(putHalf)_during_gets", putsDuring)
        let bareF = Figure(workload: "server_block_put", implementation: "sqlite-bare-insert", metric: "requests", samples: bare, unit: "inserts/s")
        let pacedAloneF = figures("server_block_get_\(half)_open_quarter_rate_alone", pacedAlone)
        let pacedDuringF = figures("server_block_get_\(half)_open_quarter_rate_during_puts", pacedDuring)
        let putsDuringPacedF = figures("server_block_put_\(putHalf)_during_open_gets", putsDuringPaced)
        let pacedRateF = Figure(workload: "server_block_get_\(half)_open_quarter_rate", implementation: implementation, metric: "offered", samples: pacedRates, unit: "req/s")
        for f in idF + getF + putF + aloneF + duringF + putsDuringF + pacedAloneF + pacedDuringF + putsDuringPacedF + [pacedRateF] { f.print() }
        if local { bareF.print() }

        var ratios = [
            Ratio(workload: "server_block_get", metric: "requests", ours: getF[0], baseline: "http-id", baselineMedian: idF[0].median, target: 0.8, lowerIsBetter: false),
            Ratio(workload: "server_block_get", metric: "max", ours: getF[3], baseline: "http-id", baselineMedian: idF[3].median, target: nil, lowerIsBetter: true),
            // How much concurrent puts slow gets down: p99 of gets during puts over p99 of the same gets alone.
            Ratio(workload: "server_block_get_during_puts", metric: "p99", ours: duringF[2], baseline: "gets-alone", baselineMedian: aloneF[2].median, target: 1.5, lowerIsBetter: true),
            // The same with the gets offered at a fixed quarter of their capacity (open load): context, see above.
            Ratio(workload: "server_block_get_open_quarter_rate_during_puts", metric: "p99", ours: pacedDuringF[2], baseline: "open-gets-alone", baselineMedian: pacedAloneF[2].median, target: nil, lowerIsBetter: true),
        ]
        if local {
            // Issue 11's target is put >= 2.5x its measured 3.3k req/s, where a bare insert ran at 4.9k/s on
            // the same machine: 2.5 * 3.3 / 4.9 = 1.68, so put / bare insert >= 1.7 in the same run.
            ratios.append(Ratio(workload: "server_block_put", metric: "requests", ours: putF[0], baseline: "sqlite-bare-insert", baselineMedian: bareF.median, target: 1.7, lowerIsBetter: false))
        } else {
            ratios.append(Ratio(workload: "server_block_put", metric: "requests", ours: putF[0], baseline: "http-id", baselineMedian: idF[0].median, target: nil, lowerIsBetter: false))
        }
        return ratios
    }

    static func line(_ r: LoadResult) -> String {
        "\(fmt(r.rate))/s p50 \(fmt(r.p50Ms)) p99 \(fmt(r.p99Ms)) max \(fmt(r.maxMs)) ms (\(r.done)), cpu \(fmt(r.cpuMicros)) us/req"
    }
}
