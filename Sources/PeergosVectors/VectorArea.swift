/// The checker for one vector area (the `area` field of a vector file).
///
/// `check` returns normally when the vector passes, throws ``VectorMismatch`` when it fails
/// (``VectorFormatError`` when a field is missing or mistyped),
/// ``VectorSkip`` for a kind not implemented, and any other error counts as a failure.
public struct VectorArea: Sendable {
    public let name: String
    public let check: @Sendable (Vector) throws -> Void

    public init(name: String, check: @escaping @Sendable (Vector) throws -> Void) {
        self.name = name
        self.check = check
    }

    /// Every area this implementation checks, by name.
    public static let implemented: [String: VectorArea] = {
        var areas: [String: VectorArea] = [:]
        for area in [VectorArea.cbor, .multiformats, .crypto, .capability, .login, .pki, .champ, .follow, .cryptree, .mutable, .pow, .mlkem, .client] { areas[area.name] = area }
        return areas
    }()
}
