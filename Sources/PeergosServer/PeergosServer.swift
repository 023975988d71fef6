import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosServerStorage

/// The reference server: upstream's HTTP conventions (POST everywhere, 400 + `Trailer` errors)
/// over durable SQLite storage. It is its own node, with a fixed id derived at first start.
public struct PeergosServer: Sendable {
    public let database: ServerDatabase
    public let nodeId: Cid
    let logger: Logger
    let proofOfWork: ProofOfWorkGate
    let pki: PKITree

    /// Opens (or creates) the server's database in `dataDirectory`. With `maxDailySignups`, signups
    /// must carry proofs of work at upstream's adaptive difficulty for that daily rate; without it,
    /// no work is asked. `clock` times the signup rate (tests freeze it).
    /// `maxStorageBytes` caps the database's size (writes past it are refused as "storage full").
    public init(dataDirectory: String, maxDailySignups: Int? = nil, maxStorageBytes: Int64? = nil, clock: @escaping @Sendable () -> Date = { Date() },
                logger: Logger = Logger(label: "peergos-server")) throws {
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        database = try ServerDatabase(path: (dataDirectory as NSString).appendingPathComponent("peergos.sqlite"), maxSizeBytes: maxStorageBytes)
        // The node id: a libp2p-key CID of a random seed drawn at first start and kept.
        let seed = try database.setSettingIfAbsent("node-seed", SystemRandom.shared.bytes(32))
        nodeId = try Cid.sha256(codec: .libp2pKey, digest: Hash.sha256(seed))
        self.logger = logger
        proofOfWork = ProofOfWorkGate(maxDailySignups: maxDailySignups, clock: clock)
        pki = try PKITree(database: database, storageProvider: nodeId.multihash, now: clock())
    }

    /// The routes. Paths follow upstream; see Spec and `../shared/spec` §11.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: UpstreamConventionsMiddleware(logger: logger))
        router.get("/health") { _, _ in Responses.text("ok") }
        StorageRoutes(server: self).add(to: router)
        MutableRoutes(server: self).add(to: router)
        CoreRoutes(server: self).add(to: router)
        AccountRoutes(server: self).add(to: router)
        LookupRoutes(server: self).add(to: router)
        SpaceRoutes(server: self).add(to: router)
        // Unknown methods of a known service: 400 with a Trailer, as upstream's service handlers answer.
        router.post("/peergos/v0/{service}/**") { request, context -> Response in
            // The PKI handler's own wording (seen in the captures' probes); the others name the path.
            if context.parameters.get("service") == "core" { throw PeergosServerError("Unknown pkinode method!") }
            throw PeergosServerError("Unknown method \(request.uri.path)")
        }
        return router
    }

    /// An application bound to `host:port` (loopback unless told otherwise; port 0 picks a free
    /// one, which `onServerRunning` learns from the channel's local address).
    public func application(host: String = "127.0.0.1", port: Int,
                            onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        Application(router: router(), server: .http1(configuration: .init(additionalChannelHandlers: [UpgradeRequestCloser()])),
                    configuration: .init(address: .hostname(host, port: port), serverName: "swift-peergos"),
                    onServerRunning: onServerRunning, logger: logger)
    }
}

/// POST-only API, errors as 400 + Trailer, no request ever answered with a dropped connection.
struct UpstreamConventionsMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .post && request.uri.path != "/health" {
            return Response(status: .methodNotAllowed)
        }
        do {
            return try await next(request, context)
        } catch let e as PeergosServerError {
            logger.debug("refused \(request.uri.path): \(e.message)")
            return e.response
        } catch let e as HTTPError {
            if e.status == .notFound { return Response(status: .notFound) }
            return PeergosServerError(e.body ?? "\(e.status)").response
        } catch {
            logger.warning("error on \(request.uri.path): \(error)")
            return PeergosServerError("\(error)").response
        }
    }
}
