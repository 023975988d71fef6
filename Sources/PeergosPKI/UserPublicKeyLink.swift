import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// One link of a user's PKI chain: `{claim: UsernameClaim, owner: PublicKeyHash, keychange?: bytes}`.
/// `keychange`, on every link but the last, is the owner key's attached signature over the next
/// owner's 45-byte PublicKeyHash CBOR.
public struct UserPublicKeyLink: Hashable, Sendable, CborCodable {
    public let owner: PublicKeyHash
    public let claim: UsernameClaim
    public let keyChangeProof: [UInt8]?

    public init(owner: PublicKeyHash, claim: UsernameClaim, keyChangeProof: [UInt8]? = nil) {
        self.owner = owner
        self.claim = claim
        self.keyChangeProof = keyChangeProof
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["owner": owner.toCbor(), "claim": claim.toCbor()]
        if let keyChangeProof { m["keychange"] = .bytes(keyChangeProof) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("UserPublicKeyLink")
        owner = try PublicKeyHash(cbor: m.required("owner"))
        claim = try UsernameClaim(cbor: m.required("claim"))
        keyChangeProof = try m["keychange"]?.asBytes("keychange")
    }

    /// A first chain: one link claiming `username` with one storage provider.
    public static func createInitial(signer: SigningKeyPair, username: String, expiry: PKIDate, storageProviders: [[UInt8]]) -> [UserPublicKeyLink] {
        [UserPublicKeyLink(owner: signer.publicKey.publicKeyHash,
                           claim: .build(username: username, expiry: expiry, storageProviders: storageProviders, signer: signer.secretKey))]
    }

    /// A key change: the old key's link (expiry `PKIDate.max`, no providers, signed proof of the
    /// new key) followed by the new key's claim.
    public static func createChain(old: SigningKeyPair, new: SigningKeyPair, username: String, expiry: PKIDate, storageProviders: [[UInt8]]) -> [UserPublicKeyLink] {
        let newHash = new.publicKey.publicKeyHash
        let fromOld = UserPublicKeyLink(owner: old.publicKey.publicKeyHash,
                                        claim: .build(username: username, expiry: .max, storageProviders: [], signer: old.secretKey),
                                        keyChangeProof: old.secretKey.signMessage(newHash.serialize()))
        let toNew = UserPublicKeyLink(owner: newHash, claim: .build(username: username, expiry: expiry, storageProviders: storageProviders, signer: new.secretKey))
        return [fromOld, toNew]
    }

    /// Whether the claim has expired on `today` (expiry strictly before today).
    public func isExpired(today: PKIDate) -> Bool { claim.expiry < today }
}

/// The block a PKI server stores per username: the CBOR list of the chain's links.
public enum PKIChainBlock {
    public static func encode(_ chain: [UserPublicKeyLink]) -> [UInt8] { CborObject.list(chain.map { $0.toCbor() }).serialize() }

    public static func decode(_ bytes: [UInt8]) throws -> [UserPublicKeyLink] {
        try CborObject.decode(bytes, options: .strict).asList("PKI chain").map(UserPublicKeyLink.init(cbor:))
    }
}
