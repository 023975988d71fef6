/// What a run is pointed at and how careful it must be.
public struct RunConfiguration: Sendable {
    /// The door to the server (``AsyncHTTPExchanger`` in the runner; tests wrap it with faults).
    public var exchanger: HTTPExchanger
    /// Prefix of every account the run creates, e.g. `cfk3j9x2`: throw-away accounts are
    /// `<prefix>-<role>`. Lowercase letters and digits, 1–16 characters, starting with a letter.
    public var accountPrefix: String
    /// Only cases tagged `read-only` run; no account is created.
    public var readOnly: Bool
    /// An existing user the read-only cases look up (`--probe-user`); with no value, a run that
    /// is not read-only uses its own first account, and a read-only one skips those cases.
    public var probeUser: String?
    /// Seconds a case may take, and each request within it.
    public var timeout: Double
    /// Cases run at the same time.
    public var jobs: Int

    public init(exchanger: HTTPExchanger, accountPrefix: String, readOnly: Bool = false, probeUser: String? = nil, timeout: Double = 120, jobs: Int = 4) {
        self.exchanger = exchanger
        self.accountPrefix = accountPrefix
        self.readOnly = readOnly
        self.probeUser = probeUser
        self.timeout = timeout
        self.jobs = max(1, jobs)
    }

    /// A random prefix: `cf` and 6 lowercase letters or digits.
    public static func randomAccountPrefix() -> String {
        let alphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")
        return "cf" + String((0..<6).map { _ in alphabet.randomElement()! })
    }

    /// Whether `prefix` is usable: 1–16 of `[a-z0-9]`, starting with a letter (so that
    /// `<prefix>-<role>` is a valid username of at most 32 characters).
    public static func isValidAccountPrefix(_ prefix: String) -> Bool {
        guard (1...16).contains(prefix.count), let first = prefix.unicodeScalars.first, ("a"..."z").contains(first) else { return false }
        return prefix.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) }
    }
}
