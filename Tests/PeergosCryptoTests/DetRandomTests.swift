import PeergosCrypto
import PeergosVectors
import Testing

/// The deterministic stream the vectors were made with, checked against values computed
/// independently with Python's hashlib: sha256(b"ciphertext-build#0") and "#1".
@Suite("DetRandom")
struct DetRandomTests {
    @Test("the stream is SHA-256(label#counter) concatenated, consumed across calls")
    func stream() {
        let expected = hex("25704d98c5bc4335b219856853d415ee9791788699d4231376") // first 24 bytes: the CipherText vector's nonce
        let r = DetRandom(label: "ciphertext-build")
        #expect(r.bytes(10) + r.bytes(15) == expected)
    }

    @Test("CipherText.build replays upstream's vector from the stream")
    func cipherText() throws {
        let key = try SymmetricKey(bytes: hex("0ad79af08af55d619f7247f24c58d3258420a19abc933b3d8e19fc45e156957a"))
        let built = CipherText.build(key: key, plaintext: .text("hello"), random: DetRandom(label: "ciphertext-build"))
        #expect(hexString(built.serialize()) == "82581825704d98c5bc4335b219856853d415ee9791788699d423135676a0a6de2fff9a567068520858e0de515876e4716636")
        #expect(try built.decrypt(key: key) == .text("hello"))
    }

    @Test("padded plaintexts are zero-filled to the block size and still decrypt")
    func padding() throws {
        let key = SymmetricKey.random(using: SystemRandom.shared)
        let built = CipherText.build(key: key, plaintext: .text("hello"), paddingBlockSize: 64, random: SystemRandom.shared)
        #expect(built.ciphertext.count == 16 + 64)
        #expect(try built.decrypt(key: key) == .text("hello"))
    }
}
