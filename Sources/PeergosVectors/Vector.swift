import Foundation

/// One test vector: an object from the `vectors` array of a vector file, read through typed
/// accessors that record which fields the checker read.
///
/// Invariants:
/// - Accessors throw ``VectorFormatError`` when a field is missing or of the wrong JSON type, so a
///   malformed vector is reported as a FAILED vector (a format error), never a crash and never the
///   failure a negative vector expects.
/// - Every accessor, including the optional ones (whose field may be absent or null), marks its
///   key as read; ``unreadFields`` lists the rest, which `verify --strict` reports as failures.
///   Nested objects read through ``nested(_:)`` / ``nestedArray(_:)`` report their own unread
///   fields under `key.field` (or `key[n].field`).
/// - A vector is read by one checker on one thread (the runner checks vectors one after another);
///   the read record is its only mutable state, hence `@unchecked Sendable`.
public final class Vector: @unchecked Sendable {
    /// The vector's `id`.
    public let id: String
    /// The vector's `kind` (what operation it exercises).
    public let kind: String
    /// The area of the file the vector comes from (chooses the upstream exception table).
    public let area: String
    /// The whole JSON object (values as produced by `JSONSerialization`). Reading it directly
    /// bypasses read tracking: checkers use the accessors.
    public let fields: [String: Any]

    /// Fields no checker needs to read: prose for people.
    public static let informationalFields: Set<String> = ["id", "kind", "description", "comment"]

    private var readKeys: Set<String> = []
    private var children: [(prefix: String, vector: Vector)] = []

    /// A top-level vector: `id` and `kind` must be strings (a vector without a kind fails, it is
    /// not skipped as an unknown kind).
    public convenience init(fields: [String: Any], area: String = "") throws {
        try self.init(fields: fields, area: area, nested: false)
    }

    /// `nested`: an object inside a vector (a CHAMP step, an `upstream` outcome), which has no kind.
    private init(fields: [String: Any], area: String, nested: Bool) throws {
        guard let id = fields["id"] as? String else { throw VectorFormatError.missingField("id", vector: "?") }
        self.id = id
        if nested {
            self.kind = ""
        } else {
            guard let kind = fields["kind"] as? String else { throw VectorFormatError.missingField("kind", vector: id) }
            self.kind = kind
        }
        self.area = area
        self.fields = fields
    }

    /// Fields that are neither informational nor read by the checker (including those of nested
    /// objects), sorted. Meaningful after the checker ran.
    public var unreadFields: [String] {
        let own = fields.keys.filter { !readKeys.contains($0) && !Self.informationalFields.contains($0) }
        let nested = children.flatMap { child in child.vector.unreadFields.map { "\(child.prefix).\($0)" } }
        return (own + nested).sorted()
    }

    /// Whether the checker read `key` (through any accessor, optional ones included).
    public func wasRead(_ key: String) -> Bool { readKeys.contains(key) }

    /// Marks `key` read and returns its raw value (nil when absent).
    private func value(_ key: String) -> Any? {
        readKeys.insert(key)
        return fields[key]
    }

    /// Whether the field is present and not JSON null. Does not count as reading it.
    public func has(_ key: String) -> Bool {
        guard let v = fields[key] else { return false }
        return !(v is NSNull)
    }

    /// Whether the vector expects the operation to fail: `"error": true`. An absent `error` means
    /// false; an `error` that is not a boolean is a format error (never read as "expects failure").
    public func expectsError() throws -> Bool {
        guard has("error") else {
            readKeys.insert("error")
            return false
        }
        return try bool("error")
    }

    public func string(_ key: String) throws -> String {
        guard let v = value(key) as? String else { throw missing(key) }
        return v
    }

    public func optionalString(_ key: String) throws -> String? {
        readKeys.insert(key)
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
        readKeys.insert(key)
        guard has(key) else { return nil }
        return try hex(key)
    }

    /// A JSON boolean (a number such as 1 is a format error, not true).
    public func bool(_ key: String) throws -> Bool {
        guard let v = Self.boolean(value(key)) else { throw missing(key) }
        return v
    }

    public func optionalBool(_ key: String) throws -> Bool? {
        readKeys.insert(key)
        guard has(key) else { return nil }
        return try bool(key)
    }

