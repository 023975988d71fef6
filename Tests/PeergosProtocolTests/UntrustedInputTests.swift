import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosPKI
import PeergosVectors
import Testing

/// Untrusted text and parameters get typed errors, never a crash.
@Suite("Untrusted input")
struct UntrustedInputTests {
    static let alphabet = Array("#/?z0123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyzIl".utf8)

    @Test("random and mutated link strings never crash the parsers")
    func linkParsers() throws {
        var state: UInt64 = 42
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        let owner = try PublicKeyHash(keyCbor: [0x82, 0x01, 0x58, 0x20] + [UInt8](repeating: 5, count: 32))
        let cap = try AbsoluteCapability(owner: owner, writer: owner, mapKey: [UInt8](repeating: 1, count: 32), bat: nil,
                                         readBaseKey: SymmetricKey(bytes: [UInt8](repeating: 2, count: 32)))
        let good = Array(cap.link.utf8)
        let secret = Array(try SecretLink(owner: owner, label: 77, linkPassword: "abcDEF123456").link.utf8)
        var parsed = 0
        for round in 0..<3_000 {
            var text: [UInt8]
            switch round % 3 {
            case 0: text = (0..<(next() % 120)).map { _ in Self.alphabet[next() % Self.alphabet.count] }
            case 1:
                text = good
                for _ in 0..<(1 + next() % 3) { text[next() % text.count] = Self.alphabet[next() % Self.alphabet.count] }
            default:
                text = secret
                for _ in 0..<(1 + next() % 3) { text[next() % text.count] = Self.alphabet[next() % Self.alphabet.count] }
            }
            let s = String(decoding: text, as: UTF8.self)
            if (try? AbsoluteCapability(link: s)) != nil { parsed += 1 }
            _ = try? SecretLink(link: s)
        }
        #expect(try AbsoluteCapability(link: cap.link) == cap)
        #expect(parsed < 3_000)
        #expect(throws: CapabilityError.wrongLinkPartCount(3)) { try AbsoluteCapability(link: "#a/b/c") }
        #expect(throws: CapabilityError.nonPositiveLabel("0")) { try SecretLink(link: "secret/\(owner)/0#pw") }
        #expect(throws: CapabilityError.self) { try SecretLink(link: "secret/zzz/1#pw") }
        #expect(throws: CapabilityError.self) { try SecretLink(link: "public/\(owner)/1#pw") }
    }

    @Test("login derivation refuses bad parameters with typed errors")
    func loginParameters() throws {
        #expect(throws: LoginError.memoryCostTooLow(14)) {
            try SecretGenerationAlgorithm.ScryptParameters(memoryCost: 14, cpuCost: 8, parallelism: 1, outputBytes: 64, extraSalt: "")
        }
        let fast = SecretGenerationAlgorithm.scrypt(try .init(memoryCost: 15, cpuCost: 1, parallelism: 1, outputBytes: 64, extraSalt: "s"))
        #expect(throws: LoginError.passwordEqualsUsername) { try LoginKeys.derive(username: "alice", password: "alice", algorithm: fast) }
        // Compared as UTF-16 code units (upstream's String.equals), not by canonical equivalence:
        // "andré" precomposed and decomposed are different strings, so keys are derived.
        let decomposed = try LoginKeys.derive(username: "andr\u{e9}", password: "andre\u{301}", algorithm: fast)
        let other = try LoginKeys.derive(username: "andr\u{e9}", password: "andre\u{300}", algorithm: fast)
        #expect(decomposed.signingKeyPair.publicKey != other.signingKeyPair.publicKey)
        #expect(throws: LoginError.notPasswordDerived) { try LoginKeys.derive(username: "alice", password: "pw", algorithm: .random) }
        let odd = SecretGenerationAlgorithm.scrypt(try .init(memoryCost: 15, cpuCost: 1, parallelism: 1, outputBytes: 48, extraSalt: ""))
        #expect(throws: LoginError.unsupportedOutputLength(48)) { try LoginKeys.derive(username: "alice", password: "pw", algorithm: odd) }
        // A hostile published generator: 2^30 blocks of memory is refused before any work.
        let hostile = SecretGenerationAlgorithm.scrypt(try .init(memoryCost: 30, cpuCost: 8, parallelism: 1, outputBytes: 64, extraSalt: ""))
        #expect(throws: CryptoError.self) { try LoginKeys.derive(username: "alice", password: "pw", algorithm: hostile) }
        #expect(throws: LoginError.unknownAlgorithmType(7)) { try SecretGenerationAlgorithm(cbor: .map(["type": .integer(7)])) }
        // Random (type 0) round-trips.
        #expect(try SecretGenerationAlgorithm(cbor: SecretGenerationAlgorithm.random.toCbor()) == .random)
    }

    @Test("login data round-trips and decrypts only with the root key")
    func loginData() throws {
        let random = DetRandom(label: "login-data-test")
        let identity = try SigningKeyPair.random(using: random)
        let boxer = try BoxingKeyPair.randomHybrid(using: random)
        let root = SymmetricKey.random(using: random)
        let entry = EntryPoint(capability: .null, ownerName: "alice")
        let entryPoints = EntryPoints(entries: [entry], boxingKeyPair: boxer, identity: identity)
        let staticData = UserStaticData.encrypt(entryPoints, rootKey: root, random: random)
        #expect(staticData.cipherText.ciphertext.count % 4096 == 16)
        let login = LoginData(username: "alice", entryPoints: staticData, authorisedReader: identity.publicKey)
        let read = try LoginData(cborBytes: login.serialize())
        #expect(read == login)
        #expect(try read.entryPoints.decrypt(rootKey: root) == entryPoints)
        #expect(throws: CryptoError.decryptionFailed) { try read.entryPoints.decrypt(rootKey: SymmetricKey.random(using: random)) }
    }

    @Test("PKI dates parse upstream's forms and refuse others")
    func dates() throws {
        #expect(try PKIDate("2030-06-15").description == "2030-06-15")
        #expect(try PKIDate("+999999999-12-31") == PKIDate.max)
        for bad in ["2030-6-15", "2030-02-30", "20300615", "+2030-01-01", "", "2030-13-01", "x030-01-01"] {
            #expect(throws: PKIError.self) { try PKIDate(bad) }
        }
        #expect(Usernames.isValid("alice") && !Usernames.isValid("admin") && !Usernames.isValid("al--ice"))
    }
}
