import PeergosCBOR
import PeergosMLKEM
import PeergosMultiformats

/// A public boxing key: classical Curve25519 (type 1) or hybrid Curve25519 + ML-KEM-1024 (type 2).
public enum PublicBoxingKey: Hashable, Sendable, CborCodable {
    case curve25519(Curve25519PublicKey)
    case hybrid(HybridPublicKey)

    /// Encrypts `plaintext` from `sender` to this key. Classical keys give `MAC ‖ ct ‖ nonce`;
    /// hybrid keys give the CBOR of a ``HybridCipherText``. The sender's key must be of the same kind.
    /// - Throws: ``CryptoError/weakPublicKey`` when this key's Curve25519 part has small order
    ///   (upstream's TweetNaCl would box to it; see Spec/crypto.md#small-order-keys);
    ///   ``CryptoError/keyTypeMismatch(_:)`` for a classical sender and hybrid recipient or the reverse.
    public func encryptMessage(_ plaintext: [UInt8], from sender: SecretBoxingKey, random: RandomSource) throws -> [UInt8] {
        switch (self, sender) {
        case (.curve25519(let to), .curve25519(let from)):
            return try Curve25519Box.seal(plaintext, to: to, from: from, nonce: random.bytes(Curve25519Box.nonceLength))
        case (.hybrid(let to), .hybrid(let from)):
            return try HybridBox.seal(plaintext, to: to, from: from, random: random).serialize()
        default:
            throw CryptoError.keyTypeMismatch("sender and recipient boxing keys must both be classical or both hybrid")
        }
    }

    /// The key's name: an identity CID of its CBOR when that is at most 36 bytes (Curve25519);
    /// nil for hybrid keys, which are stored as a block and named by that block's sha2-256 CID.
    public var inlinePublicKeyHash: PublicKeyHash? { try? PublicKeyHash(keyCbor: serialize()) }

    public func toCbor() -> CborObject {
        switch self {
        case .curve25519(let k):
            return .list([.integer(1), .bytes(k.bytes)])
        case .hybrid(let k):
            return KeyCbor.hybrid(curve: k.curve25519.bytes, mlkemField: "p", mlkem: k.mlkem.bytes)
        }
    }

    public init(cbor: CborObject) throws {
        let (type, fields) = try KeyCbor.read(cbor, "public boxing key")
        switch type {
        case 1:
            self = .curve25519(try Curve25519PublicKey(bytes: KeyCbor.readBytes(cbor, type: 1, length: 32, "public boxing key")))
        case 2:
            let (curve, ek) = try KeyCbor.readHybrid(fields, mlkemField: "p", "hybrid public key")
            do {
                self = .hybrid(HybridPublicKey(curve25519: try Curve25519PublicKey(bytes: curve), mlkem: try MLKEM1024.EncapsulationKey(bytes: ek)))
            } catch let e as MLKEMError {
                throw CryptoError.mlkem("\(e)")
            }
        default:
            throw CryptoError.unknownKeyType("public boxing key", type)
        }
    }
}

/// A secret boxing key: classical Curve25519 (type 1) or hybrid (type 2). Its bytes live in
/// ``SecretBytes``; printing it shows only the kind.
public enum SecretBoxingKey: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    case curve25519(Curve25519SecretKey)
    case hybrid(HybridSecretKey)

    /// The matching public key.
    public var publicKey: PublicBoxingKey {
        switch self {
        case .curve25519(let k): return .curve25519(k.publicKey)
        case .hybrid(let k): return .hybrid(k.publicKey)
        }
    }

    /// Decrypts what `sender` encrypted to this key with ``PublicBoxingKey/encryptMessage(_:from:random:)``.
    /// - Throws: ``CryptoError/decryptionFailed`` for a wrong key or tampered bytes;
    ///   ``CryptoError/weakPublicKey`` for a sender key of small order.
    public func decryptMessage(_ cipher: [UInt8], from sender: PublicBoxingKey) throws -> [UInt8] {
        switch (self, sender) {
        case (.curve25519(let me), .curve25519(let them)):
            return try Curve25519Box.open(cipher, from: them, to: me)
        case (.hybrid(let me), .hybrid(let them)):
            let parsed = try HybridCipherText(cbor: CborObject.decode(cipher, options: .strict))
            return try HybridBox.open(parsed, from: them, to: me)
        default:
            throw CryptoError.keyTypeMismatch("sender and recipient boxing keys must both be classical or both hybrid")
        }
    }

    /// Writes the secret bytes into the CBOR: this copies them out of their storage.
    public func toCbor() -> CborObject {
        switch self {
        case .curve25519(let k):
            return .list([.integer(1), .bytes(k.secret.copyBytes())])
        case .hybrid(let k):
            return KeyCbor.hybrid(curve: k.curve25519.secret.copyBytes(), mlkemField: "s", mlkem: k.mlkem.secret.copyBytes())
        }
    }

    /// `SecretBoxingKey.curve25519(redacted)` or `SecretBoxingKey.hybrid(redacted)`.
    public var description: String {
        switch self {
        case .curve25519: return "SecretBoxingKey.curve25519(redacted)"
        case .hybrid: return "SecretBoxingKey.hybrid(redacted)"
        }
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .enum) }

    public init(cbor: CborObject) throws {
        let (type, fields) = try KeyCbor.read(cbor, "secret boxing key")
        switch type {
        case 1:
            self = .curve25519(try Curve25519SecretKey(bytes: KeyCbor.readBytes(cbor, type: 1, length: 32, "secret boxing key")))
        case 2:
            let (curve, dk) = try KeyCbor.readHybrid(fields, mlkemField: "s", "hybrid secret key")
            do {
                self = .hybrid(HybridSecretKey(curve25519: try Curve25519SecretKey(bytes: curve), mlkem: try MLKEM1024.DecapsulationKey(bytes: dk)))
            } catch let e as MLKEMError {
                throw CryptoError.mlkem("\(e)")
            }
        default:
            throw CryptoError.unknownKeyType("secret boxing key", type)
        }
    }
}