    /// An integer given as a JSON number or as a decimal string. JSON booleans and fractional
    /// numbers are format errors.
    public func int64(_ key: String) throws -> Int64 {
        let raw = value(key)
        if let s = raw as? String, let v = Int64(s) { return v }
        if let n = raw as? NSNumber, !Self.isBoolean(n), n.stringValue == String(n.int64Value) { return n.int64Value }
        throw missing(key)
    }

    public func optionalInt64(_ key: String) throws -> Int64? {
        readKeys.insert(key)
        guard has(key) else { return nil }
        return try int64(key)
    }

    /// An integer field that fits `Int`.
    public func int(_ key: String) throws -> Int {
        guard let v = Int(exactly: try int64(key)) else { throw missing(key) }
        return v
    }

    public func optionalInt(_ key: String) throws -> Int? {
        readKeys.insert(key)
        guard has(key) else { return nil }
        return try int(key)
    }

    /// A JSON object field, untracked inside: prefer ``nested(_:)``, which tracks its fields.
    public func object(_ key: String) throws -> [String: Any] {
        guard let v = value(key) as? [String: Any] else { throw missing(key) }
        return v
    }

    public func array(_ key: String) throws -> [Any] {
        guard let v = value(key) as? [Any] else { throw missing(key) }
        return v
    }

    /// A JSON object field as a vector of its own (id `<id>/<key>`, same area); its unread fields
    /// count as this vector's, under `key.`.
    public func nested(_ key: String) throws -> Vector {
        let child = try Vector(fields: try object(key).merging(["id": "\(id)/\(key)"]) { _, new in new }, area: area, nested: true)
        child.readKeys.insert("id")
        children.append(("\(key)", child))
        return child
    }

    /// An array of JSON objects, each as a vector of its own (id `<id>/<key>[n]`), tracked as in
    /// ``nested(_:)``.
    public func nestedArray(_ key: String) throws -> [Vector] {
        try array(key).enumerated().map { n, item in
            guard let object = item as? [String: Any] else { throw VectorFormatError.missingField("\(key)[\(n)]", vector: id) }
            let child = try Vector(fields: object.merging(["id": "\(id)/\(key)[\(n)]"]) { _, new in new }, area: area, nested: true)
            children.append(("\(key)[\(n)]", child))
            return child
        }
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

    /// Marks fields read that the checker deliberately does not compare, each with the reason
    /// (kept in the code so a reviewer sees why). Use sparingly: a field should be checked.
    public func ignore(_ keys: [String], because reason: String) {
        _ = reason
        readKeys.formUnion(keys)
    }

    private func missing(_ key: String) -> VectorFormatError { .missingField(key, vector: id) }

    /// The value as a JSON boolean, or nil for anything else (numbers included).
    static func boolean(_ raw: Any?) -> Bool? {
        if let n = raw as? NSNumber { return isBoolean(n) ? n.boolValue : nil }
        return raw as? Bool
    }

    /// Whether `JSONSerialization` made this number from `true`/`false` (it boxes booleans as
    /// `char`-typed numbers; JSON integers come back as 64-bit integers or doubles).
    static func isBoolean(_ n: NSNumber) -> Bool {
        #if canImport(Darwin)
        return CFGetTypeID(n) == CFBooleanGetTypeID()
        #else
        return String(cString: n.objCType) == "c"
        #endif
    }
}

/// A vector file or vector that does not have the expected shape. Always a FAILED vector.
public enum VectorFormatError: Error, CustomStringConvertible, Sendable {
    case missingField(String, vector: String)
    case badHex(String, vector: String)
    /// A typed CBOR tree (`{"t": ..., "v": ...}`) that is not well formed.
    case badTypedNode(String)
    /// A negative vector with neither a `code` nor an `upstream_exception` the table maps.
    case noErrorCode(vector: String, upstreamException: String?)
    case notAVectorFile(String)

    public var description: String {
        switch self {
        case .missingField(let f, let v): return "format error: vector \(v): field \"\(f)\" missing or of the wrong type"
        case .badHex(let f, let v): return "format error: vector \(v): field \"\(f)\" is not hex"
        case .noErrorCode(let v, nil): return "format error: negative vector \(v) has no \"code\""
        case .noErrorCode(let v, let e?): return "format error: negative vector \(v): upstream_exception \"\(e)\" has no entry in the upstream exception table"
        case .badTypedNode(let why): return "format error: typed CBOR tree: \(why)"
        case .notAVectorFile(let why): return "not a vector file: \(why)"
        }
    }
}
