extension CborSchemaError: CodedError {
    /// `schema.<rule>`: the value is well-formed CBOR but not the shape the protocol object needs.
    /// Each case maps to one fixed code; a new case must be given its own code here.
    public var code: String {
        switch self {
        case .typeMismatch: return "schema.type_mismatch"
        case .missingKey: return "schema.missing_key"
        case .duplicateKey: return "schema.duplicate_key"
        case .invalidValue: return "schema.invalid_value"
        }
    }
}
