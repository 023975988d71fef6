import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage
import PeergosVectors
import Testing

/// Fragmented ciphertext is sealed and opened in pieces, straight into and out of its blocks: the
/// bytes must be those of secretbox over the whole padded CBOR, and reading must refuse exactly
/// what reading the concatenated ciphertext refused.
@Suite("Fragmented ciphertext in pieces")
struct FragmentedCipherTextStreamTests {
    static let key = try! SymmetricKey(bytes: (0..<32).map { UInt8(200 - $0) })

    /// Header ‖ each block's data: the whole ciphertext the pieces make.
    static func joined(_ ct: FragmentedPaddedCipherText, _ blocks: [[UInt8]]) throws -> [UInt8] {
        try (ct.header ?? []) + blocks.flatMap { try RawBlockPrefix.strip($0) }
    }

    static func store(_ blocks: [[UInt8]]) throws -> InMemoryBlockStore {
        let store = InMemoryBlockStore()
        for b in blocks { _ = try store.put(b, codec: .raw) }
        return store
    }

    @Test("byte strings at every head size and fragment edge, and a list, seal to secretbox of the padded CBOR",
          arguments: [4100, 65_535 - 3, 65_536, (1 << 20) - 40, (1 << 20) + 100, 5 * 1024 * 1024])
    func bytesMatchWholeSecretbox(length: Int) throws {
        let content = DetRandom(label: "fragmented-\(length)").bytes(length)
        try checkAgainstWhole(.bytes(content))
    }

    @Test("a plaintext that is not a byte string seals and opens the same way")
    func listMatchesWholeSecretbox() throws {
        let items = (0..<3000).map { CborObject.text("child-\($0)") }
        try checkAgainstWhole(.list(items))
    }

    func checkAgainstWhole(_ plaintext: CborObject) throws {
        let random = DetRandom(label: "fragmented-nonce")
        let (ct, blocks) = try FragmentedPaddedCipherText.build(key: Self.key, plaintext: plaintext, random: random)
        #expect(!ct.fragments.isEmpty, "fragmented, not inlined")
        var padded = plaintext.serialize()
        padded += [UInt8](repeating: 0, count: FragmentedPaddedCipherText.paddedLength(padded.count) - padded.count)
        let nonce = DetRandom(label: "fragmented-nonce").bytes(24)
        #expect(ct.nonce == nonce)
        #expect(try Self.joined(ct, blocks) == (try Self.key.encrypt(padded, nonce: nonce)))
        for (cid, block) in zip(ct.fragments, blocks) {
            #expect(cid == (try Cid.sha256(codec: .raw, digest: Hash.sha256(block))))
        }
        #expect(try ct.decrypt(key: Self.key, store: try Self.store(blocks)) == plaintext)
    }

    /// A fragmented ciphertext object over `padded` (any plaintext bytes), split as build splits.
    static func fragmentedOver(_ padded: [UInt8]) throws -> (FragmentedPaddedCipherText, InMemoryBlockStore) {
        let nonce = [UInt8](repeating: 5, count: 24)
        let ct = try key.encrypt(padded, nonce: nonce)
        let headerLength = 22
        var blocks: [[UInt8]] = []
        for start in stride(from: headerLength, to: ct.count, by: FragmentedPaddedCipherText.maxFragmentLength) {
            blocks.append(RawBlockPrefix.make(bat: Bat.random(using: DetRandom(label: "bat-\(start)"))) + ct[start..<min(start + FragmentedPaddedCipherText.maxFragmentLength, ct.count)])
        }
        let store = try store(blocks)
        let cids = try blocks.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }
        return (FragmentedPaddedCipherText(nonce: nonce, header: Array(ct[..<headerLength]), fragments: cids, bats: [], inlined: nil), store)
    }

    @Test("a non-minimal byte-string head, and a head longer than the plaintext, read as the decoder reads them")
    func headsReadAsTheDecoder() throws {
        var padded = [UInt8](repeating: 0, count: 8192 + 6)
        // 0x5a with a 4-byte length of 300: not minimal, accepted by upstream-compatible reading.
        padded.replaceSubrange(0..<5, with: [0x5a, 0, 0, 0x01, 0x2c])
        for i in 5..<305 { padded[i] = UInt8(i % 251) }
        let (ct, store) = try Self.fragmentedOver(padded)
        #expect(try ct.decrypt(key: Self.key, store: store) == (try CborObject.decode(padded, options: .upstreamCompatible)))
        #expect(try ct.decrypt(key: Self.key, store: store) == .bytes(Array(padded[5..<305])))

        var tooLong = padded
        tooLong.replaceSubrange(0..<5, with: [0x5a, 0, 1, 0, 0])
        let (long, longStore) = try Self.fragmentedOver(tooLong)
        var expected: CborError?
        do { _ = try CborObject.decode(tooLong, options: .upstreamCompatible) } catch let e as CborError { expected = e }
        #expect(expected != nil)
        #expect(throws: expected!) { try long.decrypt(key: Self.key, store: longStore) }
    }

    @Test("a tampered fragment is decryptionFailed; a missing one missingFragment; a wrong key decryptionFailed; a bad prefix badRawBlockPrefix")
    func refusals() throws {
        let content = DetRandom(label: "fragmented-refusals").bytes(3 << 20)
        let (ct, blocks) = try FragmentedPaddedCipherText.build(key: Self.key, plaintext: .bytes(content), random: DetRandom(label: "r"))
        var tampered = blocks
        tampered[2][tampered[2].count - 1] ^= 1
        let tamperedStore = try Self.store(tampered)
        let relinked = FragmentedPaddedCipherText(nonce: ct.nonce, header: ct.header,
                                                  fragments: try tampered.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) },
                                                  bats: ct.bats, inlined: nil)
        #expect(throws: CryptoError.decryptionFailed) { try relinked.decrypt(key: Self.key, store: tamperedStore) }
        #expect(throws: CryptoError.decryptionFailed) { try ct.decrypt(key: try SymmetricKey(bytes: [UInt8](repeating: 1, count: 32)), store: try Self.store(blocks)) }
        #expect(throws: CryptreeError.missingFragment(ct.fragments[1].description)) { try ct.decrypt(key: Self.key, store: try Self.store([blocks[0]])) }
        var badPrefix = blocks
        badPrefix[0][0] ^= 0xff
        let badStore = try Self.store(badPrefix)
        let badLinked = FragmentedPaddedCipherText(nonce: ct.nonce, header: ct.header,
                                                   fragments: try badPrefix.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) },
                                                   bats: ct.bats, inlined: nil)
        #expect(throws: CryptreeError.badRawBlockPrefix) { try badLinked.decrypt(key: Self.key, store: badStore) }
        let shortNonce = FragmentedPaddedCipherText(nonce: Array(ct.nonce.prefix(23)), header: ct.header, fragments: ct.fragments, bats: ct.bats, inlined: nil)
        #expect(throws: CryptoError.invalidLength(what: "secretbox nonce", expected: 24, actual: 23)) {
            try shortNonce.decrypt(key: Self.key, store: try Self.store(blocks))
        }
    }
}
