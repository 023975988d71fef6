import PeergosCBOR

extension CapabilityError: CodedError {
    /// `capability.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .wrongLinkPartCount: return "capability.wrong_link_part_count"
        case .invalidLinkPart: return "capability.invalid_link_part"
        case .invalidMapKey: return "capability.invalid_map_key"
        case .malformedSecretLink: return "capability.malformed_secret_link"
        case .nonPositiveLabel: return "capability.non_positive_label"
        case .missingWriteKey: return "capability.missing_write_key"
        }
    }
}
