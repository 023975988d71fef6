import PeergosCBOR

extension ChampError: CodedError {
    /// `champ.<rule>`, one fixed code per case (payloads never change the code).
    public var code: String {
        switch self {
        case .hashCollision: return "champ.hash_collision"
        case .casMismatch: return "champ.cas_mismatch"
        case .missingNode: return "champ.missing_node"
        case .malformedNode: return "champ.malformed_node"
        case .badBitmap: return "champ.bad_bitmap"
        case .bucketTooLarge: return "champ.bucket_too_large"
        case .emptyBucket: return "champ.empty_bucket"
        case .unsortedBucket: return "champ.unsorted_bucket"
        case .badChildLink: return "champ.bad_child_link"
        case .tooDeep: return "champ.too_deep"
        case .badMirrorBat: return "champ.bad_mirror_bat"
        }
    }
}
