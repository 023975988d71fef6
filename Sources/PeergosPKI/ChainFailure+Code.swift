import PeergosCBOR

extension ChainFailure.Rule {
    /// `pki.<rule>` for a chain rule, e.g. `pki.claim_signature_invalid`. `pki.empty_chain` is the
    /// same code as ``PKIError/emptyChain``. One fixed code per rule; a new rule needs its own here.
    public var code: String {
        switch self {
        case .emptyChain: return "pki.empty_chain"
        case .usernameHasWhitespace: return "pki.username_has_whitespace"
        case .usernameTooLong: return "pki.username_too_long"
        case .usernameMismatch: return "pki.username_mismatch"
        case .lastLinkProviderCount: return "pki.last_link_provider_count"
        case .earlierLinkHasProviders: return "pki.earlier_link_has_providers"
        case .ownerKeyUnavailable: return "pki.owner_key_unavailable"
        case .claimSignatureInvalid: return "pki.claim_signature_invalid"
        case .keyChangeProofMissing: return "pki.key_change_proof_missing"
        case .keyChangeProofInvalid: return "pki.key_change_proof_invalid"
        case .keyChangeTargetMismatch: return "pki.key_change_target_mismatch"
        }
    }
}

extension ChainFailure {
    /// The code of the rule broken; the link index is not part of it.
    public var code: String { rule.code }
}
