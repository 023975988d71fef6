import PeergosCBOR

extension PointerError: CodedError {
    /// `pointer.<rule>`, one fixed code per case. `pointer.malformed` is also the code of
    /// ``PointerRefusal/malformed``: both mean the bytes are not a PointerUpdate.
    public var code: String {
        switch self {
        case .originalEqualsUpdated: return "pointer.original_equals_updated"
        case .malformed: return "pointer.malformed"
        case .sequenceExhausted: return "pointer.sequence_exhausted"
        }
    }
}
