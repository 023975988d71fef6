import Foundation
import Hummingbird
import NIOPosix

/// Where the server's synchronous work runs: SQLite calls (a write waits for fsync and for the
/// single writer), signature checks and CHAMP walks. Not on Swift's cooperative pool, which has
/// one thread per core, so that a few waiting writes cannot stall every other request.
enum BlockingWork {
    /// More threads than cores: most of the time they wait on the disk or on SQLite's writer lock.
    static let pool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 16)
        pool.start()
        return pool
    }()
}

extension Router where Context == BasicRequestContext {
    /// A POST route whose work is synchronous: the body (up to `bodyLimit` bytes, none if nil) is
    /// read first, then `handler` runs on ``BlockingWork/pool``.
    @discardableResult
    func postBlocking(_ path: RouterPath, bodyLimit: Int? = nil,
                      _ handler: @escaping @Sendable (Request, [UInt8]) throws -> Response) -> Self {
        post(path) { request, _ in
            var body: [UInt8] = []
            if let bodyLimit { body = try await request.bodyBytes(limit: bodyLimit) }
            let received = body
            return try await BlockingWork.pool.runIfActive { try handler(request, received) }
        }
    }

    /// A POST route with no body whose work is one short read through ``ServerReadConnections``
    /// (a block, its size, a pointer): `handler` runs where the request is handled, with no hop to
    /// ``BlockingWork/pool``, so reads never queue behind writes waiting for fsync there.
    ///
    /// Safe because such a read never waits for a lock: SQLite's WAL readers do not wait for the
    /// writer or for checkpoints, and ``ServerReadConnections`` opens another connection rather
    /// than wait for a busy one. Measured (peergos-bench server, CPU per request): the hop to the
    /// pool and back cost more than the read itself.
    @discardableResult
    func postReading(_ path: RouterPath, _ handler: @escaping @Sendable (Request) throws -> Response) -> Self {
        post(path) { request, _ in try handler(request) }
    }
}
