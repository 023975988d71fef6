/// Why a byte string is not an acceptable CBOR item. Thrown by ``CborObject/decode(_:options:)``.
///
/// Two errors are equal when their rule and offset are equal, so tests can assert the exact failure.
public struct CborError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The rule that the input breaks.
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        /// The input has no bytes at all.
        case emptyInput
        /// The input ends inside an item.
        case truncated
        /// A head uses more bytes than needed for its argument (strict mode only).
        case nonMinimalHead
        /// Map keys are not in canonical order (strict mode only).
        case unsortedMapKeys
        /// A map key occurs twice.
        case duplicateMapKey
        /// A map key is not a text string.
        case nonTextMapKey
        /// An indefinite-length string, array or map (upstream never writes them).
        case indefiniteLength
        /// Bytes remain after the top-level item (strict mode only).
        case trailingBytes
        /// A tag other than 42.
        case unknownTag
        /// A float, `undefined` or another simple value outside false/true/null.
        case unsupportedSimpleValue
        /// An integer outside the signed 64-bit range.
        case integerOutOfRange
        /// A declared size the input cannot hold: a byte or text string longer than the whole
        /// input, an array of more items than bytes remain after its head, or a map of more pairs
        /// than half the bytes remaining (each pair takes at least two). Reported at the head.
        case lengthExceedsInput
        /// A tag 42 whose content is not `0x00 || cid` bytes (or, upstream-compatible, a CID string).
        case invalidLink
        /// A text string that is not valid UTF-8 (strict mode only).
        case invalidUTF8
        /// Nesting deeper than ``CborDecodingOptions/maximumDepth``.
        case nestingTooDeep
        /// A reserved additional-information value (28, 29, 30).
        case reservedAdditionalInfo
    }

    /// The rule broken.
    public let rule: Rule
    /// Byte offset in the input where the offending item (or byte) starts.
    public let offset: Int
    /// Human-readable detail; not part of equality.
    public let detail: String

    public init(_ rule: Rule, at offset: Int, _ detail: String = "") {
        self.rule = rule
        self.offset = offset
        self.detail = detail
    }

    public var description: String {
        detail.isEmpty ? "CBOR \(rule.rawValue) at offset \(offset)" : "CBOR \(rule.rawValue) at offset \(offset): \(detail)"
    }

    public static func == (a: CborError, b: CborError) -> Bool { a.rule == b.rule && a.offset == b.offset }
    public func hash(into h: inout Hasher) {
        h.combine(rule)
        h.combine(offset)
    }
}

/// Why a well-formed CBOR value does not have the shape a protocol object expects.
public enum CborSchemaError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A value of the wrong kind, e.g. text where bytes were expected.
    case typeMismatch(expected: String, found: String, context: String)
    /// A required map key is absent.
    case missingKey(String)
    /// A map key occurs twice.
    case duplicateKey(String)
    /// A value of the right kind but not an allowed value (wrong length, unknown type tag...).
    case invalidValue(String)

    public var description: String {
        switch self {
        case .typeMismatch(let e, let f, let c): return "expected \(e) but found \(f)\(c.isEmpty ? "" : " in \(c)")"
        case .missingKey(let k): return "missing map key \"\(k)\""
        case .duplicateKey(let k): return "duplicate map key \"\(k)\""
        case .invalidValue(let s): return "invalid value: \(s)"
        }
    }
}
