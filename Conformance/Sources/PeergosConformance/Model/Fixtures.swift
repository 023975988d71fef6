import Foundation
import PeergosClient
import PeergosCrypto

/// A throw-away account the run created, with its password (held only in memory; never in its
/// description, debug description or mirror, so no report or log can show it).
public struct AccountFixture: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let username: String
    public let password: String
    public let session: PeergosSession

    public var description: String { "AccountFixture(\(username), identity: \(session.id))" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["username": username, "session": session], displayStyle: .struct) }
}

/// Things several cases need and that are made once per run: the throw-away accounts and shared
/// values (a file uploaded by one flow step and read by the next). Each is made at most once, by
/// whichever case asks first, in a log of its own; every case that uses it gets that log's
/// exchanges and routes added to its own, so what a case depends on does not change with the
/// order cases happen to run in.
public final class Fixtures: Sendable {
    let config: RunConfiguration
    private let memo = FixtureMemo()

    init(config: RunConfiguration) { self.config = config }

    /// A client over the runner's exchanger.
    public func client() -> PeergosClient { PeergosClient(transport: RecordingTransport(config.exchanger)) }

    /// The username of the account with this role: `<prefix>-<role>`.
    public func username(_ role: String) -> String { "\(config.accountPrefix)-\(role)" }

    /// The account with this role, signed up on first use (proof of work solved when asked).
    /// - Parameter prerequisite: true (the default) when the case uses the account rather than
    ///   checks its creation: a failure to create it then skips the case (the case that checks
    ///   signup reports the failure) instead of failing it.
    public func account(_ role: String, prerequisite: Bool = true) async throws -> AccountFixture {
        if config.readOnly { throw CaseSkip("needs an account, and the run is --read-only") }
        let username = username(role)
        let password = Self.password()
        do {
            return try await made("account:" + role) { [config] in
                let client = PeergosClient(transport: RecordingTransport(config.exchanger))
                let session = try await client.signup(username: username, password: password)
                return AccountFixture(username: username, password: password, session: session)
            }
        } catch let skip as CaseSkip {
            throw skip
        } catch {
            if prerequisite { throw CaseSkip("the account \(username) could not be signed up: \(error)") }
            throw error
        }
    }

    /// A value made once per run under `key`: the first caller makes it, later callers get the
    /// same value or the same error. A failure to make it skips a `prerequisite` caller (see
    /// ``account(_:prerequisite:)``).
    public func shared<T: Sendable>(_ key: String, prerequisite: Bool = true, _ make: @escaping @Sendable () async throws -> T) async throws -> T {
        do {
            return try await made("value:" + key, make)
        } catch let skip as CaseSkip {
            throw skip
        } catch let failure as CaseFailure where !prerequisite {
            throw failure
        } catch {
            if prerequisite { throw CaseSkip("the fixture \(key) could not be made: \(error)") }
            throw error
        }
    }

    /// Makes (once) or awaits the fixture `key`, then adds its exchanges to the calling case's log.
    private func made<T: Sendable>(_ key: String, _ make: @escaping @Sendable () async throws -> T) async throws -> T {
        let (task, log) = await memo.task(key) { try await make() as any Sendable }
        defer { ExchangeLog.current?.absorb(log) }
        guard let value = try await task.value as? T else { throw CaseFailure("fixture \(key) has another type than \(T.self)") }
        return value
    }

    /// The user that read-only cases look up: `--probe-user`, else (when the run may write) the
    /// run's first account.
    public func probeUsername() async throws -> String {
        if let user = config.probeUser { return user }
        if config.readOnly { throw CaseSkip("needs an existing user: give --probe-user NAME") }
        return try await account("a").username
    }

    /// 24 random letters and digits.
    static func password() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")
        var generator = SystemRandomNumberGenerator()
        return String((0..<24).map { _ in alphabet.randomElement(using: &generator)! })
    }
}

/// One task per fixture key, each recording into its own log; later callers await the same task.
actor FixtureMemo {
    private var tasks: [String: (Task<any Sendable, Error>, ExchangeLog)] = [:]
    func task(_ key: String, _ make: @escaping @Sendable () async throws -> any Sendable) -> (Task<any Sendable, Error>, ExchangeLog) {
        if let t = tasks[key] { return t }
        let log = ExchangeLog()
        let t = Task { try await ExchangeLog.$current.withValue(log) { try await make() } }
        tasks[key] = (t, log)
        return (t, log)
    }
}
