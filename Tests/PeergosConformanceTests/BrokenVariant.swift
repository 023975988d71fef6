@_spi(FaultInjection) import PeergosServer
import PeergosConformance

/// A deliberately broken server for testing the suite: a server-side switch of the reference
/// server (``ServerFaults``), or a fault between the runner and a correct server on one route
/// (``HTTPFault``, applied by ``FaultyExchanger``).
enum BrokenVariant: Hashable, Sendable, CustomStringConvertible {
    case server(ServerFault)
    case http(HTTPFault)

    var description: String {
        switch self {
        case .server(let f): return "server.\(f.rawValue)"
        case .http(let f): return "http.\(f)"
        }
    }
}

/// The reference server's test-only switches, one at a time.
enum ServerFault: String, CaseIterable, Sendable {
    case acceptForgedSignatures, ignoreCompareAndSwap, corruptBlocks, dropTrailer, acceptInvalidChains, serveExpiredLinks,
         allowUnregisteredWriters, internalErrorOnMalformedInput

    var faults: ServerFaults {
        switch self {
        case .acceptForgedSignatures: return .acceptForgedSignatures
        case .ignoreCompareAndSwap: return .ignoreCompareAndSwap
        case .corruptBlocks: return .corruptBlocks
        case .dropTrailer: return .dropTrailer
        case .acceptInvalidChains: return .acceptInvalidChains
        case .serveExpiredLinks: return .serveExpiredLinks
        case .allowUnregisteredWriters: return .allowUnregisteredWriters
        case .internalErrorOnMalformedInput: return .internalErrorOnMalformedInput
        }
    }
}

/// A fault on the answers of one route (`path` without a leading slash, e.g.
/// `peergos/v0/core/getChain`), as a broken server would answer.
enum HTTPFault: Hashable, Sendable, CustomStringConvertible {
    /// A 400 refusal becomes 200 with the DataStream boolean `true` as body: the server accepts
    /// what it should refuse.
    case acceptRefusals(String)
    /// A 200 answer's body has its last byte flipped (a non-empty one) or gains a byte (an empty one).
    case corruptAnswers(String)
    /// A 200 answer's body is emptied.
    case emptyAnswers(String)
    /// The connection closes without an answer.
    case dropConnection(String)
    /// A 405 (wrong method) is answered 200 instead.
    case acceptAnyMethod(String)

    var route: String {
        switch self {
        case .acceptRefusals(let r), .corruptAnswers(let r), .emptyAnswers(let r), .dropConnection(let r), .acceptAnyMethod(let r): return r
        }
    }

    var description: String {
        switch self {
        case .acceptRefusals(let r): return "acceptRefusals(\(r))"
        case .corruptAnswers(let r): return "corruptAnswers(\(r))"
        case .emptyAnswers(let r): return "emptyAnswers(\(r))"
        case .dropConnection(let r): return "dropConnection(\(r))"
        case .acceptAnyMethod(let r): return "acceptAnyMethod(\(r))"
        }
    }
}

/// An ``HTTPExchanger`` that applies one ``HTTPFault`` to the answers of its route (matched on
/// the request path, or on the path prefix when the route ends with `/`), passing everything
/// else through unchanged.
struct FaultyExchanger: HTTPExchanger {
    let inner: HTTPExchanger
    let fault: HTTPFault
    var origin: String { inner.origin }

    func exchange(_ request: ProbeRequest) async throws -> ProbeResponse {
        let hit = fault.route.hasSuffix("/") ? request.path.hasPrefix(fault.route) : request.path == fault.route
        guard hit else { return try await inner.exchange(request) }
        if case .dropConnection = fault { throw ProbeError.connection("injected: connection closed without an answer") }
        var response = try await inner.exchange(request)
        switch fault {
        case .acceptRefusals where response.status == 400:
            response = ProbeResponse(status: 200, headers: [], body: [1])
        case .acceptAnyMethod where response.status == 405:
            response = ProbeResponse(status: 200, headers: [], body: [])
        case .corruptAnswers where response.status == 200:
            if response.body.isEmpty { response.body = [0] } else { response.body[response.body.count - 1] ^= 0x01 }
        case .emptyAnswers where response.status == 200:
            response.body = []
        default:
            break
        }
        return response
    }
}
