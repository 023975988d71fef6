import PeergosCBOR

extension PointerRefusal: CodedError {
    /// `pointer.<rule>` for the validator rule the update breaks, e.g. `pointer.sequence_not_increasing`.
    public var code: String {
        switch self {
        case .oversize: return "pointer.oversize"
        case .writerKeyUnavailable: return "pointer.writer_key_unavailable"
        case .badSignature: return "pointer.bad_signature"
        case .malformed: return "pointer.malformed"
        case .wrongOriginal: return "pointer.wrong_original"
        case .sequenceNotIncreasing: return "pointer.sequence_not_increasing"
        case .controllerMismatch: return "pointer.controller_mismatch"
        }
    }
}
