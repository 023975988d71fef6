import Foundation
import GRDB

/// Group commit: writes that arrive while another batch is committing share one SQLite
/// transaction and one commit (one fsync of the WAL with `synchronous = FULL`).
///
/// A caller of ``perform(_:)`` enqueues its work and waits. If no batch is running it becomes the
/// leader: it takes the queued requests (at most ``maxBatch``, oldest first), runs them inside one
/// transaction (first all in it directly; if any fails, the transaction is rolled back and they run
/// again each in its own savepoint), commits once, then hands every request its own outcome and
/// wakes each waiter; requests that arrived meanwhile form the next batch, led by the first of
/// them. A caller alone leads a batch of one at once, with no savepoint: no added latency.
///
/// Invariants (all state is guarded by `condition`):
/// - At most one batch runs at a time, and every write to the database goes through a batch, so
///   a batch sees the effects of every batch committed before it.
/// - Within a batch, requests run in arrival order, each seeing the effects of the earlier ones
///   that succeeded; a request that fails rolls back only its own savepoint and gets its own error.
///   The outcome is that of running the requests one after another, in arrival order.
/// - A request's outcome is set only after its batch's commit returned (or failed), so a caller
///   that returns success has its write on disk. If the commit fails, every request still open in
///   the batch gets that error and none is acknowledged.
/// - If SQLite rolls the whole transaction back on a request's error (`SQLITE_FULL`, `SQLITE_IOERR`,
///   `SQLITE_NOMEM`, `SQLITE_BUSY` may), that request gets its error and the others of the batch run
///   again, in order, in a new transaction.
/// - While `queue` is non-empty, either a leader runs or the queue's head is designated (and
///   woken) to lead: a leader hands over to the head when its batch ends. `leading` is false only
///   while the queue is empty.
/// - Every caller is woken exactly once, or not at all if it leads from the start.
/// - No timers: a batch is whatever queued up during the previous commit.
final class GroupCommit: @unchecked Sendable {
    /// One caller's write: run inside a batch's transaction (possibly more than once, if the
    /// transaction had to be restarted), and its final outcome once its batch ended.
    final class Request {
        /// Cleared by the leader before it publishes the outcome, so the caller's closure is
        /// released by the time the caller returns.
        var body: ((Database) throws -> Void)?
        var outcome: Result<Void, Error>?
        /// Set (under the lock) when this request heads the queue and its caller is to lead the next batch.
        var leads = false
        /// Signalled exactly once: when `outcome` is set or `leads` became true.
        let wake = DispatchSemaphore(value: 0)
        init(_ body: @escaping (Database) throws -> Void) { self.body = body }
    }

    private let pool: DatabasePool
    /// The most requests one transaction holds.
    let maxBatch: Int
    /// Guards the state below; also what the test hooks wait on.
    private let condition = NSCondition()
    private var queue: [Request] = []
    private var leading = false
    private var committed = 0
    /// Test hook: the next leader waits until this many requests are queued (its own included)
    /// before it takes its batch; then the hook is cleared.
    private var holdNextBatchUntil: Int? = nil
    /// Callers of ``waitUntilQueued(_:)`` waiting now (enqueueing wakes them only then).
    private var queueWatchers = 0

    init(pool: DatabasePool, maxBatch: Int = 64) {
        precondition(maxBatch >= 1)
        self.pool = pool
        self.maxBatch = maxBatch
    }

    /// Runs `body` in a write transaction, possibly shared with concurrent callers, and returns
    /// once that transaction is committed (durable), or throws the error of `body`, of SQLite while
    /// running it, or of the commit. `body` may run more than once (on a restarted transaction):
    /// it must be a function of the database state only.
    ///
    /// Each caller sleeps on a semaphore of its own and is woken once: when its outcome is set, or
    /// when its request heads the queue after a batch and it is to lead the next one. (A shared
    /// condition woke every waiting caller after every batch, most of them only to sleep again.)
    /// While `leading` is false the queue is empty, so a caller that finds no leader leads a batch
    /// that holds its own request; a designated leader heads the queue, so its batch holds its own
    /// request too. Either way a leader runs exactly one batch, then returns its own outcome.
    func perform(_ body: @escaping (Database) throws -> Void) throws {
        let request = Request(body)
        condition.lock()
        queue.append(request)
        if holdNextBatchUntil != nil || queueWatchers > 0 { condition.broadcast() }
        if leading {
            condition.unlock()
            request.wake.wait()
            condition.lock()
        } else {
            leading = true
            request.leads = true
        }
        if request.outcome == nil {
            precondition(request.leads && queue.first === request, "group commit: woken neither done nor leading")
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
            let next = queue.first
            if let next { next.leads = true } else { leading = false }
            condition.unlock()
            for r in batch where r !== request { r.wake.signal() }
            next?.wake.signal()
            condition.lock()
        }
        let outcome = request.outcome!
        condition.unlock()
        try outcome.get()
    }

    /// Runs one batch; returns each request's outcome, and whether a transaction was committed.
    private func run(_ batch: [Request]) -> ([Result<Void, Error>], Bool) {
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

    // MARK: Test hooks

    /// Transactions committed so far (one per batch that stored anything).
    var commits: Int {
        condition.lock()
        defer { condition.unlock() }
        return committed
    }

    /// Makes the next leader wait until `count` requests are queued, so that they share a batch.
    func holdNextBatch(until count: Int) {
        condition.lock()
        holdNextBatchUntil = count
        condition.unlock()
    }

    /// Blocks until at least `count` requests are queued (not yet taken by a leader).
    func waitUntilQueued(_ count: Int) {
        condition.lock()
        queueWatchers += 1
        while queue.count < count { condition.wait() }
        queueWatchers -= 1
        condition.unlock()
    }
}
