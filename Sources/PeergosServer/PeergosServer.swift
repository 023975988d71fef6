import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdCore
import Logging
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosServerStorage

/// The reference server: upstream's HTTP conventions (POST everywhere, 400 + `Trailer` errors)
/// over durable SQLite storage. It is its own node, with a fixed id derived at first start.
public struct PeergosServer: Sendable {
    /// The `Server` header of every answer.
    static let serverName = "swift-peergos"

    /// Upstream's `-default-quota` default: 1 GiB per account.
    public static let defaultQuotaBytes: Int64 = 1 << 30

    public let database: ServerDatabase
    /// The hot reads (blocks, block sizes, writers' users) on connections of their own.
    let reads: ServerReadConnections
    public let nodeId: Cid
    /// Every account's storage quota in bytes (upstream's `-default-quota`).
    public let defaultQuota: Int64
    let logger: Logger
    let proofOfWork: ProofOfWorkGate
    let pki: PKITree
    /// Deliberate protocol violations; `[]` except in tests of conformance runners.
    @_spi(FaultInjection) public let faults: ServerFaults

    /// Opens (or creates) the server's database in `dataDirectory`, which is created with mode
    /// 0700 (tightened if looser) and whose files are 0600, since it holds the node's keys.
    /// With `maxDailySignups`, signups must carry proofs of work at upstream's adaptive difficulty
    /// for that daily rate; without it, no work is asked. `clock` times the signup rate (tests
    /// freeze it). `maxStorageBytes` caps the database's size (writes past it are refused as
    /// "storage full"); `defaultQuota` caps each account's usage (writes past it are refused with
    /// upstream's "Storage quota reached!").
    public init(dataDirectory: String, maxDailySignups: Int? = nil, maxStorageBytes: Int64? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "peergos-server")) throws {
        try self.init(dataDirectory: dataDirectory, maxDailySignups: maxDailySignups, maxStorageBytes: maxStorageBytes, defaultQuota: defaultQuota,
                      clock: clock, logger: logger, faults: [])
    }

    /// The same server with deliberate protocol violations (``ServerFaults``), for testing
    /// conformance runners; `faults: []` is the ordinary server.
    @_spi(FaultInjection)
    public init(dataDirectory: String, maxDailySignups: Int? = nil, maxStorageBytes: Int64? = nil, defaultQuota: Int64 = PeergosServer.defaultQuotaBytes,
                clock: @escaping @Sendable () -> Date = { Date() }, logger: Logger = Logger(label: "peergos-server"), faults: ServerFaults) throws {
        self.faults = faults
        let databaseFile = "peergos.sqlite"
        for path in try DataFolder.prepare(dataDirectory, databaseFile: databaseFile) {
            logger.warning("tightened permissions of \(path) (the data folder holds the server's keys)")
        }
        database = try ServerDatabase(path: (dataDirectory as NSString).appendingPathComponent(databaseFile), maxSizeBytes: maxStorageBytes)
        reads = ServerReadConnections(database)
        // The node id: a libp2p-key CID of a random seed drawn at first start and kept.
        let seed = try database.setSettingIfAbsent("node-seed", SystemRandom.shared.bytes(32))
        nodeId = try Cid.sha256(codec: .libp2pKey, digest: Hash.sha256(seed))
        self.defaultQuota = defaultQuota
        self.logger = logger
        proofOfWork = ProofOfWorkGate(maxDailySignups: maxDailySignups, clock: clock)
        pki = try PKITree(database: database, storageProvider: nodeId.multihash, now: clock())
    }

    /// The routes. Paths follow upstream; see Spec and `../shared/spec` §11.
    public func router() -> Router<BasicRequestContext> {
        let router = Router()
        router.add(middleware: UpstreamConventionsMiddleware(logger: logger, faults: faults))
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

    /// How long a connection may stall or sit idle before the server closes it (Java's `HttpServer`,
    /// upstream's, closes idle connections after 30 s too).
    public static let defaultRequestTimeout: Duration = .seconds(30)

    /// An application bound to `host:port` (loopback unless told otherwise; port 0 picks a free
    /// one, which `onServerRunning` learns from the channel's local address).
    ///
    /// A connection that stalls (no bytes of a request it started, or no new request while idle)
    /// for `requestTimeout` is closed; a connection waiting for its answer is not. At most
    /// `maxConnections` are open at once: past that, a new connection is answered 503 with the
    /// reason and closed (``ConnectionLimiter``).
    public func application(host: String = "127.0.0.1", port: Int, requestTimeout: Duration = PeergosServer.defaultRequestTimeout, maxConnections: Int = 1024,
                            onServerRunning: @escaping @Sendable (any Channel) async -> Void = { _ in }) -> some ApplicationProtocol {
        let limit = ConnectionLimit(maxConnections)
        return Application(router: router(),
                           server: httpServer(requestTimeout: requestTimeout, limit: limit),
                           configuration: .init(address: .hostname(host, port: port), serverName: Self.serverName),
                           onServerRunning: onServerRunning, logger: logger)
    }
}

