/// Why a cryptree object was refused.
public enum CryptreeError: Error, Hashable, Sendable, CustomStringConvertible {
    case invalidFileName(String)
    case directoryWithStreamSecret
    case unsupportedVersion(Int64)
    case equalKeys(String)
    case missingFragment(String)
    case badRawBlockPrefix
    case malformed(String)
    /// A chunk index below 0.
    case invalidChunkIndex(Int)

    public var description: String {
        switch self {
        case .invalidFileName(let n): return "invalid file name \"\(n)\""
        case .directoryWithStreamSecret: return "directories cannot have stream secrets"
        case .unsupportedVersion(let v): return "unknown cryptree version \(v)"
        case .equalKeys(let why): return why
        case .missingFragment(let cid): return "missing fragment \(cid)"
        case .badRawBlockPrefix: return "fragment block lacks the BAT prefix"
        case .malformed(let why): return "malformed cryptree object: \(why)"
        case .invalidChunkIndex(let i): return "chunk index \(i) is negative"
        }
    }
}