/// A boxing key pair. CBOR: `[public key CBOR, secret key CBOR]`.
///
/// Invariant: the public key is the secret key's (derived for Curve25519; for hybrid keys, also
/// the ML-KEM encapsulation key embedded in the hash-checked decapsulation key). Printing a pair
/// shows only its public key; hashing uses only the public key.
public struct BoxingKeyPair: Hashable, Sendable, CborCodable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let publicKey: PublicBoxingKey
    public let secretKey: SecretBoxingKey

    /// The pair of a secret key.
    public init(secretKey: SecretBoxingKey) {
        self.secretKey = secretKey
        self.publicKey = secretKey.publicKey
    }

    /// A Curve25519 pair from 32 secret bytes.
    public static func curve25519(secret: [UInt8]) throws -> BoxingKeyPair {
        BoxingKeyPair(secretKey: .curve25519(try Curve25519SecretKey(bytes: secret)))
    }

    /// A hybrid pair from a Curve25519 secret and ML-KEM-1024 seeds (d, z).
    public static func hybrid(curve25519Secret: [UInt8], mlkemD: [UInt8], mlkemZ: [UInt8]) throws -> BoxingKeyPair {
        try hybrid(curve25519: try Curve25519SecretKey(bytes: curve25519Secret), mlkemD: mlkemD, mlkemZ: mlkemZ)
    }

    static func hybrid(curve25519: Curve25519SecretKey, mlkemD: [UInt8], mlkemZ: [UInt8]) throws -> BoxingKeyPair {
        let kem: MLKEM1024.KeyPair
        do {
            kem = try MLKEM1024.keyPair(d: mlkemD, z: mlkemZ)
        } catch {
            throw CryptoError.mlkem("\(error)")
        }
        let secret = HybridSecretKey(curve25519: curve25519, mlkem: kem.decapsulationKey)
        return BoxingKeyPair(secretKey: .hybrid(secret))
    }

    /// A new hybrid pair; draws the Curve25519 secret (32), then d (32), then z (32).
    /// - Throws: ``CryptoError/mlkem(_:)`` only if ML-KEM key generation refuses its seeds,
    ///   which it does not for 32-byte seeds.
    public static func randomHybrid(using random: RandomSource) throws -> BoxingKeyPair {
        let curve = Curve25519SecretKey.random(using: random)
        var d = random.bytes(32)
        var z = random.bytes(32)
        defer { SecretBytes.erase(&d); SecretBytes.erase(&z) }
        return try hybrid(curve25519: curve, mlkemD: d, mlkemZ: z)
    }

    /// A new Curve25519 pair, its secret drawn straight into secret storage.
    public static func randomCurve25519(using random: RandomSource) -> BoxingKeyPair {
        BoxingKeyPair(secretKey: .curve25519(.random(using: random)))
    }

    public func toCbor() -> CborObject { KeyCbor.pair(publicKey.toCbor(), secretKey.toCbor()) }

    /// A pair read from CBOR.
    /// - Throws: ``CryptoError/keyPairMismatch(_:)`` when the public key is not the one the
    ///   secret key gives (for hybrid keys, either part).
    public init(cbor: CborObject) throws {
        let (pub, sec) = try KeyCbor.readPair(cbor, "boxing key pair")
        publicKey = try PublicBoxingKey(cbor: pub)
        secretKey = try SecretBoxingKey(cbor: sec)
        guard secretKey.publicKey == publicKey else {
            throw CryptoError.keyPairMismatch("boxing key pair: the public key is not the secret key's")
        }
    }

    /// `BoxingKeyPair(public: <public key CBOR in base58btc>, secret: redacted)`.
    public var description: String {
        "BoxingKeyPair(public: \(Multibase.encode(publicKey.serialize(), .base58btc)), secret: redacted)"
    }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: ["publicKey": publicKey], displayStyle: .struct) }

    public static func == (a: BoxingKeyPair, b: BoxingKeyPair) -> Bool { a.publicKey == b.publicKey && a.secretKey == b.secretKey }
    /// The public key only.
    public func hash(into hasher: inout Hasher) { hasher.combine(publicKey) }
}
