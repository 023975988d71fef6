import Foundation
import Hummingbird
import NIOPosix

/// Where the server's synchronous work runs: SQLite calls (a write waits for fsync and for the
/// single writer), signature checks and CHAMP walks. Not on Swift's cooperative pool, which has
/// one thread per core, so that a few waiting writes cannot stall every other request.
enum BlockingWork {
    /// More threads than cores: most of the time they wait on the disk or on SQLite's writer lock.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: threads)
        pool.start()
        lowerPriority(of: pool)
        return pool
    }()

    static let threads = 16

    /// Runs `work` on ``pool``, or `ifCancelled` (on a pool thread) if the pool no longer runs work.
    static func run(_ work: @escaping @Sendable () -> Void, ifCancelled: @escaping @Sendable () -> Void) {
        pool.submit { state in
            if case .active = state { work() } else { ifCancelled() }
        }
    }

    /// The blocking pool threads' nice value (per thread on Linux): +10, so that when the CPU is
    /// saturated, reads (handled where the request is, see `postReading`) and HTTP I/O run before
    /// the CPU work of writes (signature checks, CBOR, SQLite). Measured (peergos-bench server,
    /// 8 get connections during 8 put connections, p99 of gets during puts over p99 of gets
    /// alone, same run): nice +5 1.70, +10 1.45, +15 1.12, +19 1.08; puts during the gets
    /// 870/s, 780/s, 170/s, 100/s. Past +10 writes all but starve under a steady read load.
    /// Nice matters only while the CPU is saturated (there, other processes were compiling): on
    /// an otherwise idle machine +10 and +15 gave the same ratio (2.0-2.1, puts during gets
    /// 2.2-2.8k/s), since a read's thread that wakes waits for the running niced thread's slice
    /// either way. `SCHED_IDLE` for these threads (preempted at once) gave 1.3-1.7 with puts
    /// during gets halved, but under any other CPU load it starves writes, and a starved thread
    /// holding the pool's queue lock would stall the reads' threads that submit work: not used.
    static let niceness: Int32 = 10

    /// Gives every thread of `pool` the lower CPU priority ``niceness``.
    static func lowerPriority(of pool: NIOThreadPool) {
        #if os(Linux)
        let started = DispatchGroup(), release = DispatchSemaphore(value: 0)
        for _ in 0..<threads {
            started.enter()
            pool.submit { _ in
                // Best effort: if the kernel refuses, the thread keeps its normal priority, which
                // changes only how reads and writes share a saturated CPU, never a result.
                _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(threadId()), BlockingWork.niceness)
                started.leave()
                release.wait()  // holds this thread, so the next item lands on another
            }
        }
        started.wait()
        for _ in 0..<threads { release.signal() }
        #endif
    }
}

#if os(Linux)
/// glibc's `gettid()` (2.30 and later), which the Glibc module does not import.
@_silgen_name("gettid") private func threadId() -> Int32
#endif

extension Router where Context == BasicRequestContext {
    /// A POST route whose work is synchronous: the body (up to `bodyLimit` bytes, none if nil) is
    /// read first, then `handler` runs on ``BlockingWork/pool``.
    @discardableResult
    func postBlocking(_ path: RouterPath, bodyLimit: Int? = nil,
                      _ handler: @escaping @Sendable (Request, [UInt8]) throws -> Response) -> Self {
        post(path) { request, _ in
            var body: [UInt8] = []
            if let bodyLimit { body = try await request.bodyBytes(limit: bodyLimit) }
            let received = body
            return try await BlockingWork.pool.runIfActive { try handler(request, received) }
        }
    }

    /// A POST route with no body whose work is one short read through ``ServerReadConnections``
    /// (a block, its size, a pointer): `handler` runs where the request is handled, with no hop to
    /// ``BlockingWork/pool``, so reads never queue behind writes waiting for fsync there.
    ///
    /// Safe because such a read never waits for a lock: SQLite's WAL readers do not wait for the
    /// writer or for checkpoints, and ``ServerReadConnections`` opens another connection rather
    /// than wait for a busy one. Measured (peergos-bench server, CPU per request): the hop to the
    /// pool and back cost more than the read itself. The one wait left is the disk: a block not in
    /// the page cache holds this thread for one read (a few pages, never a lock or an fsync).
    @discardableResult
    func postReading(_ path: RouterPath, _ handler: @escaping @Sendable (Request) throws -> Response) -> Self {
        post(path) { request, _ in try handler(request) }
    }
}
