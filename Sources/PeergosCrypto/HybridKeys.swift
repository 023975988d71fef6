import PeergosCBOR
import PeergosMLKEM

/// A hybrid Curve25519 + ML-KEM-1024 public boxing key (type 2).
/// CBOR: `[2, {"c": [1, curve25519 public], "m": {"p": ek(1568)}}]`.
public struct HybridPublicKey: Hashable, Sendable {
    public let curve25519: Curve25519PublicKey
    public let mlkem: MLKEM1024.EncapsulationKey

    public init(curve25519: Curve25519PublicKey, mlkem: MLKEM1024.EncapsulationKey) {
        self.curve25519 = curve25519
        self.mlkem = mlkem
    }
}

/// A hybrid Curve25519 + ML-KEM-1024 secret boxing key (type 2) with the expanded 3168-byte
/// ML-KEM decapsulation key. CBOR: `[2, {"c": [1, curve25519 secret], "m": {"s": dk(3168)}}]`.
///
/// Both parts keep their bytes in ``SecretBytes``; printing shows neither.
public struct HybridSecretKey: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public let curve25519: Curve25519SecretKey
    public let mlkem: MLKEM1024.DecapsulationKey

    public init(curve25519: Curve25519SecretKey, mlkem: MLKEM1024.DecapsulationKey) {
        self.curve25519 = curve25519
        self.mlkem = mlkem
    }

    /// The matching public key: the Curve25519 part derived from its secret, the ML-KEM part the
    /// encapsulation key embedded in (and hash-checked against) the decapsulation key.
    public var publicKey: HybridPublicKey {
        HybridPublicKey(curve25519: curve25519.publicKey, mlkem: mlkem.encapsulationKey)
    }

    /// `HybridSecretKey(redacted)`.
    public var description: String { "HybridSecretKey(redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [], displayStyle: .struct) }
}

/// The hybrid box's ciphertext: CBOR map `{c: curve box of s1 (72 bytes), i: secretbox of the
/// message under K, m: ML-KEM ciphertext (1568 bytes), n: secretbox nonce (24 bytes)}`.
public struct HybridCipherText: Hashable, Sendable, CborCodable {
    public let curveBox: [UInt8]
    public let mlkemCiphertext: [UInt8]
    public let sealed: [UInt8]
    public let nonce: [UInt8]

    public init(curveBox: [UInt8], mlkemCiphertext: [UInt8], sealed: [UInt8], nonce: [UInt8]) {
        self.curveBox = curveBox
        self.mlkemCiphertext = mlkemCiphertext
        self.sealed = sealed
        self.nonce = nonce
    }

    public func toCbor() -> CborObject {
        .map(["c": .bytes(curveBox), "i": .bytes(sealed), "m": .bytes(mlkemCiphertext), "n": .bytes(nonce)])
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("hybrid ciphertext")
        curveBox = try m.required("c").asBytes("c")
        sealed = try m.required("i").asBytes("i")
        mlkemCiphertext = try m.required("m").asBytes("m")
        nonce = try m.required("n").asBytes("n")
        try CryptoError.checkLength(nonce, 24, "hybrid ciphertext nonce")
    }
}

/// The hybrid X25519 + ML-KEM-1024 box (Spec/crypto.md#hybrid).
enum HybridBox {
    /// Draw order from `random`: s1 (32), ML-KEM entropy m (32), curve box nonce (24), secretbox nonce (24).
    static func seal(_ plaintext: [UInt8], to recipient: HybridPublicKey, from sender: HybridSecretKey, random: RandomSource) throws -> HybridCipherText {
        var s1 = random.bytes(32)
        defer { SecretBytes.erase(&s1) }
        let m = random.bytes(32)
        var encapsulated: (sharedSecret: [UInt8], ciphertext: [UInt8])
        do {
            encapsulated = try MLKEM1024.encapsulate(to: recipient.mlkem, entropy: m)
        } catch {
            throw CryptoError.mlkem("\(error)")
        }
        defer { SecretBytes.erase(&encapsulated.sharedSecret) }
        let key = derivedKey(s1, encapsulated.sharedSecret)
        let curveBox = try Curve25519Box.seal(s1, to: recipient.curve25519, from: sender.curve25519, nonce: random.bytes(24))
        let nonce = random.bytes(24)
        let sealed = SymmetricKey.secretbox(plaintext, nonce: nonce, key: key)
        return HybridCipherText(curveBox: curveBox, mlkemCiphertext: encapsulated.ciphertext, sealed: sealed, nonce: nonce)
    }

    static func open(_ cipher: HybridCipherText, from sender: HybridPublicKey, to recipient: HybridSecretKey) throws -> [UInt8] {
        var s1 = try Curve25519Box.open(cipher.curveBox, from: sender.curve25519, to: recipient.curve25519)
        defer { SecretBytes.erase(&s1) }
        try CryptoError.checkLength(s1, 32, "hybrid box secret s1")
        var shared: [UInt8]
        do {
            shared = try MLKEM1024.decapsulate(cipher.mlkemCiphertext, with: recipient.mlkem)
        } catch {
            throw CryptoError.mlkem("\(error)")
        }
        defer { SecretBytes.erase(&shared) }
        let key = derivedKey(s1, shared)
        return try SymmetricKey.secretboxOpen(cipher.sealed, nonce: cipher.nonce, key: key)
    }

    /// HKDF of `s1 ‖ shared`, moved into secret storage; the temporary copies are erased.
    private static func derivedKey(_ s1: [UInt8], _ shared: [UInt8]) -> SecretBytes {
        var ikm = s1 + shared
        defer { SecretBytes.erase(&ikm) }
        var key = HKDF.peergosKey(ikm: ikm)
        return SecretBytes(consuming: &key)
    }
}
