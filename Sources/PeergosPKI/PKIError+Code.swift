import PeergosCBOR

extension PKIError: CodedError {
    /// `pki.<rule>`, one fixed code per case. A merge whose result fails validation reports
    /// `pki.invalid_merged_chain`; the validator's own rules are ``ChainFailure/code``.
    public var code: String {
        switch self {
        case .invalidDate: return "pki.invalid_date"
        case .malformedClaimPayload: return "pki.malformed_claim_payload"
        case .emptyChain: return "pki.empty_chain"
        case .expiryBeforeExisting: return "pki.expiry_before_existing"
        case .userAlreadyExists: return "pki.user_already_exists"
        case .differentKeysInIntersection: return "pki.different_keys_in_intersection"
        case .reusedKey: return "pki.reused_key"
        case .invalidMergedChain: return "pki.invalid_merged_chain"
        }
    }
}
