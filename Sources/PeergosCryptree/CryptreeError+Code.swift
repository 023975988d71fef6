import PeergosCBOR

extension CryptreeError: CodedError {
    /// `cryptree.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .invalidFileName: return "cryptree.invalid_file_name"
        case .directoryWithStreamSecret: return "cryptree.directory_with_stream_secret"
        case .unsupportedVersion: return "cryptree.unsupported_version"
        case .equalKeys: return "cryptree.equal_keys"
        case .missingFragment: return "cryptree.missing_fragment"
        case .badRawBlockPrefix: return "cryptree.bad_raw_block_prefix"
        case .malformed: return "cryptree.malformed"
        case .invalidChunkIndex: return "cryptree.invalid_chunk_index"
        }
    }
}
