import PeergosCrypto

/// How a CHAMP turns a key into the hash whose bits choose slots.
public enum ChampKeyHasher: String, Hashable, Sendable {
    /// The key itself (writer file trees, owned keys, secret links: keys are already random or hashed).
    case identity
    /// BLAKE2b-512 of the key (the PKI's map of usernames).
    case blake2b

    public func hash(_ key: [UInt8]) -> [UInt8] {
        switch self {
        case .identity: return key
        case .blake2b: return Hash.blake2b(key)
        }
    }
}
