import PeergosCBOR
import PeergosCrypto

/// A signed claim to a username: CBOR `[username, expiry, [storage provider ids], signedContents]`,
/// where `signedContents = signature ‖ payload` and the payload is, big-endian,
/// `int32 len(username) ‖ username ‖ int32 len(expiry) ‖ expiry ‖ int32 n ‖ n × (int32 len ‖ id bytes)`
/// (lengths of strings in UTF-16 units, as Java's `String.length()`; equal to UTF-8 bytes for valid usernames).
public struct UsernameClaim: Hashable, Sendable, CborCodable {
    public static let maximumUsernameLength = 64

    public let username: String
    public let expiry: PKIDate
    /// Multihash bytes of the storage providers (libp2p peer ids of home servers).
    public let storageProviders: [[UInt8]]
    public let signedContents: [UInt8]

    public init(username: String, expiry: PKIDate, storageProviders: [[UInt8]], signedContents: [UInt8]) {
        self.username = username
        self.expiry = expiry
        self.storageProviders = storageProviders
        self.signedContents = signedContents
    }

    /// The payload a claim signs.
    public static func payload(username: String, expiry: PKIDate, storageProviders: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        func int32(_ v: Int) { out += [UInt8(truncatingIfNeeded: v >> 24), UInt8(truncatingIfNeeded: v >> 16), UInt8(truncatingIfNeeded: v >> 8), UInt8(truncatingIfNeeded: v)] }
        int32(username.utf16.count); out += Array(username.utf8)
        let e = expiry.description
        int32(e.utf16.count); out += Array(e.utf8)
        int32(storageProviders.count)
        for p in storageProviders { int32(p.count); out += p }
        return out
    }

    /// Builds and signs a claim.
    public static func build(username: String, expiry: PKIDate, storageProviders: [[UInt8]], signer: SecretSigningKey) -> UsernameClaim {
        let signed = signer.signMessage(payload(username: username, expiry: expiry, storageProviders: storageProviders))
        return UsernameClaim(username: username, expiry: expiry, storageProviders: storageProviders, signedContents: signed)
    }

    /// Whether the signed contents verify under `key` and state exactly this claim's fields.
    public func verify(with key: PublicSigningKey) -> Bool {
        guard let payload = try? key.unsignMessage(signedContents) else { return false }
        return payload == Self.payload(username: username, expiry: expiry, storageProviders: storageProviders)
    }

    public func toCbor() -> CborObject {
        .list([.text(username), .text(expiry.description), .list(storageProviders.map { .bytes($0) }), .bytes(signedContents)])
    }

    public init(cbor: CborObject) throws {
        let l = try cbor.asList("Claim")
        guard l.count == 4 else { throw CborSchemaError.invalidValue("Claim: expected 4 elements") }
        username = try l[0].asText("username")
        expiry = try PKIDate(l[1].asText("expiry"))
        storageProviders = try l[2].asList("storage providers").map { try $0.asBytes("storage provider") }
        signedContents = try l[3].asBytes("signed contents")
    }
}
