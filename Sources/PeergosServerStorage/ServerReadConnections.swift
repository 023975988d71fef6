import Foundation
import GRDBSQLite
import PeergosMultiformats
import Synchronization

/// The server's hot reads (a block, a block's size, a pointer, a writer's user) on SQLite connections of
/// their own: each statement prepared once per connection, no explicit transaction (each read is
/// one SELECT, which sees one consistent snapshot of the WAL database by itself), no schema
/// check, and the blob copied once. ``ServerDatabase``'s own reads (a pool read: a transaction,
/// a schema check and a statement prepared per call) answer the same questions the same way.
///
/// Invariants: a connection is used by one caller at a time (taken from `idle`, given back
/// after); every statement is reset before its connection goes back, so an idle connection holds
/// no read snapshot (and never holds back a checkpoint); connections are only ever read through
/// (`PRAGMA query_only`).
public final class ServerReadConnections: Sendable {
    private let path: String
    private let idle = Mutex<[ReadConnection]>([])
    /// Writer key bytes -> user, for writers found registered (see ``writerOwner(_:)``).
    private let knownWriters = Mutex<[[UInt8]: String]>([:])

    /// Readers of `database`'s file. Connections open on first use, as many as concurrent callers.
    public init(_ database: ServerDatabase) {
        path = database.pool.path
    }

    /// The block stored under `cid`'s bytes, or nil.
    public func block(_ cid: Cid) throws -> [UInt8]? {
        try withConnection { c in try c.blob(c.block, key: cid.bytes) }
    }

    /// The size of the block stored under `cid`'s bytes, or nil.
    public func blockSize(_ cid: Cid) throws -> Int? {
        try withConnection { c in try c.integer(c.blockSize, key: cid.bytes) }
    }

    /// `writer`'s signed pointer, or nil, as ``ServerDatabase/pointer(writer:)``.
    public func pointer(writer: PublicKeyHash) throws -> [UInt8]? {
        try withConnection { c in try c.blob(c.pointer, key: writer.bytes) }
    }

    /// The user whose writes `writer` makes (nil: the key may not write here), as
    /// ``ServerDatabase/writerOwner(_:)``.
    ///
    /// A writer's user, once found, is remembered: `writer_user` rows are only ever inserted
    /// (`INSERT OR IGNORE`: a key keeps its first user), never changed or deleted, so a found
    /// answer stays true. An absent writer is asked of the database every time (it may register).
    public func writerOwner(_ writer: PublicKeyHash) throws -> String? {
        if let known = knownWriters.withLock({ $0[writer.bytes] }) { return known }
        let found = try withConnection { c in try c.blob(c.writerOwner, key: writer.bytes).map { String(decoding: $0, as: UTF8.self) } }
        if let found {
            knownWriters.withLock { known in
                if known.count >= Self.knownWritersLimit { known.removeAll(keepingCapacity: true) }
                known[writer.bytes] = found
            }
        }
        return found
    }

    /// The most writers ``writerOwner(_:)`` remembers; past it, it forgets them all and starts again.
    static let knownWritersLimit = 4096

    private func withConnection<T>(_ body: (ReadConnection) throws -> T) throws -> T {
        let taken = idle.withLock { $0.popLast() }
        let connection = try taken ?? ReadConnection(path: path)
        defer { idle.withLock { $0.append(connection) } }
        return try body(connection)
    }
}

/// One read-only SQLite connection and its prepared statements. Not thread-safe by itself:
/// ``ServerReadConnections`` hands it to one caller at a time.
private final class ReadConnection: @unchecked Sendable {
    let db: OpaquePointer
    let block: OpaquePointer
    let blockSize: OpaquePointer
    let writerOwner: OpaquePointer
    let pointer: OpaquePointer