extension PeergosServer {
    /// Hummingbird's HTTP/1 server with this server's connection handlers, and the `block/get`
    /// and `block/put/bulk` fast path (``RequestFastPath``) unless faults are injected.
    func httpServer(requestTimeout: Duration, limit: ConnectionLimit) -> HTTPServerBuilder {
        let reads = reads
        var fastPath: (@Sendable () -> RequestFastPath)? = nil
        if faults.isEmpty {
            let puts = BlockPutFastPath(server: self)
            fastPath = { @Sendable in RequestFastPath(reads: reads, serverName: Self.serverName, puts: puts) }
        }
        let configuration = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionLimiter(limit: limit), UpgradeRequestCloser()], idleTimeout: TimeAmount(requestTimeout))
        return HTTPServerBuilder { [fastPath] responder in
            PeergosHTTP1Channel(responder: responder, configuration: configuration, fastPath: fastPath)
        }
    }
}

/// POST-only API, errors as 400 + Trailer, no request ever answered with a dropped connection.
///
/// A refusal the server means (``PeergosServerError``, a full disk, a quota) keeps its message.
/// Anything else is an internal failure: the client gets "Internal server error (id …)" and the
/// log gets the same id with the detail, so no SQLite text or stack ever reaches the client.
struct UpstreamConventionsMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger
    var faults: ServerFaults = []

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if request.method != .post && request.uri.path != "/health" {
            return Response(status: .methodNotAllowed)
        }
        do {
            return try await next(request, context)
        } catch let e as PeergosServerError {
            logger.debug("refused \(request.uri.path): \(e.message)")
            return answer(e)
        } catch let e as HTTPError {
            if e.status == .notFound { return Response(status: .notFound) }
            return answer(PeergosServerError(e.body ?? "\(e.status)"))
        } catch let e as ServerStorageError {
            switch e {
            case .diskFull, .quotaExceeded:
                logger.notice("refused \(request.uri.path): \(e)")
                return answer(PeergosServerError(e.description))
            case .corrupt, .failure, .dataFolder:
                return answer(Self.internalError(e, path: request.uri.path, logger: logger))
            }
        } catch {
            // Not a refusal the server recognises: in practice a lower module's decoding error.
            var e = Self.internalError(error, path: request.uri.path, logger: logger)
            e.isMalformedInput = true
            return answer(e)
        }
    }

    /// A refusal's answer: `e.response`, unless a ``ServerFaults`` switch breaks it.
    func answer(_ e: PeergosServerError) -> Response {
        if faults.contains(.internalErrorOnMalformedInput), e.isMalformedInput {
            var broken = e
            broken.status = .internalServerError
            return faults.contains(.dropTrailer) ? Response(status: .internalServerError) : broken.response
        }
        if faults.contains(.dropTrailer) { return Response(status: .badRequest) }
        return e.response
    }

    /// The generic refusal for an unexpected error, and its logged detail under the same id.
    static func internalError(_ error: Error, path: String, logger: Logger) -> PeergosServerError {
        let id = InternalErrorId.next()
        logger.error("internal error \(id) on \(path): \(error)")
        return PeergosServerError(InternalErrorId.message(id))
    }
}

/// The id that ties a generic "Internal server error" answer to its log line: 16 random hex digits.
enum InternalErrorId {
    static func next() -> String { SystemRandom.shared.bytes(8).map { String(format: "%02x", $0) }.joined() }
    static func message(_ id: String) -> String { "Internal server error (id \(id))" }
}
