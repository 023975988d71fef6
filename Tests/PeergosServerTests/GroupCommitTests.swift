import Foundation
import GRDB
import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServerStorage
import Synchronization
import Testing

/// Group commit in the server's database: writes forced into one batch (the leader is held until a
/// given number of requests is queued, counted, never timed) commit together, each with its own
/// outcome, exactly as if they had run one after another in arrival order.
@Suite("Group commit")
struct GroupCommitTests {
    typealias Op = @Sendable () throws -> Bool

    static func database(_ name: String, maxSizeBytes: Int64? = nil, maxBatch: Int = 64) throws -> ServerDatabase {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-gc-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return try ServerDatabase(path: dir + "/peergos.sqlite", maxSizeBytes: maxSizeBytes, maxBatch: maxBatch)
    }

    static func block(_ seed: UInt8, _ size: Int) throws -> (cid: Cid, data: [UInt8]) {
        let data = [UInt8](repeating: seed, count: size)
        return (try Cid.sha256(codec: .raw, digest: Hash.sha256(data)), data)
    }

    static func writer(_ label: String) throws -> PublicKeyHash {
        try SigningKeyPair(seed: Hash.sha256(Array("sign:gc-\(label)".utf8))).publicKey.publicKeyHash
    }

    /// Runs `ops` so that they queue in the given order and share one batch: the next leader is
    /// held until all are queued, and op i+1 starts only once op i is queued. Returns each op's
    /// outcome, errors as the storage's typed errors.
    static func inOneBatch(_ db: ServerDatabase, _ ops: [Op]) async throws -> [Result<Bool, ServerStorageError>] {
        db.groupCommit.holdNextBatch(until: ops.count)
        return try await withThrowingTaskGroup(of: (Int, Result<Bool, ServerStorageError>).self) { group in
            for (i, op) in ops.enumerated() {
                group.addTask {
                    let r = try await OffPool.run { () -> Result<Bool, ServerStorageError> in
                        do { return .success(try op()) } catch let e as ServerStorageError { return .failure(e) }
                    }
                    return (i, r)
                }
                // The leader still holds until the last op is queued, so the queue only grows.
                if i < ops.count - 1 { try await OffPool.run { db.groupCommit.waitUntilQueued(i + 1) } }
            }
            var results = [Result<Bool, ServerStorageError>?](repeating: nil, count: ops.count)
            for try await (i, r) in group { results[i] = r }
            return results.map { $0! }
        }
    }

    /// The same ops one after another, each alone.
    static func oneByOne(_ ops: [Op]) -> [Result<Bool, ServerStorageError>] {
        ops.map { op in
            do { return .success(try op()) } catch let e as ServerStorageError { return .failure(e) } catch { return .failure(.failure("\(error)")) }
        }
    }

    @Test("the writer connection syncs the WAL at every commit (synchronous = FULL; GRDB sets NORMAL when it opens WAL)")
    func writerSyncsEveryCommit() throws {
        let db = try Self.database("sync")
        #expect(try db.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") } == 2)
        #expect(try db.pool.writeWithoutTransaction { try String.fetchOne($0, sql: "PRAGMA journal_mode") } == "wal")
    }

    @Test("the writer reads pages through a memory map and checkpoints every 1000 WAL pages")
    func writerSettings() throws {
        let db = try Self.database("settings")
        let mapped = try db.pool.writeWithoutTransaction { try Int64.fetchOne($0, sql: "PRAGMA mmap_size") }
        #expect(mapped == ServerDatabase.mmapBytes)
        #expect(try db.pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA wal_autocheckpoint") } == 1000)
    }

