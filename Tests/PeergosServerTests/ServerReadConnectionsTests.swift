import Foundation
import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServerStorage
import Testing

/// The server's fast read connections answer exactly as the database's own reads do, and see
/// writes made after they were opened (an idle connection holds no old snapshot).
@Suite("Server read connections")
struct ServerReadConnectionsTests {
    static func database(_ name: String) throws -> (ServerDatabase, String) {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-reads-\(name)-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return (try ServerDatabase(path: dir + "/peergos.sqlite"), dir)
    }

    @Test("blocks, sizes and writers' users read as ServerDatabase reads them; absent keys are nil")
    func sameAnswers() throws {
        let (db, dir) = try Self.database("same")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reads = ServerReadConnections(db)
        let blocks: [[UInt8]] = [[], [0], Array(repeating: 7, count: 251), (0..<(1 << 20)).map { UInt8($0 % 251) }]
        let cids = try blocks.enumerated().map { i, b in try Cid.sha256(codec: i % 2 == 0 ? .raw : .dagCbor, digest: Hash.sha256(b)) }
        let absent = try Cid.sha256(codec: .raw, digest: Hash.sha256([9, 9]))
        // Nothing stored yet, and a connection is opened and left idle before the writes.
        #expect(try reads.block(cids[2]) == nil)
        try db.putBlocks(Array(zip(cids, blocks)).map { (cid: $0.0, data: $0.1) })
        for (cid, block) in zip(cids, blocks) {
            #expect(try reads.block(cid) == block)
            #expect(try reads.block(cid) == db.block(cid))
            #expect(try reads.blockSize(cid) == block.count)
            #expect(try reads.blockSize(cid) == db.blockSize(cid))
        }
        #expect(try reads.block(absent) == nil && db.block(absent) == nil)
        #expect(try reads.blockSize(absent) == nil)

        let writer = try SigningKeyPair(seed: Hash.sha256(Array("reads-writer".utf8))).publicKey.publicKeyHash
        let other = try SigningKeyPair(seed: Hash.sha256(Array("reads-other".utf8))).publicKey.publicKeyHash
        #expect(try reads.writerOwner(writer) == nil)
        try db.registerWriters([writer], username: "ünïcode-user")
        #expect(try reads.writerOwner(writer) == "ünïcode-user")
        #expect(try reads.writerOwner(writer) == db.writerOwner(writer))
        #expect(try reads.writerOwner(other) == nil)

        #expect(try reads.pointer(writer: writer) == nil)
        let signed: [UInt8] = Array(repeating: 3, count: 120)
        #expect(try db.compareAndSwap([.init(writer: writer, expected: nil, new: signed)]))
        #expect(try reads.pointer(writer: writer) == signed)
        #expect(try reads.pointer(writer: writer) == db.pointer(writer: writer))
        #expect(try reads.pointer(writer: other) == nil)
    }

    @Test("writers' users, remembered once found, answer as the database does past the remembered limit; a writer registered twice keeps its first user")
    func rememberedWriters() throws {
        let (db, dir) = try Self.database("writers")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reads = ServerReadConnections(db)
        let count = ServerReadConnections.knownWritersLimit + 10
        let writers = try (0..<count).map { i in try SigningKeyPair(seed: Hash.sha256(Array("reads-many-\(i)".utf8))).publicKey.publicKeyHash }
        for w in writers.prefix(3) { #expect(try reads.writerOwner(w) == nil) }
        try db.registerWriters(Array(writers[..<(count / 2)]), username: "first")
        try db.registerWriters(writers, username: "second")
        // Twice over, so that the second pass runs after the remembered set was forgotten at its limit.
        for _ in 0..<2 {
            for (i, w) in writers.enumerated() {
                let expected = i < count / 2 ? "first" : "second"
                guard try reads.writerOwner(w) == expected, try db.writerOwner(w) == expected else {
                    Issue.record("writer \(i) does not read as \(expected)")
                    return
                }
            }
        }
    }

    @Test("concurrent readers each get their own connection and the right block")
    func concurrent() async throws {
        let (db, dir) = try Self.database("concurrent")
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let reads = ServerReadConnections(db)
        let blocks = (0..<64).map { i in [UInt8](repeating: UInt8(i), count: 100 + i) }
        let cids = try blocks.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }
        try db.putBlocks(Array(zip(cids, blocks)).map { (cid: $0.0, data: $0.1) })
        let wrong = try await withThrowingTaskGroup(of: Int.self) { group in
            for t in 0..<8 {
                group.addTask {
                    var wrong = 0
                    for round in 0..<200 {
                        let i = (t * 31 + round) % blocks.count
                        if try reads.block(cids[i]) != blocks[i] { wrong += 1 }
                    }
                    return wrong
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(wrong == 0)
    }
}
