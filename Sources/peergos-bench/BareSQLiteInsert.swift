import Foundation
import GRDBSQLite

/// The honest floor of a durable block write on this machine: SQLite's C API with nothing
/// around it (no HTTP, no signature, no usage accounting, one statement prepared once), in the
/// server's own journal mode (WAL) with `synchronous = FULL`, one transaction (and so one fsync)
/// per insert, on one connection. More connections would not help: SQLite has one writer, and
/// each of these transactions waits for its own fsync.
///
/// Invariant: the database file and its WAL are removed by ``close()``.
final class BareSQLiteInsert {
    private let path: String
    private let db: OpaquePointer
    private let statement: OpaquePointer

    /// A fresh database with the server's `block` table in `directory`.
    init(directory: String) throws {
        path = (directory as NSString).appendingPathComponent("bare-\(UUID().uuidString).sqlite")
        var handle: OpaquePointer?
        guard sqlite3_open_v2(path, &handle, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let handle else {
            sqlite3_close_v2(handle)
            throw WorkloadMismatch(description: "bare sqlite: cannot open \(path)")
        }
        db = handle
        func fail(_ what: String) -> WorkloadMismatch {
            let e = WorkloadMismatch(description: "bare sqlite: \(what): \(String(cString: sqlite3_errmsg(handle)))")
            sqlite3_close_v2(handle)
            return e
        }
        for sql in ["PRAGMA journal_mode = WAL", "PRAGMA synchronous = FULL",
                    "CREATE TABLE block (cid BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID"] {
            guard sqlite3_exec(handle, sql, nil, nil, nil) == SQLITE_OK else { throw fail(sql) }
        }
        var prepared: OpaquePointer?
        guard sqlite3_prepare_v2(handle, "INSERT INTO block (cid, data) VALUES (?, ?)", -1, &prepared, nil) == SQLITE_OK, let prepared else {
            throw fail("prepare")
        }
        statement = prepared
    }

    /// Inserts each of `blocks` (key, value), one transaction each; returns the seconds taken.
    func insert(_ blocks: ArraySlice<(key: [UInt8], value: [UInt8])>) throws -> Double {
        try Harness.seconds {
            for b in blocks {
                let rc = b.key.withUnsafeBytes { k in
                    b.value.withUnsafeBytes { v in
                        // reset and clear_bindings only repeat the step's outcome, checked below.
                        defer { _ = sqlite3_reset(statement); _ = sqlite3_clear_bindings(statement) }
                        let first = sqlite3_bind_blob(statement, 1, k.baseAddress, Int32(k.count), nil)
                        guard first == SQLITE_OK else { return first }
                        let second = sqlite3_bind_blob(statement, 2, v.baseAddress, Int32(v.count), nil)
                        guard second == SQLITE_OK else { return second }
                        return sqlite3_step(statement)
                    }
                }
                guard rc == SQLITE_DONE else { throw WorkloadMismatch(description: "bare sqlite: insert: \(String(cString: sqlite3_errmsg(db)))") }
            }
        }
    }

    func close() {
        // A scratch database being thrown away: finalize only repeats the last step's outcome
        // (checked), and close_v2 cannot be refused once the statement is finalized.
        _ = sqlite3_finalize(statement)
        _ = sqlite3_close_v2(db)
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
    }
}