    #if os(Linux)
    @Test("writes run on the group commit's own thread, named, at the blocking pool's nice value")
    func writerThread() throws {
        let db = try Self.database("thread")
        let callerThread = gettidForTests()
        let (writerThread, writerNice, writerName) = try db.write { _ in
            (gettidForTests(), getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(gettidForTests())),
             try String(contentsOfFile: "/proc/self/task/\(gettidForTests())/comm", encoding: .utf8))
        }
        #expect(writerThread != callerThread)
        #expect(writerName == "peergos-writer\n")
        // Lowering priority never needs privilege; a caller already below it leaves the writer there.
        let callerNice = getpriority(__priority_which_t(PRIO_PROCESS.rawValue), id_t(callerThread))
        #expect(writerNice == max(WriterPriority.niceness, callerNice))
        #expect(WriterPriority.niceness == 10)
    }
    #endif

    @Test("a request that fails in a batch gets its own error and stores nothing; the others commit, in one commit")
    func failingRequestIsolated() async throws {
        let db = try Self.database("isolated")
        let a = try Self.block(1, 1000), b = try Self.block(2, 3000), c = try Self.block(3, 500), d = try Self.block(8, 200)
        let before = db.groupCommit.commits
        let results = try await Self.inOneBatch(db, [
            { try db.putBlocks([a], chargedTo: "u", quota: 2000); return true },
            // Sees a's 1000 bytes: 1000 + 3000 > 2000.
            { try db.putBlocks([b], chargedTo: "u", quota: 2000); return true },
            // Stores a block (charged to u), then fails on a constraint (NOT NULL): all of it is undone.
            { try db.write { try ServerDatabase.insert([d], chargedTo: "u", $0); try $0.execute(sql: "INSERT INTO block (cid, data) VALUES (NULL, x'00')") }; return true },
            // 1000 + 500 <= 2000: b was not counted.
            { try db.putBlocks([c], chargedTo: "u", quota: 2000); return true },
        ])
        #expect(db.groupCommit.commits == before + 1)
        #expect(try results[0].get() == true)
        #expect(results[1] == .failure(.quotaExceeded(used: 1000, quota: 2000, requested: 3000)))
        guard case .failure(.failure(let why)) = results[2] else { Issue.record("expected a storage failure, got \(results[2])"); return }
        #expect(why.contains("NOT NULL"))
        #expect(try results[3].get() == true)
        #expect(try db.block(a.cid) == a.data && db.block(c.cid) == c.data)
        #expect(try db.block(b.cid) == nil && db.block(d.cid) == nil)
        #expect(try db.usage(username: "u") == 1500)
    }

    @Test("compare-and-swaps in one batch see the earlier ones, in arrival order, as one after another would")
    func casOrdering() async throws {
        let w1 = try Self.writer("w1"), w2 = try Self.writer("w2")
        func ops(_ db: ServerDatabase) -> [Op] {
            [
                { try db.compareAndSwap([.init(writer: w1, expected: nil, new: [0xA])]) },
                { try db.compareAndSwap([.init(writer: w1, expected: [0xA], new: [0xB])]) },
                { try db.compareAndSwap([.init(writer: w1, expected: nil, new: [0xC])]) },
                { try db.compareAndSwap([.init(writer: w1, expected: [0xB], new: [0xD]), .init(writer: w2, expected: nil, new: [0xE])],
                                        registering: [(w2, "u")]) },
                // All or nothing: w2 moved, so w1 keeps 0xD.
                { try db.compareAndSwap([.init(writer: w1, expected: [0xD], new: [0xF]), .init(writer: w2, expected: [0x0], new: [0x1])]) },
            ]
        }
        let db = try Self.database("cas")
        let before = db.groupCommit.commits
        let batched = try await Self.inOneBatch(db, ops(db))
        #expect(db.groupCommit.commits == before + 1)
        #expect(try batched.map { try $0.get() } == [true, true, false, true, false])
        #expect(try db.pointer(writer: w1) == [0xD] && db.pointer(writer: w2) == [0xE])
        #expect(try db.writerOwner(w2) == "u")
        // The same requests one by one, on a fresh database, end the same way.
        let alone = try Self.database("cas-alone")
        #expect(Self.oneByOne(ops(alone)) == batched)
        #expect(try alone.pointer(writer: w1) == db.pointer(writer: w1) && alone.pointer(writer: w2) == db.pointer(writer: w2))
    }

    @Test("a failed commit reaches every request of the batch, and nothing of the batch is stored")
    func commitFailureReachesAll() async throws {
        let db = try Self.database("commit")
        // A deferred foreign key is checked at COMMIT: a batch holding a violation cannot commit.
        try db.write { try $0.execute(sql: """
            CREATE TABLE parent (id INTEGER PRIMARY KEY);
            CREATE TABLE child (p INTEGER REFERENCES parent (id) DEFERRABLE INITIALLY DEFERRED);
            """) }
        let a = try Self.block(4, 100)
        let w1 = try Self.writer("commit")
        let before = db.groupCommit.commits
        let results = try await Self.inOneBatch(db, [
            { try db.putBlocks([a]); return true },
            { try db.write { try $0.execute(sql: "INSERT INTO child (p) VALUES (42)") }; return true },
            { try db.compareAndSwap([.init(writer: w1, expected: nil, new: [1])]) },
        ])
        #expect(db.groupCommit.commits == before)
        for r in results {
            guard case .failure(.failure(let why)) = r else { Issue.record("expected the commit's failure, got \(r)"); continue }
            #expect(why.contains("FOREIGN KEY"))
        }
        #expect(Set(results.map { "\($0)" }).count == 1, "every request got the same error")
        #expect(try db.block(a.cid) == nil && db.pointer(writer: w1) == nil)
        // The database is usable afterwards.
        try db.putBlocks([a])
        #expect(try db.block(a.cid) == a.data)
    }

    @Test("a full database in the middle of a batch fails that request alone; the others are stored")
    func diskFullMidBatch() async throws {
        let db = try Self.database("full", maxSizeBytes: 256 << 10)
        let a = try Self.block(5, 8 << 10), b = try Self.block(6, 1 << 20), c = try Self.block(7, 8 << 10)
        let results = try await Self.inOneBatch(db, [
            { try db.putBlocks([a]); return true },
            { try db.putBlocks([b]); return true },
            { try db.putBlocks([c]); return true },
        ])
        #expect(try results[0].get() == true && results[2].get() == true)
        #expect(results[1] == .failure(.diskFull))
        #expect(try db.block(a.cid) == a.data && db.block(c.cid) == c.data && db.block(b.cid) == nil)
    }

    @Test("a batch holds at most maxBatch requests: five queued with a bound of two commit as 2, 2 and 1")
    func batchBound() async throws {
        let db = try Self.database("bound", maxBatch: 2)
        let blocks = try (0..<5).map { try Self.block(UInt8(10 + $0), 64) }
        let before = db.groupCommit.commits
        let results = try await Self.inOneBatch(db, blocks.map { b in { try db.putBlocks([b]); return true } })
        #expect(try results.map { try $0.get() } == Array(repeating: true, count: 5))
        #expect(db.groupCommit.commits == before + 3)
        for b in blocks { #expect(try db.block(b.cid) == b.data) }
    }

    @Test("puts submitted without waiting share a batch with waiting writes; each completion comes once, after the commit, with its own outcome")
    func submittedPuts() async throws {
        let db = try Self.database("submit")
        try db.registerWriters([try Self.writer("submit")], username: "sam")
        let stored = try Self.block(40, 64), refused = try Self.block(41, 64), waited = try Self.block(42, 64)
        let before = db.groupCommit.commits
        db.groupCommit.holdNextBatch(until: 3)
        let outcomes = Mutex<[String: Result<Void, ServerStorageError>]>([:])
        let commitsSeen = Mutex<[Int]>([])
        let allDone = DispatchSemaphore(value: 0)
        func record(_ name: String) -> @Sendable (Result<Void, ServerStorageError>) -> Void {
            { outcome in
                let repeated = outcomes.withLock { o in defer { o[name] = outcome }; return o[name] != nil }
                #expect(!repeated, "completion of \(name) called twice")
                commitsSeen.withLock { $0.append(db.groupCommit.commits) }
                allDone.signal()
            }
        }
        db.putBlocks([stored], chargedTo: "sam", quota: 1 << 20, completion: record("stored"))
        // Over its quota: refused alone, nothing of it stored.
        db.putBlocks([refused], chargedTo: "sam", quota: 10, completion: record("refused"))
        try await OffPool.run { try db.putBlocks([waited], chargedTo: "sam") }
        allDone.wait()
        allDone.wait()
        #expect(db.groupCommit.commits == before + 1, "not one batch")
        #expect(commitsSeen.withLock { $0 } == [before + 1, before + 1], "a completion came before the commit")
        let o = outcomes.withLock { $0 }
        #expect((try? o["stored"]?.get()) != nil)
        guard case .failure(.quotaExceeded(used: 64, quota: 10, requested: 64))? = o["refused"] else {
            Issue.record("refused put: \(String(describing: o["refused"]))")
            return
        }
        #expect(try db.block(stored.cid) == stored.data && db.block(waited.cid) == waited.data)
        #expect(try db.block(refused.cid) == nil)
    }

    @Test("a writer alone commits once per write; a lone failing write commits nothing")
    func alone() throws {
        let db = try Self.database("alone")
        let before = db.groupCommit.commits
        for i in 0..<3 { try db.putBlocks([try Self.block(UInt8(20 + i), 32)], chargedTo: "u", quota: 100) }
        #expect(db.groupCommit.commits == before + 3)
        #expect(throws: ServerStorageError.quotaExceeded(used: 96, quota: 100, requested: 32)) {
            try db.putBlocks([try Self.block(30, 32)], chargedTo: "u", quota: 100)
        }
        #expect(db.groupCommit.commits == before + 3)
    }

    @Test("16 threads of puts and compare-and-swap chains: every acknowledged write is stored, usage adds up")
    func concurrentWriters() async throws {
        let db = try Self.database("concurrent")
        let perThread = 25
        let outcomes = try await withThrowingTaskGroup(of: [Cid].self) { group in
            for t in 0..<16 {
                group.addTask {
                    try await OffPool.run {
                        var stored: [Cid] = []
                        let w = try Self.writer("chain-\(t)")
                        var current: [UInt8]? = nil
                        for i in 0..<perThread {
                            let b = try Self.block(UInt8(t), 100 + t * perThread + i)
                            try db.putBlocks([b], chargedTo: "u")
                            stored.append(b.cid)
                            let next = [UInt8(t), UInt8(i)]
                            guard try db.compareAndSwap([.init(writer: w, expected: current, new: next)]) else { throw ServerStorageError.failure("swap \(t)-\(i) lost") }
                            current = next
                        }
                        return stored
                    }
                }
            }
            var all: [Cid] = []
            for try await stored in group { all += stored }
            return all
        }
        #expect(outcomes.count == 16 * perThread)
        for cid in outcomes { #expect(try db.blockSize(cid) != nil) }
        // Sizes 100 ..< 100 + 16 * perThread, each once.
        let expectedUsage = (0..<(16 * perThread)).reduce(Int64(0)) { $0 + Int64(100 + $1) }
        #expect(try db.usage(username: "u") == expectedUsage)
        for t in 0..<16 { #expect(try db.pointer(writer: Self.writer("chain-\(t)")) == [UInt8(t), UInt8(perThread - 1)]) }
    }
}

#if os(Linux)
@_silgen_name("gettid") private func gettidForTests() -> Int32
#endif
