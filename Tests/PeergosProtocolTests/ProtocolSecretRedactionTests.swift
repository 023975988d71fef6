import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosSocial
import PeergosTestSupport
import PeergosVectors
import Testing

/// Issue 8 item 2, for the protocol types: every type that holds a secret (a BAT, a capability's
/// keys, a stream secret, a secret-link password, login-derived keys) keeps it in `SecretBytes`,
/// never renders it, and still compares equal exactly when its secrets are equal
/// (Spec/crypto.md#secrets).
@Suite("Protocol secret redaction")
struct ProtocolSecretRedactionTests {
    // MARK: - Helpers

    /// Expects no rendering of `value` to contain a text form of any of `secrets`, nor any of `texts`
    /// (`SecretRendering`).
    static func expectRedacted(_ value: Any, _ name: String, secrets: [[UInt8]], texts: [String] = [],
                               sourceLocation: SourceLocation = #_sourceLocation) {
        for leak in SecretRendering.leaks(of: value, secrets: secrets, texts: texts) {
            Issue.record("\(name) \(leak)", sourceLocation: sourceLocation)
        }
    }

    /// `count` distinctive bytes (no run that the text of other fields could contain).
    static func secret(_ seed: UInt8, count: Int = 32) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: Int(seed) &* 37 &+ $0 &* 11 &+ 97) }
    }

    static let owner = try! SigningKeyPair(seed: secret(200)).publicKey.publicKeyHash
    static let writer = try! SigningKeyPair(seed: secret(201)).publicKey.publicKeyHash

    struct Capability {
        let batSecret = ProtocolSecretRedactionTests.secret(1), readKey = ProtocolSecretRedactionTests.secret(2)
        let writeKey = ProtocolSecretRedactionTests.secret(3), mapKey = ProtocolSecretRedactionTests.secret(4)
        let cap: AbsoluteCapability
        /// Every secret form: raw bytes and the CBOR the link encodes.
        var secrets: [[UInt8]] {
            [batSecret, readKey, writeKey, mapKey, cap.bat!.serialize(), cap.readBaseKey.serialize(), cap.writeBaseKey!.serialize(),
             mapKey + cap.bat!.serialize()]
        }

        init() throws {
            cap = try AbsoluteCapability(owner: ProtocolSecretRedactionTests.owner, writer: ProtocolSecretRedactionTests.writer,
                                         mapKey: mapKey, bat: Bat(secret: batSecret), readBaseKey: SymmetricKey(bytes: readKey),
                                         writeBaseKey: SymmetricKey(bytes: writeKey))
        }
    }

    // MARK: - Capabilities

    @Test("Bat keeps its secret in SecretBytes, prints Bat(redacted), compares by its secret")
    func bat() throws {
        let raw = Self.secret(10)
        let bat = try Bat(secret: raw)
        #expect(bat.secret.copyBytes() == raw)
        Self.expectRedacted(bat, "Bat", secrets: [raw, bat.serialize()])
        #expect("\(bat)" == "Bat(redacted)")
        Self.expectRedacted(BatWithId(bat: bat), "BatWithId", secrets: [raw, bat.serialize()])
        Self.expectRedacted(Optional(bat), "Bat?", secrets: [raw])
        Self.expectRedacted([bat, bat], "[Bat]", secrets: [raw])

        // Equality and hashing by the secret's value, whichever storage holds it.
        let same = try Bat(secret: SecretBytes(copying: raw))
        #expect(bat == same && bat.hashValue == same.hashValue)
        #expect(try Bat(cborBytes: bat.serialize()) == bat)
        var other = raw
        other[31] ^= 1
        #expect(try Bat(secret: other) != bat)
        #expect(Set([bat, same, try Bat(secret: other)]).count == 2)
        #expect(throws: CryptoError.self) { try Bat(secret: SecretBytes(copying: [1, 2, 3])) }
        // The wire forms are unchanged: CBOR {s: bytes(32)}, the inline id is the identity CID of the secret.
        #expect(bat.serialize() == CborObject.map(["s": .bytes(raw)]).serialize())
        #expect(bat.inlineId.multihash.digest == raw)
    }

    @Test("AbsoluteCapability prints owner, writer and writability only; its link is the one explicit rendering")
    func absoluteCapability() throws {
        let c = try Capability()
        Self.expectRedacted(c.cap, "AbsoluteCapability", secrets: c.secrets)
        Self.expectRedacted(c.cap.readOnly, "read-only AbsoluteCapability", secrets: c.secrets)
        #expect("\(c.cap)" == "AbsoluteCapability(owner: \(Self.owner), writer: \(Self.writer), writable: true, secrets redacted)")
        // Containers that hold a capability inherit its redaction.
        let entry = EntryPoint(capability: c.cap, ownerName: "alice")
        Self.expectRedacted(entry, "EntryPoint", secrets: c.secrets)
        Self.expectRedacted(FollowRequest(entry: entry, key: try SymmetricKey(bytes: Self.secret(11))), "FollowRequest",
                            secrets: c.secrets + [Self.secret(11)])

        // The link shows every secret, by design, and reads back to an equal capability.
        let link = c.cap.link
        #expect(link.contains(Base58.encode(c.cap.readBaseKey.serialize())))
        #expect(try AbsoluteCapability(link: link) == c.cap)
        #expect(try AbsoluteCapability(cborBytes: c.cap.serialize()) == c.cap)

        // Equality: the same secrets in other storage are equal (and hash alike); one bit of any secret differs.
        let copy = try Capability()
        #expect(copy.cap == c.cap && copy.cap.hashValue == c.cap.hashValue)
        func changed(_ bytes: [UInt8]) -> [UInt8] { var b = bytes; b[0] ^= 0x80; return b }
        let variants = [
            try AbsoluteCapability(owner: Self.owner, writer: Self.writer, mapKey: c.mapKey, bat: Bat(secret: changed(c.batSecret)),
                                   readBaseKey: SymmetricKey(bytes: c.readKey), writeBaseKey: SymmetricKey(bytes: c.writeKey)),
            try AbsoluteCapability(owner: Self.owner, writer: Self.writer, mapKey: c.mapKey, bat: Bat(secret: c.batSecret),
                                   readBaseKey: SymmetricKey(bytes: changed(c.readKey)), writeBaseKey: SymmetricKey(bytes: c.writeKey)),
            try AbsoluteCapability(owner: Self.owner, writer: Self.writer, mapKey: c.mapKey, bat: Bat(secret: c.batSecret),
                                   readBaseKey: SymmetricKey(bytes: c.readKey), writeBaseKey: SymmetricKey(bytes: changed(c.writeKey))),
            c.cap.readOnly,
        ]
        for variant in variants { #expect(variant != c.cap) }
    }

    @Test("RelativeCapability and named child links print no BAT, key or map key")
    func relativeCapability() throws {
        let c = try Capability()
        let writeLink = CipherText.build(key: c.cap.writeBaseKey!, plaintext: try SymmetricKey(bytes: Self.secret(12)).toCbor(), random: SystemRandom.shared)
        let relative = try RelativeCapability(writer: Self.writer, mapKey: c.mapKey, bat: c.cap.bat, readBaseKey: c.cap.readBaseKey, writeLink: writeLink)
        let secrets = c.secrets + [Self.secret(12)]
        Self.expectRedacted(relative, "RelativeCapability", secrets: secrets)
        #expect("\(relative)" == "RelativeCapability(writer: \(Self.writer), write link: true, secrets redacted)")
        Self.expectRedacted(NamedRelativeCapability(name: "a.txt", capability: relative), "NamedRelativeCapability", secrets: secrets)
        let same = try RelativeCapability(cborBytes: relative.serialize())
        #expect(same == relative && same.hashValue == relative.hashValue)
        #expect(try RelativeCapability(writer: Self.writer, mapKey: c.mapKey, bat: c.cap.bat, readBaseKey: SymmetricKey(bytes: Self.secret(13)),
                                       writeLink: writeLink) != relative)
        // The write key still comes back through the link.
        #expect(try relative.absolute(from: c.cap).writeBaseKey == SymmetricKey(bytes: Self.secret(12)))
    }

    @Test("SecretLink keeps its password in SecretBytes and prints #redacted; link gives the text")
    func secretLink() throws {
        let password = "abcDEF123456"
        let link = try SecretLink(owner: Self.owner, label: 77, linkPassword: password)
        let bytes = Array(password.utf8)
        Self.expectRedacted(link, "SecretLink", secrets: [bytes], texts: [password])
        #expect("\(link)" == "SecretLink(secret/\(Self.owner)/77#redacted)")
        #expect(link.link == "secret/\(Self.owner)/77#\(password)")
        #expect(link.linkPassword == password && link.password.copyBytes() == bytes)

        // Parsing, SecretBytes storage and creation all compare by the password's bytes.
        let parsed = try SecretLink(link: link.link)
        #expect(parsed == link && parsed.hashValue == link.hashValue)
        #expect(try SecretLink(owner: Self.owner, label: 77, password: SecretBytes(copying: bytes)) == link)
        #expect(try SecretLink(owner: Self.owner, label: 77, linkPassword: "abcDEF123457") != link)
        #expect(try SecretLink(owner: Self.owner, label: 78, linkPassword: password) != link)
        #expect(throws: CapabilityError.nonPositiveLabel("0")) { try SecretLink(owner: Self.owner, label: 0, password: SecretBytes(copying: bytes)) }

        let created = SecretLink.create(owner: Self.owner, random: SystemRandom.shared)
        #expect(created.password.count == SecretLink.passwordLength)
        #expect(created.password.copyBytes().allSatisfy { SecretLink.passwordAlphabet.contains($0) })
        Self.expectRedacted(created, "created SecretLink", secrets: [created.password.copyBytes()], texts: [created.linkPassword])
        #expect(try SecretLink(link: created.link) == created)
    }

    @Test("EncryptedCapability: the key from a link equals the key from its password; neither prints")
    func encryptedCapability() throws {
        let c = try Capability()
        let link = try SecretLink(owner: Self.owner, label: 4242, linkPassword: "Zx9Zx9Zx9Zx9")
        let key = try EncryptedCapability.key(password: link.linkPassword, label: "4242")
        #expect(try EncryptedCapability.key(link: link) == key)
        #expect(try EncryptedCapability.key(link: link, userPassword: "hunter2") == EncryptedCapability.key(password: "Zx9Zx9Zx9Zx9hunter2", label: "4242"))
        #expect(try EncryptedCapability.key(link: link, userPassword: "hunter2") != key)
        Self.expectRedacted(key, "link key", secrets: [key.secret.copyBytes()])

        let encrypted = try EncryptedCapability.create(c.cap, label: "4242", password: link.linkPassword, hasUserPassword: false, random: SystemRandom.shared)
        #expect(try encrypted.decrypt(link: link) == c.cap)
        #expect(try encrypted.decrypt(label: "4242", password: "Zx9Zx9Zx9Zx9") == c.cap)
        #expect(throws: CryptoError.decryptionFailed) { try encrypted.decrypt(link: link, userPassword: "x") }
        Self.expectRedacted(encrypted, "EncryptedCapability", secrets: c.secrets + [key.secret.copyBytes()], texts: ["Zx9Zx9Zx9Zx9"])
    }

    // MARK: - Cryptree

    @Test("FileProperties keeps its stream secret in SecretBytes: redacted, compared in constant time, same CBOR")
    func fileProperties() throws {
        let raw = Self.secret(20)
        let props = try FileProperties(name: "a.txt", isDirectory: false, mimeType: "text/plain", size: 5, modifiedSeconds: 1_700_000_000,
                                       createdSeconds: 1_700_000_000, streamSecret: SecretBytes(copying: raw))
        Self.expectRedacted(props, "FileProperties", secrets: [raw])
        #expect(props.streamSecret?.copyBytes() == raw)

        // The wire form is unchanged (`p` holds the bytes) and reads back equal.
        guard case .map(let m) = props.toCbor() else { Issue.record("not a map"); return }
        #expect(m["p"] == .bytes(raw))
        let read = try FileProperties(cborBytes: props.serialize())
        #expect(read == props && read.hashValue == props.hashValue)
        #expect(read.serialize() == props.serialize())
        // The array convenience init stores the same secret.
        let fromArray = try FileProperties(name: "a.txt", isDirectory: false, mimeType: "text/plain", size: 5, modifiedSeconds: 1_700_000_000,
                                           createdSeconds: 1_700_000_000, streamSecret: raw)
        #expect(fromArray == props)
        // Another secret, no secret, or another public field: unequal.
        var other = raw
        other[5] ^= 4
        #expect(try FileProperties(name: "a.txt", isDirectory: false, mimeType: "text/plain", size: 5, modifiedSeconds: 1_700_000_000,
                                   createdSeconds: 1_700_000_000, streamSecret: other) != props)
        #expect(try FileProperties(name: "a.txt", isDirectory: false, mimeType: "text/plain", size: 5, modifiedSeconds: 1_700_000_000,
                                   createdSeconds: 1_700_000_000) != props)
        #expect(try FileProperties(name: "b.txt", isDirectory: false, mimeType: "text/plain", size: 5, modifiedSeconds: 1_700_000_000,
                                   createdSeconds: 1_700_000_000, streamSecret: raw) != props)

        // The chunk chain gives the same locations from either form of the secret.
        let bat = try Bat(secret: Self.secret(21))
        let next = ChunkChain.next(streamSecret: try #require(read.streamSecret), mapKey: Self.secret(22), bat: bat)
        #expect(next.mapKey == Hash.sha256(raw + Self.secret(22)))
        let expectedBat = try Bat(secret: Hash.sha256(raw + Self.secret(21)))
        #expect(next.bat == expectedBat)
        Self.expectRedacted(next.bat as Any, "next chunk BAT", secrets: [Hash.sha256(raw + Self.secret(21)), raw, Self.secret(21)])
    }

    @Test("cryptree nodes and their blocks print no key, BAT, inline BAT id or stream secret")
    func cryptreeNode() throws {
        let random = SystemRandom.shared
        let c = try Capability()
        let streamSecret = Self.secret(30)
        let parentKey = try SymmetricKey(bytes: Self.secret(31)), dataKey = try SymmetricKey(bytes: Self.secret(32))
        let props = try FileProperties(name: "big.bin", isDirectory: false, mimeType: "application/octet-stream", size: 10_000,
                                       modifiedSeconds: 1, createdSeconds: 1, streamSecret: SecretBytes(copying: streamSecret))
        let nextChunk = try RelativeCapability(writer: nil, mapKey: Self.secret(33), bat: Bat(secret: Self.secret(34)), readBaseKey: parentKey)
        let inlineBat = try Bat(secret: Self.secret(35))
        let made = try CryptreeNode.fileChunk(parentKey: parentKey, dataKey: dataKey, properties: props, parent: nil, nextChunk: nextChunk,
                                              chunk: [UInt8](repeating: 7, count: 10_000), inlineBat: inlineBat, random: random)
        let secrets = [streamSecret, Self.secret(31), Self.secret(32), Self.secret(33), Self.secret(34), Self.secret(35)]
        Self.expectRedacted(made.node, "CryptreeNode", secrets: secrets + c.secrets,
                            texts: [inlineBat.inlineId.description, Multibase.base58btc.encodeWithoutPrefix(inlineBat.inlineId.bytes)])
        #expect("\(made.node)" == "CryptreeNode(bats: 1, fragments: 1)")
        #expect(made.node.bats == [inlineBat.inlineId])
        Self.expectRedacted(made.node.data, "FragmentedPaddedCipherText", secrets: secrets)
        let base = try made.node.readFromBase(parentKey)
        #expect(base.key == dataKey)
        Self.expectRedacted(base, "FromBase", secrets: secrets)
        let meta = try made.node.readFromParent(parentKey)
        #expect(meta.properties == props)
        Self.expectRedacted(meta, "FromParent", secrets: secrets)
    }

    // MARK: - Login and social

    @Test("LoginKeys print public keys only, whatever the output length, and compare by their secrets")
    func loginKeys() throws {
        for outputBytes in [64, 96] {
            let algorithm = SecretGenerationAlgorithm.scrypt(try .init(memoryCost: 15, cpuCost: 8, parallelism: 1, outputBytes: outputBytes, extraSalt: "salt"))
            let keys = try LoginKeys.derive(username: "alice", password: "correct horse", algorithm: algorithm)
            // The derived bytes, as upstream computes them, to look for.
            let k = try Scrypt.derive(password: Hash.sha256(Array("correct horse".utf8)), salt: Array("alicesalt".utf8),
                                      logN: 15, r: 8, p: 1, outputLength: outputBytes)
            #expect(Array(keys.signingKeyPair.secretKey.secret.copyBytes().prefix(32)) == Array(k[0..<32]))
            #expect(keys.rootKey.secret.copyBytes() == Array(k[(outputBytes - 32)...]))
            if outputBytes == 96 {
                guard case .curve25519(let boxing) = try #require(keys.boxingKeyPair).secretKey else { Issue.record("not Curve25519"); continue }
                #expect(boxing.secret.copyBytes() == Array(k[32..<64]))
            } else {
                #expect(keys.boxingKeyPair == nil)
            }
            let secrets = [k, Array(k[0..<32]), Array(k[32..<64]), Array(k[(outputBytes - 32)...]), keys.signingKeyPair.secretKey.secret.copyBytes(),
                           keys.rootKey.serialize(), Hash.sha256(Array("correct horse".utf8))]
            Self.expectRedacted(keys, "LoginKeys(\(outputBytes))", secrets: secrets, texts: ["correct horse"])
            let again = try LoginKeys.derive(username: "alice", password: "correct horse", algorithm: algorithm)
            #expect(again == keys && again.hashValue == keys.hashValue)
            #expect(try LoginKeys.derive(username: "alice", password: "correct horsf", algorithm: algorithm) != keys)
        }
    }

    @Test("EntryPoints and follow requests print no key, BAT or capability secret")
    func entryPointsAndFollowRequests() throws {
        let c = try Capability()
        let identity = try SigningKeyPair(seed: Self.secret(40))
        let boxing = try BoxingKeyPair.curve25519(secret: Self.secret(41))
        let entryPoints = EntryPoints(entries: [EntryPoint(capability: c.cap, ownerName: "alice")], boxingKeyPair: boxing, identity: identity)
        let secrets = c.secrets + [Self.secret(40), Self.secret(41), identity.secretKey.secret.copyBytes()]
        Self.expectRedacted(entryPoints, "EntryPoints", secrets: secrets)
        #expect(try EntryPoints(cborBytes: entryPoints.serialize()) == entryPoints)

        let replyKey = try SymmetricKey(bytes: Self.secret(42))
        let request = FollowRequest(entry: EntryPoint(capability: c.cap, ownerName: "alice"), key: replyKey)
        Self.expectRedacted(request, "FollowRequest", secrets: secrets + [Self.secret(42)])
        #expect(try FollowRequest(cborBytes: request.serialize()) == request)
        #expect(FollowRequest(entry: nil, key: replyKey) != FollowRequest(entry: nil, key: try SymmetricKey(bytes: Self.secret(43))))
        #expect(FollowRequest.rejection(from: "bob").isRejection)

        let target = BoxingKeyPair.randomCurve25519(using: SystemRandom.shared)
        let blind = try BlindFollowRequest.build(target: target.publicKey, request: request, random: SystemRandom.shared)
        #expect(try blind.decrypt(with: target.secretKey) == request)
        Self.expectRedacted(blind, "BlindFollowRequest", secrets: secrets + [Self.secret(42)])
    }
}
