import CSodium
import PeergosCBOR

/// An Ed25519 secret key (type 1) in the 64-byte form `seed ‖ public key`. CBOR: `[1, bytes(64)]`.
///
/// Invariants: the 64 bytes live in ``SecretBytes`` (zeroed when freed, compared in constant
/// time, never printed); the last 32 are the public key derived from the first 32
/// (`crypto_sign_seed_keypair`), checked whenever a key is read. libsodium signs with that stored
/// public half, and signatures made under a wrong one can reveal the secret scalar, so a key
/// whose halves disagree is refused with ``CryptoError/keyPairMismatch(_:)``.
/// Hashing uses only the public half.
public struct SecretSigningKey: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let type: Int64 = 1
    public static let length = 64

    /// The 64 bytes `seed ‖ public key`.
    public let secret: SecretBytes

    /// A key holding a copy of `bytes`.
    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 64 bytes;
    ///   ``CryptoError/keyPairMismatch(_:)`` when the public half is not the seed's.
    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, Self.length, "Ed25519 secret key")
        let candidate = SecretBytes(copying: bytes)
        let (_, derived) = try Self.derive(seed: candidate)
        guard derived == candidate else {
            throw CryptoError.keyPairMismatch("Ed25519 secret key: the public half is not the one its seed derives")
        }
        self.secret = candidate
    }

    /// A key made by ``derive(seed:)``, consistent by construction.
    init(derived secret: SecretBytes) { self.secret = secret }

    /// The public key and 64-byte secret key of the seed in the first 32 bytes of `seed`
    /// (standard Ed25519 key generation, `crypto_sign_seed_keypair`).
    static func derive(seed: SecretBytes) throws -> (publicKey: [UInt8], secretKey: SecretBytes) {
        Sodium.ensureReady()
        guard seed.count >= 32 else { throw CryptoError.invalidLength(what: "Ed25519 seed", expected: 32, actual: seed.count) }
        var pk = [UInt8](repeating: 0, count: 32)
        var status: Int32 = -1
        let sk = seed.withUnsafeBytePointer { s in
            SecretBytes(count: Self.length, initializingPointer: { out in status = crypto_sign_seed_keypair(&pk, out, s) })
        }
        try Sodium.check(status, "crypto_sign_seed_keypair")
        return (pk, sk)
    }

    /// The public half, bytes 32..<64.
    var publicHalf: [UInt8] { secret.withUnsafeBytes { Array($0[32..<64]) } }

    /// The attached signature `signature(64) ‖ message`, as upstream's `signMessage`.
    /// (`crypto_sign` has no failure path in libsodium 1.0.18.)
    public func signMessage(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return secret.withUnsafeBytePointer { sk in
            [UInt8].filledInfallibly(64 + message.count, by: "crypto_sign") { out in
                crypto_sign(out, nil, message, UInt64(message.count), sk)
            }
        }
    }

    /// The 64-byte signature alone (upstream's `signatureOnly`).
    /// (`crypto_sign_detached` has no failure path in libsodium 1.0.18.)
    public func signatureOnly(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return secret.withUnsafeBytePointer { sk in
            [UInt8].filledInfallibly(64, by: "crypto_sign_detached") { out in
                crypto_sign_detached(out, nil, message, UInt64(message.count), sk)
            }
        }
    }

    /// Writes the secret bytes into the CBOR: this copies them out of their storage.
    public func toCbor() -> CborObject { .list([.integer(Self.type), .bytes(secret.copyBytes())]) }

    public init(cbor: CborObject) throws {
        try self.init(bytes: KeyCbor.readBytes(cbor, type: Self.type, length: Self.length, "secret signing key"))
    }

    public static func == (a: SecretSigningKey, b: SecretSigningKey) -> Bool { a.secret == b.secret }
    /// The public half only.
    public func hash(into hasher: inout Hasher) { hasher.combine(publicHalf) }

    /// `SecretSigningKey(redacted)`.
    public var description: String { "SecretSigningKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}
