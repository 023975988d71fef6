import PeergosCapabilities
import PeergosCrypto
import PeergosSocial
import PeergosVectors
import Testing

/// Issue 8 item 1: a follow request to a published boxing key of small order is refused, since
/// anyone could open a request boxed to it.
@Suite("Follow requests to weak keys")
struct FollowRequestRefusalTests {
    static let zeroKey = [UInt8](repeating: 0, count: 32)
    static let order8Key: [UInt8] = [
        0xe0, 0xeb, 0x7a, 0x7c, 0x3b, 0x41, 0xb8, 0xae, 0x16, 0x56, 0xe3, 0xfa, 0xf1, 0x9f, 0xc4, 0x6a,
        0xda, 0x09, 0x8d, 0xeb, 0x9c, 0x32, 0xb1, 0xfd, 0x86, 0x62, 0x05, 0x16, 0x5f, 0x49, 0xb8, 0x00,
    ]

    static let request = FollowRequest(entry: nil, key: SymmetricKey.random(using: SystemRandom.shared))

    @Test("BlindFollowRequest.build to a small-order Curve25519 key throws weakPublicKey")
    func classicalTarget() throws {
        for key in [Self.zeroKey, Self.order8Key] {
            let target = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: key))
            let error = #expect(throws: CryptoError.weakPublicKey) {
                try BlindFollowRequest.build(target: target, request: Self.request, random: SystemRandom.shared)
            }
            #expect(error?.code == "crypto.weak_public_key")
        }
    }

    @Test("BlindFollowRequest.build to a hybrid key with a small-order Curve25519 part throws weakPublicKey")
    func hybridTarget() throws {
        let random = DetRandom(label: "follow-weak-hybrid")
        let target = try BoxingKeyPair.randomHybrid(using: random)
        guard case .hybrid(let sound) = target.publicKey else {
            Issue.record("randomHybrid gave a classical key")
            return
        }
        for key in [Self.zeroKey, Self.order8Key] {
            let weak = PublicBoxingKey.hybrid(HybridPublicKey(curve25519: try Curve25519PublicKey(bytes: key), mlkem: sound.mlkem))
            #expect(throws: CryptoError.weakPublicKey) { try BlindFollowRequest.build(target: weak, request: Self.request, random: random) }
        }
        // The sound key still receives the request.
        let blind = try BlindFollowRequest.build(target: target.publicKey, request: Self.request, random: random)
        #expect(try blind.decrypt(with: target.secretKey) == Self.request)
    }

    @Test("a received request whose ephemeral key has small order is refused, not opened")
    func weakEphemeral() throws {
        let recipient = BoxingKeyPair.randomCurve25519(using: SystemRandom.shared)
        let blind = try BlindFollowRequest.build(target: recipient.publicKey, request: Self.request, random: SystemRandom.shared)
        let forged = BlindFollowRequest(cipherText: blind.cipherText, ephemeralKey: .curve25519(try Curve25519PublicKey(bytes: Self.zeroKey)))
        #expect(throws: CryptoError.weakPublicKey) { try forged.decrypt(with: recipient.secretKey) }
    }
}
