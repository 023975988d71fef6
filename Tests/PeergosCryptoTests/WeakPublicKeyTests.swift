import CSodium
import PeergosCBOR
import PeergosCrypto
import PeergosMLKEM
import PeergosVectors
import Testing

/// Issue 8 item 1: boxes to or from a Curve25519 public key of small order are refused with
/// ``CryptoError/weakPublicKey`` instead of returning unwritten memory as a "ciphertext".
@Suite("Small-order public keys")
struct WeakPublicKeyTests {
    /// Points of small order from libsodium's blacklist (crypto_scalarmult/curve25519/ref10):
    /// 0 (order 4 when read as u = 0), 1 (order 1), and a point of order 8; plus p - 1 (order 2).
    static let smallOrder: [(name: String, key: [UInt8])] = [
        ("all zeros", [UInt8](repeating: 0, count: 32)),
        ("u = 1", [1] + [UInt8](repeating: 0, count: 31)),
        ("order 8", hex("e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800")),
        ("u = p - 1", hex("ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f")),
    ]

    static func sender() throws -> BoxingKeyPair { try .curve25519(secret: [UInt8](repeating: 0x42, count: 32)) }

    @Test("libsodium itself refuses these keys: crypto_box_easy returns -1 and leaves its output unwritten")
    func libsodiumRefuses() {
        for (name, key) in Self.smallOrder {
            var out = [UInt8](repeating: 0xAA, count: 16 + 3)
            let nonce = [UInt8](repeating: 0, count: 24)
            let secret = [UInt8](repeating: 0x42, count: 32)
            let status = crypto_box_easy(&out, [1, 2, 3], 3, nonce, key, secret)
            #expect(status == -1, "\(name)")
            #expect(out == [UInt8](repeating: 0xAA, count: 19), "\(name): output was written")
        }
    }

    @Test("a classical box to a small-order key throws weakPublicKey (code crypto.weak_public_key)")
    func classicalSeal() throws {
        let sender = try Self.sender()
        for (name, key) in Self.smallOrder {
            let recipient = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: key))
            let error = #expect(throws: CryptoError.weakPublicKey, "\(name)") {
                try recipient.encryptMessage([1, 2, 3], from: sender.secretKey, random: SystemRandom.shared)
            }
            #expect(error?.code == "crypto.weak_public_key")
        }
    }

    @Test("opening a box that claims to come from a small-order key throws weakPublicKey")
    func classicalOpen() throws {
        let sender = try Self.sender()
        let box = try sender.publicKey.encryptMessage([1, 2, 3], from: sender.secretKey, random: SystemRandom.shared)
        for (name, key) in Self.smallOrder {
            let claimedSender = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: key))
            #expect(throws: CryptoError.weakPublicKey, "\(name)") { try sender.secretKey.decryptMessage(box, from: claimedSender) }
        }
    }

    @Test("a hybrid box whose recipient's Curve25519 part has small order throws weakPublicKey")
    func hybridSeal() throws {
        let random = DetRandom(label: "weak-hybrid")
        let alice = try BoxingKeyPair.randomHybrid(using: random)
        let bob = try BoxingKeyPair.randomHybrid(using: random)
        guard case .hybrid(let bobPublic) = bob.publicKey else {
            Issue.record("randomHybrid gave a classical key")
            return
        }
        for (name, key) in Self.smallOrder {
            let weak = PublicBoxingKey.hybrid(HybridPublicKey(curve25519: try Curve25519PublicKey(bytes: key), mlkem: bobPublic.mlkem))
            #expect(throws: CryptoError.weakPublicKey, "\(name)") { try weak.encryptMessage([1, 2, 3], from: alice.secretKey, random: random) }
        }
        // The same sender and ML-KEM key with a sound Curve25519 part still box and open.
        let sealed = try bob.publicKey.encryptMessage([1, 2, 3], from: alice.secretKey, random: random)
        #expect(try bob.secretKey.decryptMessage(sealed, from: alice.publicKey) == [1, 2, 3])
    }
}
