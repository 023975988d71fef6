import CSodium
import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosMLKEM
import PeergosMultiformats
@testable import PeergosSecrets
import PeergosTestSupport
import PeergosVectors
import Synchronization
import Testing

/// Issue 8 item 2: secret key material never prints, compares in constant time, lives in zeroing
/// storage, and a key pair read from CBOR must be consistent.
@Suite("Secret handling")
struct SecretHandlingTests {
    // MARK: - Rendering

    /// Expects no rendering of `value` to contain a text form of any of `secrets` (`SecretRendering`).
    static func expectRedacted(_ value: Any, _ name: String, secrets: [[UInt8]]) {
        for leak in SecretRendering.leaks(of: value, secrets: secrets) { Issue.record("\(name) \(leak)") }
    }

    /// 32 distinctive bytes (no run that text of other fields could contain).
    static func secretBytes(_ seed: UInt8, count: Int = 32) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(seed) &* 31 &+ $0 &* 7 &+ 101) }
    }

    @Test("no secret type or key pair renders its secret bytes or its CBOR (hex, base58, base64, decimal)")
    func redacted() throws {
        let raw = Self.secretBytes(1)
        let secretBytes = SecretBytes(copying: raw)
        Self.expectRedacted(secretBytes, "SecretBytes", secrets: [raw])
        #expect(String(describing: secretBytes) == "SecretBytes(32 bytes, redacted)")

        let symmetric = try SymmetricKey(bytes: raw)
        Self.expectRedacted(symmetric, "SymmetricKey", secrets: [raw, symmetric.serialize()])

        let signing = try SigningKeyPair(seed: Self.secretBytes(2))
        let signingSecret = signing.secretKey.secret.copyBytes()
        let signingSecrets = [signingSecret, Array(signingSecret.prefix(32)), signing.secretKey.serialize(), signing.serialize()]
        Self.expectRedacted(signing.secretKey, "SecretSigningKey", secrets: signingSecrets)
        Self.expectRedacted(signing, "SigningKeyPair", secrets: signingSecrets)
        #expect("\(signing)".contains(signing.publicKey.publicKeyHash.description), "a pair shows its public key")

        let curve = try BoxingKeyPair.curve25519(secret: Self.secretBytes(3))
        guard case .curve25519(let curveSecret) = curve.secretKey else { Issue.record("not a Curve25519 key"); return }
        let curveSecrets = [Self.secretBytes(3), curve.secretKey.serialize(), curve.serialize()]
        Self.expectRedacted(curveSecret, "Curve25519SecretKey", secrets: curveSecrets)
        Self.expectRedacted(curve.secretKey, "SecretBoxingKey.curve25519", secrets: curveSecrets)
        Self.expectRedacted(curve, "BoxingKeyPair (Curve25519)", secrets: curveSecrets)

        let hybrid = try BoxingKeyPair.hybrid(curve25519Secret: Self.secretBytes(4), mlkemD: Self.secretBytes(5), mlkemZ: Self.secretBytes(6))
        guard case .hybrid(let hybridSecret) = hybrid.secretKey else { Issue.record("not a hybrid key"); return }
        let dk = hybridSecret.mlkem.secret.copyBytes()
        // dk = dk_PKE ‖ ek ‖ H(ek) ‖ z: the secret parts are dk_PKE (first 1536 bytes) and z (last 32).
        let hybridSecrets = [Self.secretBytes(4), Array(dk.prefix(32)), Array(dk[700..<732]), Array(dk.suffix(32)),
                             Array(hybrid.secretKey.serialize().prefix(64))]
        Self.expectRedacted(hybridSecret.mlkem, "MLKEM1024.DecapsulationKey", secrets: hybridSecrets)
        Self.expectRedacted(hybridSecret, "HybridSecretKey", secrets: hybridSecrets)
        Self.expectRedacted(hybrid.secretKey, "SecretBoxingKey.hybrid", secrets: hybridSecrets)
        Self.expectRedacted(hybrid, "BoxingKeyPair (hybrid)", secrets: hybridSecrets)
    }

    // MARK: - Equality

    @Test("the redaction check itself sees a secret in every form it looks for (plain bytes, hex, base58, base64)")
    func redactionCheckDetectsSecrets() {
        let secret = Self.secretBytes(9)
        #expect(SecretRendering.leaks(of: secret, secrets: [secret]).count == 4)
        for form in SecretRendering.forbiddenForms(of: secret) {
            #expect(!SecretRendering.leaks(of: "prefix \(form) suffix", secrets: [secret]).isEmpty, "\(form)")
        }
        #expect(SecretRendering.leaks(of: "SecretBytes(32 bytes, redacted)", secrets: [secret]).isEmpty)
    }

    @Test("sodium_memcmp answers 0 for equal and -1 for different buffers")
    func sodiumMemcmp() {
        let a = Self.secretBytes(7)
        var b = a
        #expect(sodium_memcmp(a, b, 32) == 0)
        b[31] ^= 1
        #expect(sodium_memcmp(a, b, 32) == -1)
    }

    @Test("secret equality compares contents: equal copies, one differing byte, different lengths")
    func equality() throws {
        let raw = Self.secretBytes(8)
        #expect(SecretBytes(copying: raw) == SecretBytes(copying: raw))
        for index in [0, 15, 31] {
            var other = raw
            other[index] ^= 0x80
            #expect(SecretBytes(copying: raw) != SecretBytes(copying: other), "byte \(index)")
            #expect(try SymmetricKey(bytes: raw) != SymmetricKey(bytes: other), "byte \(index)")
            #expect(try Curve25519SecretKey(bytes: raw) != Curve25519SecretKey(bytes: other), "byte \(index)")
        }
        #expect(SecretBytes(copying: raw) != SecretBytes(copying: Array(raw.prefix(31))))
        #expect(SecretBytes(copying: []) == SecretBytes(copying: []))
        #expect(try SymmetricKey(bytes: raw) == SymmetricKey(bytes: raw))
        #expect(try SymmetricKey(bytes: raw, isDirty: true) != SymmetricKey(bytes: raw))
        #expect(try SigningKeyPair(seed: raw) == SigningKeyPair(seed: raw))
        #expect(try SigningKeyPair(seed: raw) != SigningKeyPair(seed: Self.secretBytes(9)))
        // Equal values hash equally (hashing never reads the secret bytes).
        #expect(try SymmetricKey(bytes: raw).hashValue == SymmetricKey(bytes: raw).hashValue)
        #expect(try SigningKeyPair(seed: raw).hashValue == SigningKeyPair(seed: raw).hashValue)
        #expect(Set([SecretBytes(copying: raw), SecretBytes(copying: raw)]).count == 1)
    }

    @Test("secret storage is zeroed before it is freed")
    func zeroedWhenFreed() {
        let seen = Mutex<[UInt8]?>(nil)
        do {
            let secret = SecretBytes(copying: Self.secretBytes(22)).observingWipe { buffer in seen.withLock { $0 = [UInt8](buffer) } }
            #expect(secret.copyBytes() == Self.secretBytes(22))
        }
        #expect(seen.withLock { $0 } == [UInt8](repeating: 0, count: 32), "freed without zeroing, or not freed")
    }

    @Test("copies handed over for storage are erased: init(consuming:) and erase(_:) zero the array")
    func erasure() {
        var source = Self.secretBytes(10)
        let kept = source
        let secret = SecretBytes(consuming: &source)
        #expect(source == [UInt8](repeating: 0, count: 32))
        #expect(secret.copyBytes() == kept)
        var temporary = Self.secretBytes(11)
        SecretBytes.erase(&temporary)
        #expect(temporary == [UInt8](repeating: 0, count: 32))
    }

    @Test("random keys are drawn straight into secret storage, of the right length")
    func drawn() {
        let random = DetRandom(label: "secret-draw")
        let expected = DetRandom(label: "secret-draw").bytes(32)
        #expect(SymmetricKey.random(using: random).secret.copyBytes() == expected)
        #expect(random.secretBytes(0).count == 0)
        #expect(random.bytes(-1).isEmpty)
    }

    // MARK: - Key pairs read from CBOR

    @Test("a signing key pair whose public key is not its seed's is refused with keyPairMismatch")
    func signingPairMismatch() throws {
        let a = try SigningKeyPair(seed: Self.secretBytes(12))
        let b = try SigningKeyPair(seed: Self.secretBytes(13))
        // Public key of b, secret key of a.
        let swapped = CborObject.list([b.publicKey.toCbor(), a.secretKey.toCbor()])
        let error = #expect(throws: CryptoError.self) { try SigningKeyPair(cbor: swapped) }
        #expect(error?.code == "crypto.key_pair_mismatch")
        // a's seed with b's public key as BOTH the public key and the secret key's tail: comparing
        // the tail alone would accept it; deriving from the seed does not.
        let seedA = Array(a.secretKey.secret.copyBytes().prefix(32))
        let forgedSecret = CborObject.list([.integer(1), .bytes(seedA + b.publicKey.bytes)])
        let forged = CborObject.list([b.publicKey.toCbor(), forgedSecret])
        let forgedError = #expect(throws: CryptoError.self) { try SigningKeyPair(cbor: forged) }
        #expect(forgedError?.code == "crypto.key_pair_mismatch")
        let aloneError = #expect(throws: CryptoError.self) { try SecretSigningKey(cbor: forgedSecret) }
        #expect(aloneError?.code == "crypto.key_pair_mismatch")
        // The consistent pair still reads back.
        #expect(try SigningKeyPair(cbor: a.toCbor()) == a)
    }

    @Test("a boxing key pair whose public key is not its secret's is refused with keyPairMismatch (Curve25519 and both hybrid parts)")
    func boxingPairMismatch() throws {
        let a = try BoxingKeyPair.curve25519(secret: Self.secretBytes(14))
        let b = try BoxingKeyPair.curve25519(secret: Self.secretBytes(15))
        let classical = #expect(throws: CryptoError.self) { try BoxingKeyPair(cbor: .list([b.publicKey.toCbor(), a.secretKey.toCbor()])) }
        #expect(classical?.code == "crypto.key_pair_mismatch")

        let h1 = try BoxingKeyPair.hybrid(curve25519Secret: Self.secretBytes(16), mlkemD: Self.secretBytes(17), mlkemZ: Self.secretBytes(18))
        let h2 = try BoxingKeyPair.hybrid(curve25519Secret: Self.secretBytes(19), mlkemD: Self.secretBytes(20), mlkemZ: Self.secretBytes(21))
        guard case .hybrid(let p1) = h1.publicKey, case .hybrid(let p2) = h2.publicKey else { Issue.record("not hybrid"); return }
        // h1's Curve25519 part with h2's ML-KEM key, and the reverse, each against h1's secret.
        for wrong in [HybridPublicKey(curve25519: p1.curve25519, mlkem: p2.mlkem), HybridPublicKey(curve25519: p2.curve25519, mlkem: p1.mlkem)] {
            let error = #expect(throws: CryptoError.self) {
                try BoxingKeyPair(cbor: .list([PublicBoxingKey.hybrid(wrong).toCbor(), h1.secretKey.toCbor()]))
            }
            #expect(error?.code == "crypto.key_pair_mismatch")
        }
        #expect(try BoxingKeyPair(cbor: h1.toCbor()) == h1)
    }
}
