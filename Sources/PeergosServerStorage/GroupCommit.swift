import Foundation
import GRDB

/// Group commit: writes that arrive while another batch is committing share one SQLite
/// transaction and one commit (one fsync of the WAL with `synchronous = FULL`).
///
/// A caller of ``perform(_:)`` enqueues its work and sleeps (one of ``submit(_:completion:)``
/// enqueues it and returns). One writer thread of the group commit's
/// own takes the queued requests (at most ``maxBatch``, oldest first), runs them inside one
/// transaction (first all in it directly; if any fails, the transaction is rolled back and they run
/// again each in its own savepoint), commits once, then hands every request its own outcome and
/// wakes its caller; requests that arrived meanwhile form the next batch, which the writer starts at
/// once. A request alone forms a batch of one, run with no savepoint.
///
/// Why a thread of its own, not the first caller leading (measured, peergos-bench server, puts at
/// 16 connections on 2 cores): when callers led, a batch of 7 puts took 0.93 ms and the next
/// batch started 1.13 ms after it ended, since the designated leader, a blocking-pool thread at
/// nice +10, first had to be scheduled among the pool threads busy checking signatures. The writer
/// never waits to be woken while requests are queued; puts went from 5.1-5.4k/s to 6.1-6.8k/s.
/// It runs at nice +10 (``WriterPriority``), as the server's blocking pool does, so that reads
/// come first on a saturated CPU.
///
/// Invariants (all state is guarded by `condition`):
/// - Only the writer thread runs batches, one at a time, and every write to the database goes
///   through a batch, so a batch sees the effects of every batch committed before it.
/// - Within a batch, requests run in arrival order, each seeing the effects of the earlier ones
///   that succeeded; a request that fails rolls back only its own savepoint and gets its own error.
///   The outcome is that of running the requests one after another, in arrival order.
/// - A request's outcome is set only after its batch's commit returned (or failed), so a caller
///   that returns success has its write on disk. If the commit fails, every request still open in
///   the batch gets that error and none is acknowledged.
/// - If SQLite rolls the whole transaction back on a request's error (`SQLITE_FULL`, `SQLITE_IOERR`,
///   `SQLITE_NOMEM`, `SQLITE_BUSY` may), that request gets its error and the others of the batch run
///   again, in order, in a new transaction.
/// - Every caller is woken (or its completion called) exactly once, when its outcome is set.
/// - The writer sleeps only while the queue is empty (or a test hook holds it). No timers: a batch
///   is whatever queued up during the previous commit.
/// - The writer thread ends once the group commit is released (no caller can be inside
///   ``perform(_:)`` then) and the queue is empty.
final class GroupCommit: @unchecked Sendable {
    /// One caller's write: run inside a batch's transaction (possibly more than once, if the
    /// transaction had to be restarted), and its final outcome once its batch ended.
    final class Request {
        /// Cleared by the writer before it publishes the outcome, so the caller's closure is
        /// released by the time the caller returns.
        var body: ((Database) throws -> Void)?
        var outcome: Result<Void, Error>?
        /// Signalled exactly once, when `outcome` is set, for a caller of ``GroupCommit/perform(_:)``.
        let wake: DispatchSemaphore?
        /// Called exactly once on the writer thread, when `outcome` is set, for a caller of
        /// ``GroupCommit/submit(_:completion:)``.
        let completion: ((Result<Void, Error>) -> Void)?
        init(_ body: @escaping (Database) throws -> Void) {
            self.body = body
            wake = DispatchSemaphore(value: 0)
            completion = nil
        }
        init(_ body: @escaping (Database) throws -> Void, completion: @escaping (Result<Void, Error>) -> Void) {
            self.body = body
            wake = nil
            self.completion = completion
        }
    }

    /// What the writer thread shares with callers; the thread holds this, not the group commit,
    /// so that releasing the group commit ends the thread.
    private let shared: Writer

    /// The most requests one transaction holds.
    var maxBatch: Int { shared.maxBatch }

