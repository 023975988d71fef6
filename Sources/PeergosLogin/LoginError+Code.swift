import PeergosCBOR

extension LoginError: CodedError {
    /// `login.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .memoryCostTooLow: return "login.memory_cost_too_low"
        case .passwordEqualsUsername: return "login.password_equals_username"
        case .unsupportedOutputLength: return "login.unsupported_output_length"
        case .unknownAlgorithmType: return "login.unknown_algorithm_type"
        case .notPasswordDerived: return "login.not_password_derived"
        case .unsupportedVersion: return "login.unsupported_version"
        }
    }
}
