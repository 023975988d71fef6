import Foundation
import GRDB
import PeergosMultiformats

/// Why the server's storage refused an operation.
public enum ServerStorageError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The disk (or the database's size limit) is full; nothing of the operation was stored.
    case diskFull
    /// The database file is damaged or is not a database.
    case corrupt(String)
    /// Any other storage failure, with SQLite's message.
    case failure(String)
    /// The data folder (or a file in it) could not be created or given owner-only permissions.
    case dataFolder(String)
    /// A write that would take its user's usage past the quota; nothing of it was stored.
    /// `used` and `requested` are bytes, `requested` the whole write's size (as upstream counts it).
    case quotaExceeded(used: Int64, quota: Int64, requested: Int64)

    public var description: String {
        switch self {
        case .quotaExceeded(let used, let quota, let requested):
            // Upstream's wording (SpaceCheckingKeyFilter.allowWrite), which its client shows the user.
            return "Storage quota reached! \nUsed \(used) out of \(quota) bytes. Rejecting write of size \(requested). \n"
                + "Please delete some files or request more space."
        case .dataFolder(let why): return "data folder: \(why)"
        case .diskFull: return "storage full"
        case .corrupt(let why): return "storage corrupt: \(why)"
        case .failure(let why): return "storage failure: \(why)"
        }
    }

    static func map(_ error: Error) -> ServerStorageError {
        if let own = error as? ServerStorageError { return own }
        guard let db = error as? DatabaseError else { return .failure("\(error)") }
        switch db.resultCode {
        case .SQLITE_FULL: return .diskFull
        case .SQLITE_CORRUPT, .SQLITE_NOTADB: return .corrupt(db.message ?? "\(db)")
        default: return .failure(db.message ?? "\(db)")
        }
    }
}

/// The server's durable state in one SQLite database (WAL mode, `synchronous = FULL`, so a write
/// that returned has reached the disk and survives `kill -9`).
///
/// Blocks are found by CID (a unique index over a rowid table, so new blocks append); pointers by writer. Pointer writes are compare-and-swaps inside one
/// transaction, so exactly one of several concurrent updates from the same base wins, and
/// multi-pointer commits are all-or-nothing.
///
/// Every writer key that may write belongs to one user (`writer_user`): the user's identity at
/// signup, and each key a registered writer's WriterData proves it owns, registered with the
/// pointer update that publishes that WriterData. A user's usage is the total size of the distinct
/// blocks written under its writers (`user_block`, summed in `user_usage` in the same
/// transaction), checked against the quota inside the write, so concurrent writes cannot pass it.
///
/// Writes are group-committed (``GroupCommit``): concurrent writes share one transaction and one
/// fsync, with the outcome of running them one after another in arrival order (a write that fails
/// undoes only itself); every write method still returns only once its write is durable, and
/// throws its own error.
public final class ServerDatabase: Sendable {
    let pool: DatabasePool
    /// Every write goes through it (after the migrations in `init`).
    let groupCommit: GroupCommit
    /// How much of the database file a connection maps into memory to read pages (SQLite's
    /// `mmap_size`; SQLite caps it at its compile-time maximum). Only reads use the map.
    static let mmapBytes: Int64 = 1 << 30

    /// Opens (or creates) the database at `path`. With `maxSizeBytes`, SQLite refuses to grow the
    /// database past it (`max_page_count`); writes past it fail with `diskFull`, as a full disk does.
    public convenience init(path: String, maxSizeBytes: Int64? = nil) throws {
        try self.init(path: path, maxSizeBytes: maxSizeBytes, maxBatch: 64)
    }

