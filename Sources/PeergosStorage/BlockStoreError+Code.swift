import PeergosCBOR

extension BlockStoreError: CodedError {
    /// `blockstore.<rule>`, one fixed code per case.
    public var code: String {
        switch self {
        case .missingBlock: return "blockstore.missing_block"
        case .blockTooLarge: return "blockstore.block_too_large"
        }
    }
}
