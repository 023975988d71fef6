import PeergosCBOR

extension MultiformatsError: CodedError {
    /// `multiformats.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .truncatedVarint: return "multiformats.truncated_varint"
        case .nonMinimalVarint: return "multiformats.non_minimal_varint"
        case .varintTooLong: return "multiformats.varint_too_long"
        case .varintOverflow: return "multiformats.varint_overflow"
        case .unknownMultihashType: return "multiformats.unknown_multihash_type"
        case .invalidDigestLength: return "multiformats.invalid_digest_length"
        case .identityTooLarge: return "multiformats.identity_too_large"
        case .unknownCodec: return "multiformats.unknown_codec"
        case .unsupportedCidVersion: return "multiformats.unsupported_cid_version"
        case .invalidCid: return "multiformats.invalid_cid"
        case .unknownMultibasePrefix: return "multiformats.unknown_multibase_prefix"
        case .invalidCharacter: return "multiformats.invalid_character"
        case .emptyInput: return "multiformats.empty_input"
        case .unsafePublicKeyHash: return "multiformats.unsafe_public_key_hash"
        case .textTooLong: return "multiformats.text_too_long"
        }
    }
}
