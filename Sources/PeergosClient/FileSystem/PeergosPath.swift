/// An absolute Peergos path, `/<owner>/<name>/…`: the owner's username, then names.
public struct PeergosPath: Hashable, Sendable, CustomStringConvertible {
    public let owner: String
    public let names: [String]

    public init(_ text: String) throws {
        guard text.hasPrefix("/") else { throw PeergosClientError.invalidPath("\(text) (paths are absolute: /user/…)") }
        let parts = text.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        guard let owner = parts.first else { throw PeergosClientError.invalidPath(text) }
        for p in parts where p == "." || p == ".." { throw PeergosClientError.invalidPath("\(text) (no . or ..)") }
        self.owner = owner
        self.names = Array(parts.dropFirst())
    }

    init(owner: String, names: [String]) {
        self.owner = owner
        self.names = names
    }

    public var parent: PeergosPath? { names.isEmpty ? nil : PeergosPath(owner: owner, names: Array(names.dropLast())) }
    public var name: String { names.last ?? owner }
    public var description: String { "/" + ([owner] + names).joined(separator: "/") }
}
