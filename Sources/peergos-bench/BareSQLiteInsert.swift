import Foundation
import GRDBSQLite

/// The honest floor of a durable block write on this machine: SQLite's C API with nothing
/// around it (no HTTP, no signature, no usage accounting, one statement prepared once), in the
/// server's own journal mode (WAL) with `synchronous = FULL`, one transaction (and so one fsync)
/// per insert, on one connection. More connections would not help: SQLite has one writer, and
/// each of these transactions waits for its own fsync.
enum BareSQLiteInsert {
    /// Inserts each of `blocks` (key, value) into a fresh table of a fresh database in
    /// `directory`, one transaction each; returns the inserts per second.
    static func rate(blocks: [(key: [UInt8], value: [UInt8])], directory: String) throws -> Double {
        let path = (directory as NSString).appendingPathComponent("bare-\(UUID().uuidString).sqlite")
        defer { for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) } }
        var db: OpaquePointer?
        guard sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nil) == SQLITE_OK, let db else {
            throw WorkloadMismatch(description: "bare sqlite: cannot open \(path)")
        }
        defer { sqlite3_close_v2(db) }
        func exec(_ sql: String) throws {
            guard sqlite3_exec(db, sql, nil, nil, nil) == SQLITE_OK else {
                throw WorkloadMismatch(description: "bare sqlite: \(sql): \(String(cString: sqlite3_errmsg(db)))")
            }
        }
        try exec("PRAGMA journal_mode = WAL")
        try exec("PRAGMA synchronous = FULL")
        try exec("CREATE TABLE block (cid BLOB PRIMARY KEY NOT NULL, data BLOB NOT NULL) WITHOUT ROWID")
        var statement: OpaquePointer?
        guard sqlite3_prepare_v2(db, "INSERT INTO block (cid, data) VALUES (?, ?)", -1, &statement, nil) == SQLITE_OK, let statement else {
            throw WorkloadMismatch(description: "bare sqlite: prepare: \(String(cString: sqlite3_errmsg(db)))")
        }
        defer { sqlite3_finalize(statement) }
        let seconds = try Harness.seconds {
            for b in blocks {
                let rc = b.key.withUnsafeBytes { k in
                    b.value.withUnsafeBytes { v in
                        sqlite3_bind_blob(statement, 1, k.baseAddress, Int32(k.count), nil)
                        sqlite3_bind_blob(statement, 2, v.baseAddress, Int32(v.count), nil)
                        defer { sqlite3_reset(statement); sqlite3_clear_bindings(statement) }
                        return sqlite3_step(statement)
                    }
                }
                guard rc == SQLITE_DONE else { throw WorkloadMismatch(description: "bare sqlite: insert: \(String(cString: sqlite3_errmsg(db)))") }
            }
        }
        return Double(blocks.count) / seconds
    }
}
