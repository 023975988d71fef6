import PeergosCBOR
import PeergosMLKEM

// PeergosMLKEM has no dependencies (not even PeergosCBOR, where `CodedError` lives), so its error
// type is given its code here, in the first module that sees both.
extension MLKEMError: CodedError {
    /// `mlkem.<rule>`: the FIPS 203 input check that failed.
    public var code: String {
        switch self {
        case .invalidLength: return "mlkem.invalid_length"
        case .encapsulationKeyModulusCheckFailed: return "mlkem.encapsulation_key_modulus_check_failed"
        case .decapsulationKeyHashCheckFailed: return "mlkem.decapsulation_key_hash_check_failed"
        }
    }
}
