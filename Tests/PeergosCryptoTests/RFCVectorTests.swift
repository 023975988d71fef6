import PeergosCrypto
import Testing

/// Published test vectors for the primitives libsodium and libscrypt compute for us.
@Suite("RFC vectors")
struct RFCVectorTests {
    /// RFC 8032 §7.1, tests 1–3 and SHA(abc).
    static let ed25519: [(seed: String, pk: String, msg: String, sig: String)] = [
        ("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60", "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a", "",
         "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b"),
        ("4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb", "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c", "72",
         "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00"),
        ("c5aa8df43f9f837bedb7442f31dcb7b166d38535076f094b85ce3a2e0b4458f7", "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025", "af82",
         "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28dc027beceea1ec40a"),
    ]

    @Test("Ed25519 (RFC 8032 §7.1): keys, attached signatures, verification", arguments: 0..<3)
    func ed25519(index: Int) throws {
        let v = Self.ed25519[index]
        let pair = try SigningKeyPair(seed: hex(v.seed))
        #expect(pair.publicKey.bytes == hex(v.pk))
        let signed = pair.secretKey.signMessage(hex(v.msg))
        #expect(signed == hex(v.sig) + hex(v.msg))
        #expect(try pair.publicKey.unsignMessage(signed) == hex(v.msg))
        #expect(pair.publicKey.verify(signature: hex(v.sig), message: hex(v.msg)))
    }

    @Test("X25519 (RFC 7748 §6.1): public keys and a shared box")
    func x25519() throws {
        let alice = try BoxingKeyPair.curve25519(secret: hex("77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a"))
        let bob = try BoxingKeyPair.curve25519(secret: hex("5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb"))
        #expect(alice.publicKey == .curve25519(try Curve25519PublicKey(bytes: hex("8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a"))))
        #expect(bob.publicKey == .curve25519(try Curve25519PublicKey(bytes: hex("de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f"))))
        // Both sides derive the same key: what Alice boxes to Bob, Bob opens with Alice's public key.
        let message = Array("RFC 7748".utf8)
        let box = try bob.publicKey.encryptMessage(message, from: alice.secretKey, random: SystemRandom.shared)
        #expect(box.count == message.count + 40)
        #expect(try bob.secretKey.decryptMessage(box, from: alice.publicKey) == message)
    }

    /// RFC 7914 §12 (the cases cheap enough for a unit test).
    static let scrypt: [(password: String, salt: String, logN: Int, r: Int, p: Int, out: String)] = [
        ("", "", 4, 1, 1, "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906"),
        ("password", "NaCl", 10, 8, 16, "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640"),
        ("pleaseletmein", "SodiumChloride", 14, 8, 1, "7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40dfcf017b45575887"),
    ]

    @Test("scrypt (RFC 7914 §12) through libscrypt and libsodium agree", arguments: 0..<3)
    func scrypt(index: Int) throws {
        let v = Self.scrypt[index]
        let a = try Scrypt.derive(password: Array(v.password.utf8), salt: Array(v.salt.utf8), logN: v.logN, r: v.r, p: v.p, outputLength: 64)
        let b = try Scrypt.deriveWithSodium(password: Array(v.password.utf8), salt: Array(v.salt.utf8), logN: v.logN, r: v.r, p: v.p, outputLength: 64)
        #expect(hexString(a) == v.out)
        #expect(a == b)
    }

    @Test("scrypt refuses parameters outside its bounds before doing any work")
    func scryptBounds() {
        for (logN, r, p, n) in [(0, 8, 1, 32), (25, 8, 1, 32), (21, 8, 1, 32), (19, 32, 1, 32), (15, 0, 1, 32), (15, 33, 1, 32), (15, 8, 0, 32), (15, 8, 17, 32), (15, 8, 1, 0), (15, 8, 1, 1025)] {
            #expect(throws: CryptoError.self) { try Scrypt.derive(password: [], salt: [], logN: logN, r: r, p: p, outputLength: n) }
        }
    }

    @Test("SHA-256, SHA-512, BLAKE2b and HMAC-SHA256 known answers")
    func hashes() {
        #expect(hexString(Hash.sha256(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        #expect(hexString(Hash.sha512(Array("abc".utf8))).hasPrefix("ddaf35a193617abacc417349ae204131"))
        #expect(hexString(Hash.blake2b(Array("abc".utf8))) ==
            "ba80a53f981c4d0d6a2797b69f12f6e94c212f14685ac4b74b12bb6fdbffa2d17d87c5392aab792dc252d5de4533cc9518d38aa8dbf1925ab92386edd4009923")
        // RFC 4231 test case 2.
        #expect(hexString(HMAC.sha256(key: Array("Jefe".utf8), message: Array("what do ya want for nothing?".utf8))) ==
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
    }
}