    init(pool: DatabasePool, maxBatch: Int = 64) {
        precondition(maxBatch >= 1)
        shared = Writer(pool: pool, maxBatch: maxBatch)
        let writer = shared
        Thread { writer.loop() }.start()
    }

    deinit {
        shared.condition.lock()
        shared.stopping = true
        shared.condition.broadcast()
        shared.condition.unlock()
    }

    /// Runs `body` in a write transaction, possibly shared with concurrent callers, and returns
    /// once that transaction is committed (durable), or throws the error of `body`, of SQLite while
    /// running it, or of the commit. `body` runs on the writer thread and may run more than once
    /// (on a restarted transaction): it must be a function of the database state only, and must not
    /// call ``perform(_:)`` itself.
    func perform(_ body: @escaping (Database) throws -> Void) throws {
        let request = Request(body)
        enqueue(request)
        request.wake!.wait()
        shared.condition.lock()
        let outcome = request.outcome!
        shared.condition.unlock()
        try outcome.get()
    }

    /// ``perform(_:)`` without waiting: returns at once, and `completion` gets the outcome on the
    /// writer thread once the transaction is committed (durable) or failed. `completion` must be
    /// short (every later batch waits for it) and must not call ``perform(_:)``.
    func submit(_ body: @escaping (Database) throws -> Void, completion: @escaping (Result<Void, Error>) -> Void) {
        enqueue(Request(body, completion: completion))
    }

    private func enqueue(_ request: Request) {
        let condition = shared.condition
        condition.lock()
        shared.queue.append(request)
        // Only the writer waits on the condition, except for test hooks' watchers.
        if shared.queueWatchers > 0 { condition.broadcast() } else { condition.signal() }
        condition.unlock()
    }

    // MARK: Test hooks

    /// Transactions committed so far (one per batch that stored anything).
    var commits: Int {
        shared.condition.lock()
        defer { shared.condition.unlock() }
        return shared.committed
    }

    /// Makes the writer's next batch wait until `count` requests are queued, so that they share it.
    func holdNextBatch(until count: Int) {
        shared.condition.lock()
        shared.holdNextBatchUntil = count
        shared.condition.unlock()
    }

    /// Blocks until at least `count` requests are queued (not yet taken by the writer).
    func waitUntilQueued(_ count: Int) {
        shared.condition.lock()
        shared.queueWatchers += 1
        while shared.queue.count < count { shared.condition.wait() }
        shared.queueWatchers -= 1
        shared.condition.unlock()
    }
}

/// The writer thread's side of ``GroupCommit``.
private final class Writer: @unchecked Sendable {
    let pool: DatabasePool
    let maxBatch: Int
    /// Guards the state below. The writer waits on it for requests; test hooks' watchers too.
    let condition = NSCondition()
    var queue: [GroupCommit.Request] = []
    var stopping = false
    var committed = 0
    /// Test hook: the next batch waits until this many requests are queued; then it is cleared.
    var holdNextBatchUntil: Int? = nil
    /// Callers of `waitUntilQueued` waiting now (enqueueing broadcasts only then).
    var queueWatchers = 0

    init(pool: DatabasePool, maxBatch: Int) {
        self.pool = pool
        self.maxBatch = maxBatch
    }

    /// The writer thread: batch after batch while requests are queued; ends once stopping with none left.
    func loop() {
        // Named from the thread itself (a name set before `start()` is not applied on Linux), so
        // that profilers and `top -H` show it.
        Thread.current.name = "peergos-writer"
        WriterPriority.apply()
        condition.lock()
        while true {
            while queue.isEmpty && !stopping { condition.wait() }
            if queue.isEmpty { break }
            if let hold = holdNextBatchUntil {
                while queue.count < hold { condition.wait() }
                holdNextBatchUntil = nil
            }
            let batch = Array(queue.prefix(maxBatch))
            queue.removeFirst(batch.count)
            condition.unlock()
            let (outcomes, didCommit) = run(batch)
            condition.lock()
            for (r, outcome) in zip(batch, outcomes) {
                r.body = nil
                r.outcome = outcome
            }
            if didCommit { committed += 1 }
            condition.unlock()
            for (r, outcome) in zip(batch, outcomes) {
                if let completion = r.completion { completion(outcome) } else { r.wake?.signal() }
            }
            condition.lock()
        }
        condition.unlock()
    }

