import Foundation
import GRDB
import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServerStorage
import Testing

/// A database written by an earlier version of the server opens with every block, every user's
/// charged blocks and every usage figure intact after the migrations it lacks have run.
@Suite("Schema migrations")
struct SchemaMigrationTests {
    static func block(_ seed: UInt8, _ size: Int) throws -> (cid: Cid, data: [UInt8]) {
        let data = [UInt8](repeating: seed, count: size)
        return (try Cid.sha256(codec: .raw, digest: Hash.sha256(data)), data)
    }

    @Test("v7 (blocks in a rowid table): blocks, charged blocks and usage survive; charging keeps working")
    func blockRowidMigration() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-migration-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/peergos.sqlite"
        let a = try Self.block(1, 4096), b = try Self.block(2, 100), c = try Self.block(3, 7), d = try Self.block(4, 50)

        // A database as the v6 server left it: blocks keyed by CID, user_block keyed by (user, CID).
        do {
            let old = try DatabasePool(path: path)
            try ServerDatabase.migrator.migrate(old, upTo: "v6-space-requests")
            try old.write { db in
                for x in [a, b, c] {
                    try db.execute(sql: "INSERT INTO block (cid, data) VALUES (?, ?)", arguments: [Data(x.cid.bytes), Data(x.data)])
                }
                // alice's blocks are a and b; bob's are b (shared) and c.
                for (user, x) in [("alice", a), ("alice", b), ("bob", b), ("bob", c)] {
                    try db.execute(sql: "INSERT INTO user_block (username, cid, size) VALUES (?, ?, ?)", arguments: [user, Data(x.cid.bytes), x.data.count])
                }
                try db.execute(sql: "INSERT INTO user_usage (username, bytes) VALUES ('alice', 4196), ('bob', 107)")
            }
            try old.close()
        }

        let db = try ServerDatabase(path: path)
        let applied = try db.pool.read { try String.fetchAll($0, sql: "SELECT identifier FROM grdb_migrations") }
        #expect(applied.contains("v7-block-rowid"))
        for x in [a, b, c] {
            #expect(try db.block(x.cid) == x.data)
            #expect(try db.blockSize(x.cid) == x.data.count)
        }
        #expect(try db.block(d.cid) == nil)
        #expect(try db.usage(username: "alice") == 4196)
        #expect(try db.usage(username: "bob") == 107)
        let charged = try db.pool.read { db in
            try Row.fetchAll(db, sql: "SELECT user_block.username, block.cid, user_block.size FROM user_block JOIN block ON block.id = user_block.block ORDER BY 1, 3")
                .map { "\($0[0] as String) \(Cid.bytesDescription($0[1] as Data)) \($0[2] as Int)" }
        }
        #expect(charged == ["alice \(Cid.bytesDescription(Data(b.cid.bytes))) 100", "alice \(Cid.bytesDescription(Data(a.cid.bytes))) 4096",
                            "bob \(Cid.bytesDescription(Data(c.cid.bytes))) 7", "bob \(Cid.bytesDescription(Data(b.cid.bytes))) 100"])

        // A block stored before (by bob) is charged to alice once; one she has is not charged again;
        // a new block is stored and charged.
        try db.putBlocks([c], chargedTo: "alice")
        try db.putBlocks([a, c], chargedTo: "alice")
        try db.putBlocks([d], chargedTo: "bob")
        #expect(try db.usage(username: "alice") == 4196 + 7)
        #expect(try db.usage(username: "bob") == 107 + 50)
        #expect(try db.block(d.cid) == d.data)
        let sums = try db.pool.read { try Row.fetchAll($0, sql: "SELECT username, sum(size) FROM user_block GROUP BY username ORDER BY 1").map { "\($0[0] as String) \($0[1] as Int)" } }
        #expect(sums == ["alice 4203", "bob 157"])
    }
}

private extension Cid {
    /// Hex of a CID's bytes as stored, to compare rows by content.
    static func bytesDescription(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }
}
