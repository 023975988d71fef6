import PeergosCBOR
import PeergosCrypto
import PeergosVectors
import Testing

/// Tampered or malformed input is refused with the specific error.
@Suite("Refusals")
struct RefusalTests {
    static let pair = try! SigningKeyPair(seed: [UInt8](repeating: 7, count: 32))

    @Test("a tampered, truncated or foreign signature is invalidSignature")
    func signatures() {
        let signed = Self.pair.signMessage(Array("pointer update".utf8))
        var flipped = signed
        flipped[70] ^= 1
        let other = try! SigningKeyPair(seed: [UInt8](repeating: 8, count: 32))
        #expect(throws: CryptoError.invalidSignature) { try Self.pair.publicKey.unsignMessage(flipped) }
        #expect(throws: CryptoError.invalidSignature) { try Self.pair.publicKey.unsignMessage(Array(signed.prefix(63))) }
        #expect(throws: CryptoError.invalidSignature) { try other.publicKey.unsignMessage(signed) }
    }

    @Test("secretbox with a wrong key, wrong nonce, tampered or short input is refused")
    func secretbox() throws {
        let key = try SymmetricKey(bytes: [UInt8](repeating: 1, count: 32))
        let nonce = [UInt8](repeating: 2, count: 24)
        let sealed = try key.encrypt(Array("data".utf8), nonce: nonce)
        var tampered = sealed
        tampered[0] ^= 1
        #expect(throws: CryptoError.decryptionFailed) { try SymmetricKey(bytes: [UInt8](repeating: 9, count: 32)).decrypt(sealed, nonce: nonce) }
        #expect(throws: CryptoError.decryptionFailed) { try key.decrypt(sealed, nonce: [UInt8](repeating: 3, count: 24)) }
        #expect(throws: CryptoError.decryptionFailed) { try key.decrypt(tampered, nonce: nonce) }
        #expect(throws: CryptoError.ciphertextTooShort(15)) { try key.decrypt([UInt8](repeating: 0, count: 15), nonce: nonce) }
        #expect(throws: CryptoError.invalidLength(what: "secretbox nonce", expected: 24, actual: 23)) {
            try key.encrypt([], nonce: [UInt8](repeating: 0, count: 23))
        }
    }

    @Test("a tampered box is decryptionFailed; boxes shorter than MAC and nonce are refused")
    func box() throws {
        let a = BoxingKeyPair.randomCurve25519(using: SystemRandom.shared)
        let b = BoxingKeyPair.randomCurve25519(using: SystemRandom.shared)
        var box = try b.publicKey.encryptMessage([1, 2, 3], from: a.secretKey, random: SystemRandom.shared)
        box[5] ^= 0x80
        #expect(throws: CryptoError.decryptionFailed) { try b.secretKey.decryptMessage(box, from: a.publicKey) }
        #expect(throws: CryptoError.ciphertextTooShort(39)) { try b.secretKey.decryptMessage([UInt8](repeating: 0, count: 39), from: a.publicKey) }
    }

    @Test("hybrid box round trip; tampering any part is refused; mixing key kinds is refused")
    func hybrid() throws {
        let random = DetRandom(label: "hybrid-test")
        let alice = try BoxingKeyPair.randomHybrid(using: random)
        let bob = try BoxingKeyPair.randomHybrid(using: random)
        let message = Array("follow request".utf8)
        let sealed = try bob.publicKey.encryptMessage(message, from: alice.secretKey, random: random)
        #expect(try bob.secretKey.decryptMessage(sealed, from: alice.publicKey) == message)
        let cipher = try HybridCipherText(cborBytes: sealed)
        var c = cipher.curveBox; c[3] ^= 1
        var m = cipher.mlkemCiphertext; m[3] ^= 1
        var i = cipher.sealed; i[3] ^= 1
        for bad in [HybridCipherText(curveBox: c, mlkemCiphertext: cipher.mlkemCiphertext, sealed: cipher.sealed, nonce: cipher.nonce),
                    HybridCipherText(curveBox: cipher.curveBox, mlkemCiphertext: m, sealed: cipher.sealed, nonce: cipher.nonce),
                    HybridCipherText(curveBox: cipher.curveBox, mlkemCiphertext: cipher.mlkemCiphertext, sealed: i, nonce: cipher.nonce)] {
            #expect(throws: CryptoError.decryptionFailed) { try bob.secretKey.decryptMessage(bad.serialize(), from: alice.publicKey) }
        }
        let classical = BoxingKeyPair.randomCurve25519(using: random)
        #expect(throws: CryptoError.self) { try bob.publicKey.encryptMessage(message, from: classical.secretKey, random: random) }
    }

    @Test("key CBOR with an unknown type or a wrong length is refused")
    func keyCbor() {
        #expect(throws: CryptoError.unknownKeyType("public signing key", 2)) {
            try PublicSigningKey(cbor: .list([.integer(2), .bytes([UInt8](repeating: 0, count: 32))]))
        }
        #expect(throws: CryptoError.invalidLength(what: "public signing key", expected: 32, actual: 31)) {
            try PublicSigningKey(cbor: .list([.integer(1), .bytes([UInt8](repeating: 0, count: 31))]))
        }
        #expect(throws: CryptoError.unknownKeyType("public boxing key", 3)) {
            try PublicBoxingKey(cbor: .list([.integer(3), .bytes([UInt8](repeating: 0, count: 32))]))
        }
        #expect(throws: CryptoError.unknownKeyType("symmetric key", 2)) {
            try SymmetricKey(cbor: .list([.integer(2), .bytes([UInt8](repeating: 0, count: 32)), .bool(false)]))
        }
        #expect(throws: CborSchemaError.self) { try SymmetricKey(cbor: .list([.integer(1), .bytes([UInt8](repeating: 0, count: 32))])) }
        #expect(throws: CborSchemaError.self) { try PublicSigningKey(cbor: .text("key")) }
    }

    @Test("key CBOR round trips")
    func roundTrips() throws {
        let random = DetRandom(label: "roundtrip")
        #expect(try SigningKeyPair(cbor: Self.pair.toCbor()) == Self.pair)
        let hybrid = try BoxingKeyPair.randomHybrid(using: random)
        #expect(try BoxingKeyPair(cborBytes: hybrid.serialize()) == hybrid)
        let key = SymmetricKey.random(using: random)
        #expect(try SymmetricKey(cbor: key.toCbor()) == key)
    }
}
