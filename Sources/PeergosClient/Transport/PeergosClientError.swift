import PeergosCBOR
import PeergosMultiformats

/// Why a client operation failed. Every case has a stable code (`client.*`) for reports.
///
/// Server refusals keep the server's own text (upstream puts it, URL-encoded, in the `Trailer`
/// header of a 400), so a caller can match upstream's messages such as "Secret link expired!".
public enum PeergosClientError: Error, Hashable, Sendable, CustomStringConvertible, CodedError {
    /// The server refused the request: HTTP status and the message from its `Trailer` header.
    case refused(status: Int, message: String)
    /// A compare-and-swap on a writer's pointer lost a race (`PointerCAS:` refusal).
    case casFailure(String)
    /// The server asked us to slow down (429, 502, 503, 504) and retries ran out.
    case rateLimited(status: Int)
    /// The request did not finish in time, or the connection failed.
    case transport(String)
    /// An answer that does not have the form the route promises.
    case malformedAnswer(route: String, reason: String)
    /// A block whose bytes do not hash to the CID asked for: the server is not trusted.
    case blockMismatch(Cid)
    /// A block the operation needs is absent on the server.
    case missingBlock(Cid)
    /// No such user on the server's PKI.
    case unknownUser(String)
    /// The username is taken, or the server refused the claim.
    case signupRefused(String)
    /// Wrong username or password.
    case incorrectPassword
    /// A path that does not resolve.
    case notFound(String)
    /// A path component that should be a directory is a file, or the other way round.
    case notADirectory(String)
    case isADirectory(String)
    /// The target name already exists.
    case alreadyExists(String)
    /// The capability held for this path does not allow writing.
    case notWritable(String)
    /// A path that is not absolute, names no user, or has an invalid component.
    case invalidPath(String)
    /// A byte range outside the file.
    case invalidRange(String)
    /// A write kept losing races and gave up after this many attempts.
    case tooManyRetries(Int)
    /// A request this client will not make (for example a link option upstream does not support).
    case unsupported(String)

    public var code: String {
        switch self {
        case .refused: return "client.refused"
        case .casFailure: return "client.cas_failure"
        case .rateLimited: return "client.rate_limited"
        case .transport: return "client.transport"
        case .malformedAnswer: return "client.malformed_answer"
        case .blockMismatch: return "client.block_mismatch"
        case .missingBlock: return "client.missing_block"
        case .unknownUser: return "client.unknown_user"
        case .signupRefused: return "client.signup_refused"
        case .incorrectPassword: return "client.incorrect_password"
        case .notFound: return "client.not_found"
        case .notADirectory: return "client.not_a_directory"
        case .isADirectory: return "client.is_a_directory"
        case .alreadyExists: return "client.already_exists"
        case .notWritable: return "client.not_writable"
        case .invalidPath: return "client.invalid_path"
        case .invalidRange: return "client.invalid_range"
        case .tooManyRetries: return "client.too_many_retries"
        case .unsupported: return "client.unsupported"
        }
    }

    public var description: String {
        switch self {
        case .refused(let status, let message): return "server refused (\(status)): \(message)"
        case .casFailure(let m): return "pointer compare-and-swap failed: \(m)"
        case .rateLimited(let status): return "server is rate limiting (HTTP \(status))"
        case .transport(let m): return "transport failure: \(m)"
        case .malformedAnswer(let route, let reason): return "malformed answer from \(route): \(reason)"
        case .blockMismatch(let cid): return "server returned bytes that do not hash to \(cid)"
        case .missingBlock(let cid): return "block \(cid) is missing on the server"
        case .unknownUser(let u): return "no user \(u)"
        case .signupRefused(let m): return "signup refused: \(m)"
        case .incorrectPassword: return "incorrect username or password"
        case .notFound(let p): return "no such file or directory: \(p)"
        case .notADirectory(let p): return "not a directory: \(p)"
        case .isADirectory(let p): return "is a directory: \(p)"
        case .alreadyExists(let p): return "already exists: \(p)"
        case .notWritable(let p): return "no write access to \(p)"
        case .invalidPath(let p): return "invalid path: \(p)"
        case .invalidRange(let r): return "invalid range: \(r)"
        case .tooManyRetries(let n): return "gave up after \(n) attempts lost compare-and-swap races"
        case .unsupported(let m): return "unsupported: \(m)"
        }
    }
}
