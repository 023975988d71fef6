/// Why ML-KEM refused its input (FIPS 203 §7 input checks and lengths).
public enum MLKEMError: Error, Hashable, Sendable, CustomStringConvertible {
    /// An input of the wrong length.
    case invalidLength(field: String, expected: Int, actual: Int)
    /// An encapsulation key with a coefficient ≥ q (FIPS 203 §7.2 modulus check).
    case encapsulationKeyModulusCheckFailed
    /// A decapsulation key whose embedded H(ek) does not match its ek (FIPS 203 §7.3 hash check).
    case decapsulationKeyHashCheckFailed

    public var description: String {
        switch self {
        case .invalidLength(let f, let e, let a): return "\(f) must be \(e) bytes, got \(a)"
        case .encapsulationKeyModulusCheckFailed: return "encapsulation key fails the modulus check"
        case .decapsulationKeyHashCheckFailed: return "decapsulation key fails the hash check"
        }
    }

    static func check(_ bytes: [UInt8], _ expected: Int, _ field: String) throws {
        guard bytes.count == expected else { throw MLKEMError.invalidLength(field: field, expected: expected, actual: bytes.count) }
    }
}