    /// Runs one batch; returns each request's outcome, and whether a transaction was committed.
    func run(_ batch: [GroupCommit.Request]) -> ([Result<Void, Error>], Bool) {
        if batch.count == 1, let body = batch[0].body {
            // Alone: one plain transaction, as a write without group commit would be.
            do {
                try pool.writeWithoutTransaction { db in try db.inTransaction(.immediate) { try body(db); return .commit } }
                return ([.success(())], true)
            } catch {
                return ([.failure(error)], false)
            }
        }
        var outcomes = [Result<Void, Error>?](repeating: nil, count: batch.count)
        // First without savepoints: when every request succeeds (nearly always) the outcome is the
        // same, and each request saves two statements (GRDB prepares SAVEPOINT and RELEASE anew
        // every time). At the first failure the whole transaction is rolled back, nothing of it
        // acknowledged, and the batch runs again with a savepoint per request, as below.
        var careful = false
        while true {
            let open = batch.indices.filter { outcomes[$0] == nil }
            if open.isEmpty { return (outcomes.map { $0! }, false) }
            var results: [(Int, Result<Void, Error>)] = []
            var restart = false
            var committing = false
            do {
                try pool.writeWithoutTransaction { db in
                    try db.inTransaction(.immediate) {
                        for i in open {
                            do {
                                let body = batch[i].body!
                                // Alone in the transaction: the transaction is its savepoint.
                                if open.count == 1 || !careful { try body(db) } else { try db.inSavepoint { try body(db); return .commit } }
                                results.append((i, .success(())))
                            } catch {
                                guard careful else {
                                    careful = true
                                    restart = true
                                    return .rollback
                                }
                                guard db.isInsideTransaction else {
                                    // SQLite rolled the whole transaction back: this request
                                    // failed alone; the others run again in a new transaction.
                                    outcomes[i] = .failure(error)
                                    restart = true
                                    return .rollback
                                }
                                results.append((i, .failure(error)))
                            }
                        }
                        committing = results.contains { if case .success = $0.1 { true } else { false } }
                        return committing ? .commit : .rollback
                    }
                }
            } catch {
                // BEGIN or COMMIT failed: nothing of the batch is stored, no request is acknowledged.
                for i in open { outcomes[i] = .failure(error) }
                return (outcomes.map { $0! }, false)
            }
            if restart { continue }
            for (i, r) in results { outcomes[i] = r }
            return (outcomes.map { $0! }, committing)
        }
    }
}

/// The writer thread's CPU priority.
enum WriterPriority {
    /// The writer's nice value: +10, the same as the server's blocking pool (whose threads check
    /// signatures and wait for writes), below reads and HTTP I/O. The writer never waits to be
    /// scheduled between batches while requests are queued, so this costs writes nothing.
    /// Measured (peergos-bench server, embedded, 2 cores, two runs each, same session): writer at
    /// nice 0 / +5 / +10, puts at c16 6.9-7.1k / 7.2-7.5k / 7.2-7.5k per second, p99 of gets during
    /// puts over gets alone 2.26-2.30 / 1.94-1.96 / 1.89-2.00.
    static let niceness: Int32 = 10

    /// Gives the calling thread ``niceness``. Best effort: if the kernel refuses, the thread keeps
    /// its creator's priority, which changes only how reads and writes share a saturated CPU,
    /// never a result.
    static func apply() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(writerThreadId()), niceness)
        #endif
    }
}

#if os(Linux)
/// glibc's `gettid()` (2.30 and later), which the Glibc module does not import.
@_silgen_name("gettid") private func writerThreadId() -> Int32
#endif
