/// Typed views of a decoded value, for protocol objects' `init(cbor:)`.
/// Each throws ``CborSchemaError`` naming the expected and found kinds instead of trapping.
extension CborObject {
    public func asInteger(_ context: String = "") throws -> Int64 {
        guard case .integer(let v) = self else { throw mismatch("integer", context) }
        return v
    }
    public func asText(_ context: String = "") throws -> String {
        guard case .text(let v) = self else { throw mismatch("text", context) }
        return v
    }
    /// The bytes of a byte string, as an array of their own (see ``CborBytes/array``).
    public func asBytes(_ context: String = "") throws -> [UInt8] {
        guard case .bytes(let v) = self else { throw mismatch("bytes", context) }
        return v.array
    }
    public func asBool(_ context: String = "") throws -> Bool {
        guard case .bool(let v) = self else { throw mismatch("bool", context) }
        return v
    }
    /// The items of a list (a view, for a decoded one: see ``CborList``).
    public func asList(_ context: String = "") throws -> CborList {
        guard case .list(let v) = self else { throw mismatch("list", context) }
        return v
    }
    public func asMap(_ context: String = "") throws -> CborMap {
        guard case .map(let v) = self else { throw mismatch("map", context) }
        return v
    }
    /// The CID bytes of a merkle link.
    public func asLink(_ context: String = "") throws -> [UInt8] {
        guard case .link(let v) = self else { throw mismatch("link", context) }
        return v.array
    }
    /// Whether this is `null`.
    public var isNull: Bool { if case .null = self { return true } else { return false } }

    private func mismatch(_ expected: String, _ context: String) -> CborSchemaError {
        .typeMismatch(expected: expected, found: kindName, context: context)
    }
}

extension CborMap {
    /// The value under `key`, or ``CborSchemaError/missingKey(_:)``.
    public func required(_ key: String) throws -> CborObject {
        guard let v = self[key] else { throw CborSchemaError.missingKey(key) }
        return v
    }
}

/// A protocol object with a canonical CBOR form.
public protocol CborEncodable {
    /// The CBOR value of this object.
    func toCbor() -> CborObject
}

extension CborEncodable {
    /// The canonical bytes of ``toCbor()``.
    public func serialize() -> [UInt8] { toCbor().serialize() }
}

/// A protocol object that can be read back from its CBOR value.
public protocol CborDecodable {
    /// Reads the object, throwing ``CborSchemaError`` (or a domain error) on a wrong shape.
    init(cbor: CborObject) throws
}

extension CborDecodable {
    /// Decodes bytes (with `options`) and reads the object from them.
    public init(cborBytes bytes: [UInt8], options: CborDecodingOptions = .strict) throws {
        try self.init(cbor: CborObject.decode(bytes, options: options))
    }
}

/// Both directions.
public typealias CborCodable = CborEncodable & CborDecodable
