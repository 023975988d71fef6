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
}
