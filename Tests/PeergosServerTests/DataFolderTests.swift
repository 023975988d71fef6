import Foundation
import HummingbirdTesting
import PeergosCrypto
import PeergosMultiformats
import PeergosServer
import PeergosServerStorage
import Testing

/// Issue 8, item 2 (server part): the data folder holds the node, identity and PKI keys, so it is
/// 0700 and every file in it 0600, the SQLite WAL and shm files included.
@Suite("Data folder permissions")
struct DataFolderTests {
    static func mode(_ path: String) throws -> Int {
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        return try #require(attributes[.posixPermissions] as? Int)
    }

    @Test("a new folder (missing parents created) is 0700 and the database, WAL and shm files are 0600 after writes")
    func newFolder() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-perm-\(UUID().uuidString)/nested/data").path
        let server = try PeergosServer(dataDirectory: dir)
        try server.database.registerWriters([ServerHTTPTests.writer.publicKey.publicKeyHash], username: "perm")
        try server.database.putBlocks([(try Cid.sha256(codec: .raw, digest: Hash.sha256([1, 2, 3])), [1, 2, 3])], chargedTo: "perm")
        #expect(try Self.mode(dir) == 0o700)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
        #expect(files.contains("peergos.sqlite") && files.contains("peergos.sqlite-wal") && files.contains("peergos.sqlite-shm"), "\(files)")
        for file in files {
            #expect(try Self.mode((dir as NSString).appendingPathComponent(file)) == 0o600, "\(file)")
        }
    }

    @Test("an existing folder and files with looser permissions are tightened at start")
    func looseFolderTightened() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-loose-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
        let stray = (dir as NSString).appendingPathComponent("notes.txt")
        #expect(FileManager.default.createFile(atPath: stray, contents: Data("x".utf8), attributes: [.posixPermissions: 0o644]))
        #expect(try Self.mode(dir) == 0o755)
        let tightened = try DataFolder.prepare(dir, databaseFile: "peergos.sqlite")
        #expect(tightened == [dir, stray])
        #expect(try Self.mode(dir) == 0o700 && Self.mode(stray) == 0o600)
        #expect(try Self.mode((dir as NSString).appendingPathComponent("peergos.sqlite")) == 0o600)
        // Already tight: nothing to report.
        #expect(try DataFolder.prepare(dir, databaseFile: "peergos.sqlite").isEmpty)
        _ = try PeergosServer(dataDirectory: dir)
        #expect(try Self.mode(dir) == 0o700)
    }

    @Test("a data path that is a file is refused with a typed error")
    func notADirectory() throws {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-file-\(UUID().uuidString)").path
        #expect(FileManager.default.createFile(atPath: path, contents: Data()))
        #expect(throws: ServerStorageError.dataFolder("\(path) is not a directory")) { try DataFolder.prepare(path, databaseFile: "peergos.sqlite") }
        #expect(ServerStorageError.dataFolder("x").code == "storage.data_folder")
    }
}
