import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The server's data folder holds its node, identity and PKI keys, so only its owner may read it.
///
/// Invariant after ``prepare(_:databaseFile:)``: the folder exists, is a directory with mode 0700,
/// every regular file directly in it has mode 0600, and the database file exists with mode 0600
/// before SQLite opens it. SQLite creates its `-wal` and `-shm` files with the database file's
/// permissions, so they are 0600 too. A folder or file with looser permissions is tightened (and
/// reported in the returned list); one that cannot be tightened refuses start-up with `dataFolder`.
public enum DataFolder {
    /// Creates or tightens `path`, and creates `databaseFile` (a name inside it) if absent.
    /// Returns the paths whose permissions were tightened.
    @discardableResult
    public static func prepare(_ path: String, databaseFile: String) throws -> [String] {
        var tightened: [String] = []
        // Missing parents are created as usual; only the data folder itself must be private.
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty && !FileManager.default.fileExists(atPath: parent) {
            do { try FileManager.default.createDirectory(atPath: parent, withIntermediateDirectories: true) } catch {
                throw ServerStorageError.dataFolder("cannot create \(parent): \(error.localizedDescription)")
            }
        }
        if mkdir(path, 0o700) != 0 {
            let err = errno
            guard err == EEXIST else { throw ServerStorageError.dataFolder("cannot create \(path): \(String(cString: strerror(err)))") }
        }
        var st = stat()
        guard stat(path, &st) == 0 else { throw ServerStorageError.dataFolder("cannot read \(path): \(String(cString: strerror(errno)))") }
        guard st.st_mode & S_IFMT == S_IFDIR else { throw ServerStorageError.dataFolder("\(path) is not a directory") }
        if st.st_mode & 0o777 != 0o700 {
            try setMode(path, 0o700)
            tightened.append(path)
        }
        let database = (path as NSString).appendingPathComponent(databaseFile)
        let fd = open(database, O_CREAT | O_WRONLY | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw ServerStorageError.dataFolder("cannot create \(database): \(String(cString: strerror(errno)))") }
        guard close(fd) == 0 else { throw ServerStorageError.dataFolder("cannot close \(database): \(String(cString: strerror(errno)))") }
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: path) } catch {
            throw ServerStorageError.dataFolder("cannot list \(path): \(error.localizedDescription)")
        }
        for name in names.sorted() {
            let file = (path as NSString).appendingPathComponent(name)
            var fst = stat()
            guard lstat(file, &fst) == 0 else { throw ServerStorageError.dataFolder("cannot read \(file): \(String(cString: strerror(errno)))") }
            guard fst.st_mode & S_IFMT == S_IFREG, fst.st_mode & 0o777 != 0o600 else { continue }
            try setMode(file, 0o600)
            tightened.append(file)
        }
        return tightened
    }

    private static func setMode(_ path: String, _ mode: mode_t) throws {
        guard chmod(path, mode) == 0 else {
            throw ServerStorageError.dataFolder("cannot restrict \(path) to mode \(String(mode, radix: 8)): \(String(cString: strerror(errno)))")
        }
    }
}
