import Foundation

/// One test vector: an object from the `vectors` array of a vector file, with typed accessors.
///
/// Accessors throw ``VectorFormatError`` when a field is missing or of the wrong JSON type, so a
/// malformed vector file is reported as a failure of that vector, never a crash.
public struct Vector: @unchecked Sendable {
    /// The vector's `id`.
    public let id: String
    /// The vector's `kind` (what operation it exercises).
    public let kind: String
    /// The whole JSON object (values as produced by `JSONSerialization`).
    public let fields: [String: Any]

    public init(fields: [String: Any]) throws {
        guard let id = fields["id"] as? String else { throw VectorFormatError.missingField("id", vector: "?") }
        self.id = id
        self.kind = (fields["kind"] as? String) ?? ""
        self.fields = fields
    }

    /// Whether the field is present and not JSON null.
    public func has(_ key: String) -> Bool {
        guard let v = fields[key] else { return false }
        return !(v is NSNull)
    }

    /// `true` when the vector expects the operation to fail (`"error": true`).
    public var expectsError: Bool { (fields["error"] as? Bool) ?? false }

    public func string(_ key: String) throws -> String {
        guard let v = fields[key] as? String else { throw missing(key) }
        return v
    }

    public func optionalString(_ key: String) throws -> String? {
        guard has(key) else { return nil }
        return try string(key)
    }

    /// A lowercase-or-uppercase hex field as bytes.
    public func hex(_ key: String) throws -> [UInt8] {
        let s = try string(key)
        guard let bytes = Hex.decode(s) else { throw VectorFormatError.badHex(key, vector: id) }
        return bytes
    }

    public func optionalHex(_ key: String) throws -> [UInt8]? {
        guard has(key) else { return nil }
        return try hex(key)
    }

    public func bool(_ key: String) throws -> Bool {
        guard let v = fields[key] as? Bool else { throw missing(key) }
        return v
    }

    public func optionalBool(_ key: String) throws -> Bool? {
        guard has(key) else { return nil }
        return try bool(key)
    }

    /// An integer given as a JSON number or as a decimal string.
    public func int64(_ key: String) throws -> Int64 {
        if let s = fields[key] as? String, let v = Int64(s) { return v }
        if let i = fields[key] as? Int { return Int64(i) }
        if let i = fields[key] as? Int64 { return i }
        throw missing(key)
    }

    public func int(_ key: String) throws -> Int { Int(try int64(key)) }

    public func object(_ key: String) throws -> [String: Any] {
        guard let v = fields[key] as? [String: Any] else { throw missing(key) }
        return v
    }

    public func array(_ key: String) throws -> [Any] {
        guard let v = fields[key] as? [Any] else { throw missing(key) }
        return v
    }

    /// An array of hex strings as byte arrays.
    public func hexArray(_ key: String) throws -> [[UInt8]] {
        try array(key).map { item in
            guard let s = item as? String, let b = Hex.decode(s) else { throw VectorFormatError.badHex(key, vector: id) }
            return b
        }
    }

    /// An array of strings.
    public func stringArray(_ key: String) throws -> [String] {
        try array(key).map { item in
            guard let s = item as? String else { throw missing(key) }
            return s
        }
    }

    private func missing(_ key: String) -> VectorFormatError { .missingField(key, vector: id) }
}

/// A vector file that does not have the expected shape.
public enum VectorFormatError: Error, CustomStringConvertible, Sendable {
    case missingField(String, vector: String)
    case badHex(String, vector: String)
    case notAVectorFile(String)

    public var description: String {
        switch self {
        case .missingField(let f, let v): return "vector \(v): field \"\(f)\" missing or of the wrong type"
        case .badHex(let f, let v): return "vector \(v): field \"\(f)\" is not hex"
        case .notAVectorFile(let why): return "not a vector file: \(why)"
        }
    }
}
