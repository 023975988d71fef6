import CSodium
import PeergosCBOR
import PeergosMultiformats

/// An Ed25519 key pair. CBOR: `[public key CBOR, secret key CBOR]`; text: base58btc multibase of it.
///
/// Invariant: the public key is the one the secret key's seed derives.
public struct SigningKeyPair: Hashable, Sendable, CborCodable, CustomStringConvertible {
    public let publicKey: PublicSigningKey
    public let secretKey: SecretSigningKey

    /// The key pair of a 32-byte seed (standard Ed25519 key generation).
    public init(seed: [UInt8]) throws {
        try CryptoError.checkLength(seed, 32, "Ed25519 seed")
        Sodium.ensureReady()
        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        guard crypto_sign_seed_keypair(&pk, &sk, seed) == 0 else { throw CryptoError.libraryFailure("crypto_sign_seed_keypair") }
        publicKey = try PublicSigningKey(bytes: pk)
        secretKey = try SecretSigningKey(bytes: sk)
    }

    /// A new key pair from 32 bytes of `random`.
    public static func random(using random: RandomSource) -> SigningKeyPair {
        // 32 bytes is the length init(seed:) requires.
        try! SigningKeyPair(seed: random.bytes(32))
    }

    /// A pair of keys read from CBOR; the public key must match the secret key.
    public init(cbor: CborObject) throws {
        let (pub, sec) = try KeyCbor.readPair(cbor, "signing key pair")
        publicKey = try PublicSigningKey(cbor: pub)
        secretKey = try SecretSigningKey(cbor: sec)
        guard Array(secretKey.bytes[32...]) == publicKey.bytes else {
            throw CborSchemaError.invalidValue("signing key pair: public key does not match the secret key")
        }
    }

    public func toCbor() -> CborObject { KeyCbor.pair(publicKey.toCbor(), secretKey.toCbor()) }

    /// Base58btc multibase (`z…`) of the CBOR, as upstream's `toString`.
    public var description: String { Multibase.encode(serialize(), .base58btc) }

    /// Signs (attached form) with the secret key.
    public func signMessage(_ message: [UInt8]) -> [UInt8] { secretKey.signMessage(message) }
}
