import PeergosTestSupport
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import Testing

/// Decoding untrusted bytes never traps: cryptree nodes, capabilities, WriterData, login data,
/// PKI chains and pointer updates, mutated at random from valid encodings (seeded), either decode
/// to a value whose canonical form is stable or fail with a typed, coded error.
@Suite("Hostile protocol objects")
struct HostileDecodeTests {
    /// A valid encoding and a decoder that returns the canonical re-encoding of what it read.
    struct Sample {
        let name: String
        let bytes: [UInt8]
        let reencode: ([UInt8], CborDecodingOptions) throws -> [UInt8]
    }

    static func sample<T: CborEncodable & CborDecodable>(_ name: String, _ value: T) -> Sample {
        Sample(name: name, bytes: value.serialize()) { bytes, options in try T(cborBytes: bytes, options: options).serialize() }
    }

    static func bytes(_ n: Int, _ fill: UInt8) -> [UInt8] { (0..<n).map { UInt8(truncatingIfNeeded: $0 &* 13) ^ fill } }

    /// One valid value of each kind, built from fixed bytes (no randomness).
    static func samples() throws -> [Sample] {
        let signer = try SigningKeyPair(seed: bytes(32, 1))
        let other = try SigningKeyPair(seed: bytes(32, 2))
        let owner = signer.publicKey.publicKeyHash
        let writer = other.publicKey.publicKeyHash
        let key = try SymmetricKey(bytes: bytes(32, 3))
        let bat = try Bat(secret: bytes(32, 4))
        let cipher = try CipherText(nonce: bytes(24, 5), ciphertext: bytes(80, 6))
        let cap = try AbsoluteCapability(owner: owner, writer: writer, mapKey: bytes(32, 7), bat: bat, readBaseKey: key,
                                         writeBaseKey: SymmetricKey(bytes: bytes(32, 8)))
        let relative = try RelativeCapability(writer: writer, mapKey: bytes(32, 9), bat: bat, readBaseKey: key, writeLink: cipher)
        let fragment = try Cid.sha256(codec: .raw, digest: Hash.sha256([1]))
        let inline = FragmentedPaddedCipherText(nonce: bytes(24, 10), header: nil, fragments: [], bats: [], inlined: bytes(64, 11))
        let fragmented = FragmentedPaddedCipherText(nonce: bytes(24, 12), header: bytes(22, 13), fragments: [fragment, fragment],
                                                    bats: [BatWithId(bat: bat), BatWithId(bat: bat)], inlined: nil)
        let props = try FileProperties(name: "a.txt", isDirectory: false, mimeType: "text/plain", size: 5_000_000, modifiedSeconds: 1_700_000_000,
                                       modifiedNanos: 5, createdSeconds: 1_600_000_000, thumbnail: ("image/png", bytes(40, 14)),
                                       streamSecret: bytes(32, 15))
        let node = CryptreeNode(bats: [bat.inlineId], fromBase: cipher, fromParent: cipher, data: fragmented)
        let scrypt = SecretGenerationAlgorithm.default(extraSalt: "salt")
        let tree = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([2]))
        let writerData = WriterData(controller: owner, algorithm: scrypt, publicRoot: tree, followRequestReceiver: writer, ownedKeys: tree,
                                    namedOwnedKeys: ["pki": OwnerProof(owned: writer, signedOwner: bytes(109, 16))],
                                    staticData: UserStaticData(cipherText: cipher), tree: tree, secretLinks: tree)
        let entry = EntryPoint(capability: cap, ownerName: "alice")
        let login = LoginData(username: "alice", entryPoints: UserStaticData(cipherText: cipher), authorisedReader: signer.publicKey,
                              identityUpdate: (BlockWrite(writer: owner, signature: bytes(64, 17), block: bytes(50, 18), isRaw: false),
                                               PointerWrite(writer: owner, signedUpdate: bytes(120, 19))))
        let expiry = try PKIDate("2030-06-15")
        let claim = UsernameClaim.build(username: "alice", expiry: expiry, storageProviders: [bytes(34, 20)], signer: signer.secretKey)
        let chain = [UserPublicKeyLink(owner: writer, claim: UsernameClaim(username: "alice", expiry: .max, storageProviders: [], signedContents: bytes(90, 21)),
                                       keyChangeProof: bytes(109, 22)),
                     UserPublicKeyLink(owner: owner, claim: claim)]
        let pointer = try PointerUpdate(original: tree, updated: fragment, sequence: 7)
        return [
            sample("AbsoluteCapability", cap), sample("RelativeCapability", relative), sample("EntryPoint", entry),
            sample("SecretLinkTarget", SecretLinkTarget(capability: EncryptedCapability(cipherText: cipher, hasUserPassword: true), expiry: 99, maxRetrievals: 3)),
            sample("CryptreeNode", node), sample("FileProperties", props), sample("FragmentedPaddedCipherText inline", inline),
            sample("FromBase", CryptreeNode.FromBase(key: key, signerLink: cipher, nextChunk: relative)),
            sample("FromParent", CryptreeNode.FromParent(parent: relative, properties: props)),
            sample("WriterData", writerData), sample("LoginData", login),
            sample("EntryPoints", EntryPoints(entries: [entry, entry], boxingKeyPair: nil, identity: nil)),
            Sample(name: "PKI chain", bytes: PKIChainBlock.encode(chain)) { b, _ in PKIChainBlock.encode(try PKIChainBlock.decode(b)) },
            sample("PointerUpdate", pointer),
        ]
    }


    @Test("random mutations of valid objects decode to a stable canonical form or fail with a coded error")
    func randomMutations() throws {
        let seed: UInt64 = 0x5eed_0000_8005
        var rng = SeededGenerator(seed: seed)
        for sample in try Self.samples() {
            // The unmutated bytes decode and re-encode to themselves.
            #expect(try sample.reencode(sample.bytes, .strict) == sample.bytes, "\(sample.name)")
            var refused = 0
            for round in 0..<1_500 {
                let context = "\(sample.name), seed \(String(seed, radix: 16)) round \(round)"
                var block = sample.bytes
                for _ in 0..<(1 + rng.below(3)) {
                    switch rng.below(6) {
                    case 0, 1: block[rng.below(block.count)] = UInt8(truncatingIfNeeded: rng.next())
                    case 2: block[rng.below(block.count)] ^= UInt8(1) << UInt8(rng.below(8))
                    case 3: block.insert(UInt8(truncatingIfNeeded: rng.next()), at: rng.below(block.count + 1))
                    case 4: block[rng.below(block.count)] = [0x00, 0x17, 0x18, 0x1b, 0x5b, 0x7b, 0x9b, 0xbb, 0xff][rng.below(9)]
                    default: if block.count > 1 { block.removeSubrange(rng.below(block.count)...) }
                    }
                    if block.isEmpty { block = [0xf6] }
                }
                for options in [CborDecodingOptions.strict, .upstreamCompatible] {
                    do {
                        let canonical = try sample.reencode(block, options)
                        #expect(try sample.reencode(canonical, .strict) == canonical, "re-encoding is not stable (\(context))")
                    } catch {
                        refused += 1
                        let code = CodedErrors.code(of: error)
                        #expect(!code.hasPrefix("unknown."), "untyped error \(error) (\(context))")
                    }
                }
            }
            #expect(refused > 0, "\(sample.name): no mutation was refused (seed \(String(seed, radix: 16)))")
        }
    }

    @Test("WriterData refuses named keys that a Swift dictionary would merge")
    func namedKeysByCodeUnits() throws {
        let owner = try SigningKeyPair(seed: Self.bytes(32, 1)).publicKey.publicKeyHash
        let proof = OwnerProof(owned: owner, signedOwner: [1, 2, 3]).toCbor()
        // "\u{E9}" and "e\u{301}" are different CBOR keys (as in Java) but one Swift dictionary key.
        let named = CborObject.map(try CborMap([("\u{E9}", proof), ("e\u{301}", proof)]))
        let cbor = CborObject.map(["controller": owner.toCbor(), "named": named])
        #expect(throws: CborSchemaError.duplicateKey("e\u{301}")) { try WriterData(cbor: cbor) }
        // One of them alone is fine.
        let single = CborObject.map(["controller": owner.toCbor(), "named": .map(["e\u{301}": proof])])
        #expect(try WriterData(cbor: single).namedOwnedKeys.count == 1)
    }
}