    /// As ``init(path:maxSizeBytes:)``, with at most `maxBatch` writes per shared transaction.
    init(path: String, maxSizeBytes: Int64?, maxBatch: Int) throws {
        var config = Configuration()
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            if let maxSizeBytes {
                let pageSize = try Int64.fetchOne(db, sql: "PRAGMA page_size") ?? 4096
                try db.execute(sql: "PRAGMA max_page_count = \(max(1, maxSizeBytes / pageSize))")
            }
        }
        config.busyMode = .timeout(10)
        do {
            pool = try DatabasePool(path: path, configuration: config)
            // GRDB sets the writer to `synchronous = NORMAL` when it switches the database to WAL,
            // after `prepareDatabase`: in WAL mode that syncs only at checkpoints, so a commit
            // could be lost to a power cut. Every write goes through this one connection; FULL
            // makes each commit sync the WAL before it returns.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            // The writer reads the database's pages through a read-only memory map instead of a
            // pread per page it must fetch (the b-tree pages an insert walks). Writes still go
            // through write() and fsync as before: durability is unchanged. Measured (peergos-bench
            // server, puts only, server CPU per put): about 270 -> 250 us. The WAL is checkpointed
            // every 1000 pages (SQLite's default), by the committing writer: measured against
            // 2000 and 4000 (4 runs, same session), longer intervals gave no more puts per second
            // and no less CPU per put, but longer stalls (p99 of puts 9.6 / 13 / 18 ms) and a worse
            // p99 of gets during puts (2.3 / 2.3 / 2.6 times gets alone).
            try pool.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA mmap_size = \(Self.mmapBytes)")
                try db.execute(sql: "PRAGMA wal_autocheckpoint = 1000")
            }
            try Self.migrator.migrate(pool)
        } catch {
            throw ServerStorageError.map(error)
        }
        groupCommit = GroupCommit(pool: pool, maxBatch: maxBatch)
    }

    /// The schema's migrations, in order; a database records which it has run (GRDB's
    /// `grdb_migrations`), so opening one runs only those it lacks.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: """
                CREATE TABLE block (cid BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE pointer (writer BLOB PRIMARY KEY NOT NULL, signed BLOB NOT NULL) WITHOUT ROWID;
                CREATE TABLE setting (name TEXT PRIMARY KEY NOT NULL, value BLOB NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v2-pki-login") { db in
            try db.execute(sql: """
                CREATE TABLE chain (username TEXT PRIMARY KEY NOT NULL, owner BLOB NOT NULL, chain BLOB NOT NULL) WITHOUT ROWID;
                CREATE INDEX chain_owner ON chain (owner);
                CREATE TABLE login (username TEXT PRIMARY KEY NOT NULL, reader BLOB NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v3-social") { db in
            try db.execute(sql: """
                CREATE TABLE follow_request (id INTEGER PRIMARY KEY AUTOINCREMENT, owner BLOB NOT NULL, data BLOB NOT NULL);
                CREATE INDEX follow_request_owner ON follow_request (owner);
                """)
        }
        migrator.registerMigration("v4-usage-bats-links") { db in
            try db.execute(sql: """
                CREATE TABLE block_owner (cid BLOB NOT NULL, owner BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (owner, cid)) WITHOUT ROWID;
                CREATE TABLE mirror_bat (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, bat BLOB NOT NULL, UNIQUE (username, bat));
                CREATE TABLE link_retrieval (owner BLOB NOT NULL, label INTEGER NOT NULL, count INTEGER NOT NULL, PRIMARY KEY (owner, label)) WITHOUT ROWID;
                """)
        }
        migrator.registerMigration("v5-writers-usage") { db in
            try db.execute(sql: """
                CREATE TABLE writer_user (writer BLOB PRIMARY KEY NOT NULL, username TEXT NOT NULL) WITHOUT ROWID;
                CREATE TABLE user_block (username TEXT NOT NULL, cid BLOB NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (username, cid)) WITHOUT ROWID;
                CREATE TABLE user_usage (username TEXT PRIMARY KEY NOT NULL, bytes INTEGER NOT NULL) WITHOUT ROWID;
                INSERT OR IGNORE INTO writer_user (writer, username) SELECT owner, username FROM chain;
                INSERT OR IGNORE INTO user_block (username, cid, size)
                    SELECT chain.username, block_owner.cid, block_owner.size FROM block_owner JOIN chain ON chain.owner = block_owner.owner;
                INSERT INTO user_usage (username, bytes) SELECT username, sum(size) FROM user_block GROUP BY username;
                DROP TABLE block_owner;
                """)
        }
        migrator.registerMigration("v6-space-requests") { db in
            // Upstream's spacerequests table (JdbcSpaceRequests): signed quota requests waiting
            // for an admin, one row per distinct request of a user.
            try db.execute(sql: """
                CREATE TABLE space_request (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL, request BLOB NOT NULL, UNIQUE (username, request));
                """)
        }
        migrator.registerMigration("v7-block-rowid") { db in
            // Blocks in a rowid table, found by a unique index on the CID, and each user's blocks
            // keyed by that rowid. A new block's row and its user_block row are appended in rowid
            // order (the last leaf, shared by the blocks of a batch) instead of landing on a random
            // leaf of a table ordered by CID; the index's entries are 40 bytes, not 4 KiB.
            // Measured (SQLite alone, 4 KiB blocks after 20k stored, one transaction per batch):
            // 368 -> 222 us for a batch of 3 puts, 635 -> 377 us for 6. Every user_block row is
            // kept: each was written in the transaction that stored its block, and blocks are
            // never deleted.
            try db.execute(sql: """
                CREATE TABLE block_v7 (id INTEGER PRIMARY KEY, cid BLOB NOT NULL UNIQUE, data BLOB NOT NULL);
                INSERT INTO block_v7 (cid, data) SELECT cid, data FROM block;
                CREATE TABLE user_block_v7 (username TEXT NOT NULL, block INTEGER NOT NULL, size INTEGER NOT NULL, PRIMARY KEY (username, block)) WITHOUT ROWID;
                INSERT INTO user_block_v7 (username, block, size)
                    SELECT user_block.username, block_v7.id, user_block.size FROM user_block JOIN block_v7 ON block_v7.cid = user_block.cid;
                DROP TABLE user_block;
                DROP TABLE block;
                ALTER TABLE block_v7 RENAME TO block;
                ALTER TABLE user_block_v7 RENAME TO user_block;
                """)
        }
        return migrator
    }

    func read<T>(_ body: (Database) throws -> T) throws -> T {
        do { return try pool.read(body) } catch { throw ServerStorageError.map(error) }
    }

    /// Runs `body` in a write transaction (shared with concurrent writes) and returns its value once
    /// that transaction is durable. `body` may run more than once (see ``GroupCommit``), so it
    /// depends only on its arguments and the database.
    func write<T>(_ body: @escaping (Database) throws -> T) throws -> T {
        let result = WriteResult<T>()
        do { try groupCommit.perform { db in result.value = try body(db) } } catch { throw ServerStorageError.map(error) }
        return result.value!
    }

    // MARK: Blocks

    /// Stores blocks in one transaction (all or none). With `username`, the blocks count towards
    /// that user's usage, and with `quota` too the write is refused (`quotaExceeded`, nothing
    /// stored) when the usage plus the write's total size would pass it: a write that reaches the
    /// quota exactly is accepted. Without `username` the blocks are the server's own (uncharged).
    public func putBlocks(_ blocks: [(cid: Cid, data: [UInt8])], chargedTo username: String? = nil, quota: Int64? = nil) throws {
        try write(Self.put(blocks, chargedTo: username, quota: quota))
    }

    /// ``putBlocks(_:chargedTo:quota:)`` without waiting: returns at once, and `completion` gets
    /// the outcome once the write is durable or failed, on the group commit's writer thread, so it
    /// must be short (later writes wait for it).
    public func putBlocks(_ blocks: [(cid: Cid, data: [UInt8])], chargedTo username: String? = nil, quota: Int64? = nil,
                          completion: @escaping @Sendable (Result<Void, ServerStorageError>) -> Void) {
        groupCommit.submit(Self.put(blocks, chargedTo: username, quota: quota)) { outcome in
            completion(outcome.mapError { ServerStorageError.map($0) })
        }
    }

    /// A write's body storing `blocks` (see ``putBlocks(_:chargedTo:quota:)``).
    static func put(_ blocks: [(cid: Cid, data: [UInt8])], chargedTo username: String?, quota: Int64?) -> (Database) throws -> Void {
        { db in
            if let username, let quota {
                let used = try Self.usage(username, db)
                let requested = blocks.reduce(Int64(0)) { $0 + Int64($1.data.count) }
                let (total, overflow) = used.addingReportingOverflow(requested)
                guard !overflow, total <= quota else { throw ServerStorageError.quotaExceeded(used: used, quota: quota, requested: requested) }
            }
            try Self.insert(blocks, chargedTo: username, db)
        }
    }

    static func insert(_ blocks: [(cid: Cid, data: [UInt8])], chargedTo username: String?, _ db: Database) throws {
        var added: Int64 = 0
        for b in blocks {
            let cid = Data(b.cid.bytes)
            // Cached statements: the writer connection prepares each once, not once per write.
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO block (cid, data) VALUES (?, ?)").execute(arguments: [cid, Data(b.data)])
            if let username {
                let id: Int64
                if db.changesCount > 0 {
                    id = db.lastInsertedRowID
                } else {
                    // Already stored (by anyone): the block's row, to charge this user once too.
                    guard let stored = try Int64.fetchOne(db.cachedStatement(sql: "SELECT id FROM block WHERE cid = ?"), arguments: [cid]) else {
                        throw ServerStorageError.failure("block \(b.cid) neither inserted nor found")
                    }
                    id = stored
                }
                try db.cachedStatement(sql: "INSERT OR IGNORE INTO user_block (username, block, size) VALUES (?, ?, ?)")
                    .execute(arguments: [username, id, b.data.count])
                if db.changesCount > 0 { added += Int64(b.data.count) }
            }
        }
        if let username, added > 0 {
            try db.cachedStatement(sql: "INSERT INTO user_usage (username, bytes) VALUES (?, ?) ON CONFLICT (username) DO UPDATE SET bytes = bytes + excluded.bytes")
                .execute(arguments: [username, added])
        }
    }

    static func usage(_ username: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db.cachedStatement(sql: "SELECT bytes FROM user_usage WHERE username = ?"), arguments: [username]) ?? 0
    }

    /// Bytes of the distinct blocks written under `username`'s writers.
    public func usage(username: String) throws -> Int64 {
        try read { db in try Self.usage(username, db) }
    }

    // MARK: Writers

    /// The user whose writes `writer` makes (nil: the key may not write here).
    public func writerOwner(_ writer: PublicKeyHash) throws -> String? {
        try read { db in try String.fetchOne(db.cachedStatement(sql: "SELECT username FROM writer_user WHERE writer = ?"), arguments: [Data(writer.bytes)]) }
    }

    /// Registers `writers` as `username`'s. A key already registered keeps its first user, as a
    /// key proven owned twice still writes for the user who proved it first.
    public func registerWriters(_ writers: [PublicKeyHash], username: String) throws {
        try write { db in try Self.register(writers, username: username, db) }
    }

    static func register(_ writers: [PublicKeyHash], username: String, _ db: Database) throws {
        for w in writers {
            try db.cachedStatement(sql: "INSERT OR IGNORE INTO writer_user (writer, username) VALUES (?, ?)").execute(arguments: [Data(w.bytes), username])
        }
    }

    /// Usernames starting with `prefix`, sorted.
    public func usernames(prefix: String) throws -> [String] {
        try read { db in try String.fetchAll(db, sql: "SELECT username FROM chain WHERE substr(username, 1, ?) = ? ORDER BY username", arguments: [prefix.count, prefix]) }
    }

    /// The mirror BATs registered for `username`, oldest first.
    public func mirrorBats(username: String) throws -> [[UInt8]] {
        try read { db in try Data.fetchAll(db, sql: "SELECT bat FROM mirror_bat WHERE username = ? ORDER BY id", arguments: [username]).map { [UInt8]($0) } }
    }

    /// Counts one retrieval of secret link `label` of `owner` if fewer than `limit` were counted
    /// before (any number when `limit` is nil); false, counting nothing, once the limit is reached.
    public func countLinkRetrieval(owner: PublicKeyHash, label: Int64, limit: Int64?) throws -> Bool {
        try write { db in
            let count = try Int64.fetchOne(db, sql: "SELECT count FROM link_retrieval WHERE owner = ? AND label = ?", arguments: [Data(owner.bytes), label]) ?? 0
            if let limit, count >= limit { return false }
            try db.execute(sql: "INSERT OR REPLACE INTO link_retrieval (owner, label, count) VALUES (?, ?, ?)", arguments: [Data(owner.bytes), label, count + 1])
            return true
        }
    }

    /// Records a signed space (quota) request of `username` (upstream `addSpaceRequest`); false if
    /// the same signed request was recorded before.
    @discardableResult
    public func addSpaceRequest(username: String, signedRequest: [UInt8]) throws -> Bool {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO space_request (username, request) VALUES (?, ?)", arguments: [username, Data(signedRequest)])
            return db.changesCount > 0
        }
    }

    /// The recorded space requests, oldest first (upstream `getSpaceRequests`, for an admin).
    public func spaceRequests() throws -> [(username: String, signedRequest: [UInt8])] {
        try read { db in
            try Row.fetchAll(db, sql: "SELECT username, request FROM space_request ORDER BY id").map { row in
                (username: row["username"] as String, signedRequest: [UInt8](row["request"] as Data))
            }
        }
    }

    public func block(_ cid: Cid) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT data FROM block WHERE cid = ?"), arguments: [Data(cid.bytes)]).map { [UInt8]($0) }
        }
    }

    public func blockSize(_ cid: Cid) throws -> Int? {
        try read { db in try Int.fetchOne(db.cachedStatement(sql: "SELECT length(data) FROM block WHERE cid = ?"), arguments: [Data(cid.bytes)]) }
    }

    // MARK: Pointers

    public func pointer(writer: PublicKeyHash) throws -> [UInt8]? {
        try read { db in
            try Data.fetchOne(db.cachedStatement(sql: "SELECT signed FROM pointer WHERE writer = ?"), arguments: [Data(writer.bytes)]).map { [UInt8]($0) }
        }
    }

    /// One pointer change of a compare-and-swap: set `writer`'s pointer to `new` if it is still `expected` (nil: absent).
    public struct PointerSwap: Sendable {
        public let writer: PublicKeyHash
        public let expected: [UInt8]?
        public let new: [UInt8]

        public init(writer: PublicKeyHash, expected: [UInt8]?, new: [UInt8]) {
            self.writer = writer
            self.expected = expected
            self.new = new
        }
    }

    /// Applies every swap, or none if any pointer is no longer what it expected, and with them
    /// registers the writer keys in `registering` (key → user; see ``registerWriters(_:username:)``).
    /// Returns whether it applied.
    public func compareAndSwap(_ swaps: [PointerSwap], registering: [(writer: PublicKeyHash, username: String)] = []) throws -> Bool {
        try write { db in
            guard try Self.swap(swaps, db) else { return false }
            for r in registering { try Self.register([r.writer], username: r.username, db) }
            return true
        }
    }

    /// Inside a write: checks every swap's expected value, then applies them all. Returns false,
    /// writing nothing, if any pointer moved; callers do it before their other writes.
    static func swap(_ swaps: [PointerSwap], _ db: Database) throws -> Bool {
        for s in swaps {
            let current = try Data.fetchOne(db.cachedStatement(sql: "SELECT signed FROM pointer WHERE writer = ?"), arguments: [Data(s.writer.bytes)]).map { [UInt8]($0) }
            guard current == s.expected else { return false }
        }
        for s in swaps {
            try db.cachedStatement(sql: "INSERT OR REPLACE INTO pointer (writer, signed) VALUES (?, ?)").execute(arguments: [Data(s.writer.bytes), Data(s.new)])
        }
        return true
    }

    // MARK: PKI and logins

    /// The stored chain (CBOR list of links) of `username`.
    public func chain(username: String) throws -> [UInt8]? {
        try read { db in try Data.fetchOne(db, sql: "SELECT chain FROM chain WHERE username = ?", arguments: [username]).map { [UInt8]($0) } }
    }

    /// The username whose chain currently ends with `owner`.
    public func username(owner: PublicKeyHash) throws -> String? {
        try read { db in try String.fetchOne(db, sql: "SELECT username FROM chain WHERE owner = ?", arguments: [Data(owner.bytes)]) }
    }

    /// A new account, all at once: the chain (only if the name is free), the identity `owner` and
    /// `ownedWriters` registered as the user's writers, its blocks (counted as its usage), pointer
    /// swaps, login data, mirror BAT and the server's own blocks (the PKI tree).
    /// Returns false, changing nothing, if the name was taken or a pointer moved.
    public func signup(username: String, owner: PublicKeyHash, chain: [UInt8], blocks: [(cid: Cid, data: [UInt8])],
                       pointers: [PointerSwap], login: (reader: [UInt8], data: [UInt8])?, mirrorBat: [UInt8]? = nil,
                       serverBlocks: [(cid: Cid, data: [UInt8])] = [], ownedWriters: [PublicKeyHash] = []) throws -> Bool {
        try write { db in
            if try Int.fetchOne(db, sql: "SELECT 1 FROM chain WHERE username = ?", arguments: [username]) != nil { return false }
            guard try Self.swap(pointers, db) else { return false }
            try db.execute(sql: "INSERT INTO chain (username, owner, chain) VALUES (?, ?, ?)", arguments: [username, Data(owner.bytes), Data(chain)])
            try Self.register([owner] + ownedWriters, username: username, db)
            try Self.insert(blocks, chargedTo: username, db)
            try Self.insert(serverBlocks, chargedTo: nil, db)
            if let login {
                try db.execute(sql: "INSERT OR REPLACE INTO login (username, reader, data) VALUES (?, ?, ?)", arguments: [username, Data(login.reader), Data(login.data)])
            }
            if let mirrorBat {
                try db.execute(sql: "INSERT OR IGNORE INTO mirror_bat (username, bat) VALUES (?, ?)", arguments: [username, Data(mirrorBat)])
            }
            return true
        }
    }

    /// Replaces a chain if it is still `expected` (compare-and-swap), with the blocks and pointer
    /// swaps that record it (the PKI tree), all or nothing.
    public func updateChain(username: String, expected: [UInt8], owner: PublicKeyHash, chain: [UInt8],
                            blocks: [(cid: Cid, data: [UInt8])] = [], pointers: [PointerSwap] = []) throws -> Bool {
        try write { db in
            let current = try Data.fetchOne(db, sql: "SELECT chain FROM chain WHERE username = ?", arguments: [username]).map { [UInt8]($0) }
            guard current == expected, try Self.swap(pointers, db) else { return false }
            try db.execute(sql: "UPDATE chain SET owner = ?, chain = ? WHERE username = ?", arguments: [Data(owner.bytes), Data(chain), username])
            // The new identity writes for the same user.
            try Self.register([owner], username: username, db)
            try Self.insert(blocks, chargedTo: nil, db)
            return true
        }
    }

    /// The login data of `username` and the login key allowed to read it.
    public func login(username: String) throws -> (reader: [UInt8], data: [UInt8])? {
        try read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT reader, data FROM login WHERE username = ?", arguments: [username]) else { return nil }
            return ([UInt8](row["reader"] as Data), [UInt8](row["data"] as Data))
        }
    }

    /// Replaces the login data of `username` (and its reader), with an optional identity update's
    /// block (charged to the user) and pointer swap, and the writers that update proves owned, atomically.
    public func setLogin(username: String, reader: [UInt8], data: [UInt8], block: (cid: Cid, data: [UInt8])?, pointer: PointerSwap?,
                         ownedWriters: [PublicKeyHash] = []) throws -> Bool {
        try write { db in
            guard try Self.swap(pointer.map { [$0] } ?? [], db) else { return false }
            try Self.register(ownedWriters, username: username, db)
            try Self.insert(block.map { [$0] } ?? [], chargedTo: username, db)
            try db.execute(sql: "INSERT OR REPLACE INTO login (username, reader, data) VALUES (?, ?, ?)", arguments: [username, Data(reader), Data(data)])
            return true
        }
    }

    // MARK: Follow requests

    /// Adds a pending follow request for `owner` unless it already has `limit`; returns whether it was added.
    public func addFollowRequest(owner: PublicKeyHash, data: [UInt8], limit: Int) throws -> Bool {
        try write { db in
            let n = try Int.fetchOne(db, sql: "SELECT count(*) FROM follow_request WHERE owner = ?", arguments: [Data(owner.bytes)]) ?? 0
            guard n < limit else { return false }
            try db.execute(sql: "INSERT INTO follow_request (owner, data) VALUES (?, ?)", arguments: [Data(owner.bytes), Data(data)])
            return true
        }
    }

    public func followRequests(owner: PublicKeyHash) throws -> [[UInt8]] {
        try read { db in
            try Data.fetchAll(db, sql: "SELECT data FROM follow_request WHERE owner = ? ORDER BY id", arguments: [Data(owner.bytes)]).map { [UInt8]($0) }
        }
    }

    /// Removes the pending requests of `owner` equal to `data`; returns whether any was removed.
    public func removeFollowRequest(owner: PublicKeyHash, data: [UInt8]) throws -> Bool {
        try write { db in
            try db.execute(sql: "DELETE FROM follow_request WHERE owner = ? AND data = ?", arguments: [Data(owner.bytes), Data(data)])
            return db.changesCount > 0
        }
    }

    // MARK: Settings

    public func setting(_ name: String) throws -> [UInt8]? {
        try read { db in try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]).map { [UInt8]($0) } }
    }

    public func setSettingIfAbsent(_ name: String, _ value: [UInt8]) throws -> [UInt8] {
        try write { db in
            try db.execute(sql: "INSERT OR IGNORE INTO setting (name, value) VALUES (?, ?)", arguments: [name, Data(value)])
            return try Data.fetchOne(db, sql: "SELECT value FROM setting WHERE name = ?", arguments: [name]).map { [UInt8]($0) } ?? value
        }
    }
}

/// The value of one write, set by whichever thread ran its batch; read by the caller after the
/// batch ended (the group commit's lock orders the two).
private final class WriteResult<T> {
    var value: T?
}
