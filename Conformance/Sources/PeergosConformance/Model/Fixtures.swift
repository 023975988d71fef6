import Foundation
import PeergosClient
import PeergosCrypto

/// A throw-away account the run created, with its password (held only in memory).
public struct AccountFixture: Sendable {
    public let username: String
    public let password: String
    public let session: PeergosSession
}

/// Things several cases need and that are made once per run: the throw-away accounts. Each is
/// created at most once, by whichever case asks first; its exchanges are recorded in that case.
public final class Fixtures: Sendable {
    let config: RunConfiguration
    private let accounts = AccountMemo()
    let values = ValueMemo()

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
        let task = await accounts.task(role) { [config] in
            let client = PeergosClient(transport: RecordingTransport(config.exchanger))
            let session = try await client.signup(username: username, password: password)
            return AccountFixture(username: username, password: password, session: session)
        }
        do {
            return try await task.value
        } catch {
            if prerequisite { throw CaseSkip("the account \(username) could not be signed up: \(error)") }
            throw error
        }
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

/// One creation task per role; later callers await the same task.
actor AccountMemo {
    private var tasks: [String: Task<AccountFixture, Error>] = [:]
    func task(_ role: String, _ make: @escaping @Sendable () async throws -> AccountFixture) -> Task<AccountFixture, Error> {
        if let t = tasks[role] { return t }
        let t = Task { try await make() }
        tasks[role] = t
        return t
    }
}

extension Fixtures {
    /// A value made once per run under `key` (a file uploaded by one flow step and read by the
    /// next, a link created once): the first caller makes it, later callers get the same value
    /// or the same error. A failure to make it skips a `prerequisite` caller (see ``account(_:prerequisite:)``).
    public func shared<T: Sendable>(_ key: String, prerequisite: Bool = true, _ make: @escaping @Sendable () async throws -> T) async throws -> T {
        let task = await values.task(key) { try await make() as any Sendable }
        do {
            guard let value = try await task.value as? T else { throw CaseFailure("fixture \(key) has another type than \(T.self)") }
            return value
        } catch let skip as CaseSkip {
            throw skip
        } catch {
            if prerequisite { throw CaseSkip("the fixture \(key) could not be made: \(error)") }
            throw error
        }
    }
}

/// One task per key; later callers await the same task.
actor ValueMemo {
    private var tasks: [String: Task<any Sendable, Error>] = [:]
    func task(_ key: String, _ make: @escaping @Sendable () async throws -> any Sendable) -> Task<any Sendable, Error> {
        if let t = tasks[key] { return t }
        let t = Task { try await make() }
        tasks[key] = t
        return t
    }
}