/// Arithmetic on untrusted numbers cannot trap (issue 8, item 8).
@Suite("Untrusted numbers")
struct UntrustedNumberTests {
    @Test("a pointer at sequence Int64.max cannot move: next() throws, and the validator refuses every update")
    func pointerSequenceAtMaximum() throws {
        let writer = try SigningKeyPair(seed: HostileDecodeTests.bytes(32, 1))
        let a = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([1]))
        let b = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([2]))
        let atMax = try PointerUpdate(original: nil, updated: a, sequence: Int64.max)
        #expect(throws: PointerError.sequenceExhausted) { try PointerUpdate.next(after: atMax, to: b) }
        #expect(PointerError.sequenceExhausted.code == "pointer.sequence_exhausted")
        // One below the maximum still moves, to exactly Int64.max.
        let belowMax = try PointerUpdate(original: nil, updated: a, sequence: Int64.max - 1)
        #expect(try PointerUpdate.next(after: belowMax, to: b).sequence == Int64.max)
        // A signed update reaching Int64.max is accepted; nothing is accepted after it. (A 9-byte
        // sequence fits the 147-byte limit only with one side null: upstream's MAX_POINTER_SIZE
        // leaves no room for two CIDs and a sequence of 2^32 or more.)
        func validate(_ update: PointerUpdate, current: PointerUpdate?) -> Result<PointerUpdate, PointerRefusal> {
            PointerValidator.validate(signed: writer.signMessage(update.serialize()), writer: writer.publicKey.publicKeyHash,
                                      writerKey: writer.publicKey, current: current, updatedController: writer.publicKey.publicKeyHash)
        }
        let cleared = try PointerUpdate(original: a, updated: nil, sequence: Int64.max - 1)
        let toMax = try PointerUpdate(original: nil, updated: b, sequence: Int64.max)
        #expect(validate(toMax, current: cleared) == .success(toMax))
        let again = try PointerUpdate(original: b, updated: nil, sequence: Int64.max)
        #expect(validate(again, current: toMax) == .failure(.sequenceNotIncreasing))
        let wrapped = try PointerUpdate(original: b, updated: nil, sequence: Int64.min)
        #expect(validate(wrapped, current: toMax) == .failure(.sequenceNotIncreasing))
        #expect(validate(try PointerUpdate(original: a, updated: b, sequence: Int64.max), current: belowMax) == .failure(.oversize))
    }

    @Test("a negative chunk index is refused")
    func chunkIndex() throws {
        let secret = [UInt8](repeating: 9, count: 32), mapKey = [UInt8](repeating: 1, count: 32)
        #expect(throws: CryptreeError.invalidChunkIndex(-1)) { try ChunkChain.location(index: -1, streamSecret: secret, mapKey: mapKey, bat: nil) }
        #expect(throws: CryptreeError.invalidChunkIndex(Int.min)) { try ChunkChain.location(index: Int.min, streamSecret: secret, mapKey: mapKey, bat: nil) }
        #expect(try ChunkChain.location(index: 0, streamSecret: secret, mapKey: mapKey, bat: nil).mapKey == mapKey)
    }

    @Test("PKI dates at the edges of Int are refused, not trapped on")
    func pkiDateExtremes() {
        #expect(throws: PKIError.invalidDate("\(Int.min)-1-1")) { try PKIDate(year: Int.min, month: 1, day: 1) }
        #expect(throws: PKIError.invalidDate("\(Int.max)-1-1")) { try PKIDate(year: Int.max, month: 1, day: 1) }
        #expect(throws: PKIError.invalidDate("9223372036854775807-1-1")) { try PKIDate("+9223372036854775807-01-01") }
        #expect(throws: PKIError.invalidDate("-9223372036854775808-01-01")) { try PKIDate("-9223372036854775808-01-01") }
        #expect(throws: PKIError.invalidDate("+99999999999999999999999-01-01")) { try PKIDate("+99999999999999999999999-01-01") }
    }

    @Test("scrypt parameters from a published algorithm are bounded before any arithmetic")
    func loginParameters() {
        for hostile in [Int64.max, Int64.min, -1, 1 << 21] {
            let cbor = CborObject.map(["type": .integer(1), "m": .integer(hostile), "c": .integer(8), "p": .integer(1), "o": .integer(64), "s": .text("")])
            #expect(throws: CborSchemaError.invalidValue("m = \(hostile)")) { try SecretGenerationAlgorithm(cbor: cbor) }
        }
    }
}