    init(path: String) throws {
        var handle: OpaquePointer?
        let rc = sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nil)
        guard rc == SQLITE_OK, let handle else {
            let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? "out of memory"
            sqlite3_close_v2(handle)
            throw ReadConnection.error(rc, message)
        }
        db = handle
        var prepared: [OpaquePointer] = []
        do {
            // As ServerDatabase's own connections.
            guard sqlite3_busy_timeout(handle, 10_000) == SQLITE_OK else { throw ReadConnection.lastError(handle) }
            guard sqlite3_exec(handle, "PRAGMA query_only = 1", nil, nil, nil) == SQLITE_OK else { throw ReadConnection.lastError(handle) }
            // Pages read through a read-only memory map, as the writer's: in WAL mode a read that
            // starts after any commit drops the connection's page cache, so during writes every
            // read fetched its b-tree path again with a pread per page. Measured (peergos-bench
            // server, same run): p99 of gets during puts over gets alone 1.48 / 1.39 -> 1.40 / 1.20.
            guard sqlite3_exec(handle, "PRAGMA mmap_size = \(ServerDatabase.mmapBytes)", nil, nil, nil) == SQLITE_OK else { throw ReadConnection.lastError(handle) }
            for sql in ["SELECT data FROM block WHERE cid = ?", "SELECT length(data) FROM block WHERE cid = ?",
                        "SELECT username FROM writer_user WHERE writer = ?", "SELECT signed FROM pointer WHERE writer = ?"] {
                var statement: OpaquePointer?
                guard sqlite3_prepare_v3(handle, sql, -1, UInt32(SQLITE_PREPARE_PERSISTENT), &statement, nil) == SQLITE_OK, let statement else {
                    throw ReadConnection.lastError(handle)
                }
                prepared.append(statement)
            }
        } catch {
            for s in prepared { sqlite3_finalize(s) }
            sqlite3_close_v2(handle)
            throw error
        }
        block = prepared[0]
        blockSize = prepared[1]
        writerOwner = prepared[2]
        pointer = prepared[3]
    }

    deinit {
        for s in [block, blockSize, writerOwner, pointer] { sqlite3_finalize(s) }
        sqlite3_close_v2(db)
    }

    /// Runs `statement` with `key` bound to its one parameter and reads the first row's first
    /// column with `read` (nil: no row). The statement is reset whatever happens.
    private func first<T>(_ statement: OpaquePointer, key: [UInt8], _ read: (OpaquePointer) throws -> T) throws -> T? {
        defer {
            // Both only repeat the last step's outcome (already handled below) or cannot fail.
            _ = sqlite3_reset(statement)
            _ = sqlite3_clear_bindings(statement)
        }
        let rc = key.withUnsafeBytes { k in
            // SQLITE_STATIC (nil): the key's bytes stay valid until the step below returns.
            let bound = sqlite3_bind_blob(statement, 1, k.baseAddress ?? UnsafeRawPointer(bitPattern: 1), Int32(k.count), nil)
            return bound == SQLITE_OK ? sqlite3_step(statement) : bound
        }
        switch rc {
        case SQLITE_ROW: return try read(statement)
        case SQLITE_DONE: return nil
        default: throw ReadConnection.error(rc, String(cString: sqlite3_errmsg(db)))
        }
    }

    func blob(_ statement: OpaquePointer, key: [UInt8]) throws -> [UInt8]? {
        try first(statement, key: key) { s in
            // Blob first, then its size (SQLite's documented order); a null blob with a positive
            // size means SQLite ran out of memory converting the value.
            let bytes = sqlite3_column_blob(s, 0)
            let count = Int(sqlite3_column_bytes(s, 0))
            guard count > 0 else { return [] }
            guard let bytes else { throw ReadConnection.error(SQLITE_NOMEM, "out of memory reading a blob") }
            return [UInt8](UnsafeRawBufferPointer(start: bytes, count: count))
        }
    }

    func integer(_ statement: OpaquePointer, key: [UInt8]) throws -> Int? {
        try first(statement, key: key) { s in Int(sqlite3_column_int64(s, 0)) }
    }

    static func lastError(_ db: OpaquePointer) -> ServerStorageError {
        error(sqlite3_errcode(db), String(cString: sqlite3_errmsg(db)))
    }

    /// The same mapping as ``ServerStorageError/map(_:)`` of GRDB's errors (by primary result code).
    static func error(_ code: Int32, _ message: String) -> ServerStorageError {
        switch code & 0xff {
        case SQLITE_FULL: return .diskFull
        case SQLITE_CORRUPT, SQLITE_NOTADB: return .corrupt(message)
        default: return .failure(message)
        }
    }
}
