import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import Testing

@Suite("Varint")
struct VarintTests {
    @Test("encodes and decodes at the 7-bit boundaries")
    func boundaries() throws {
        let cases: [(UInt64, [UInt8])] = [(0, [0]), (127, [0x7f]), (128, [0x80, 0x01]), (300, [0xac, 0x02]), (16383, [0xff, 0x7f]), (16384, [0x80, 0x80, 0x01]),
                                          (UInt64.max, [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01])]
        for (value, bytes) in cases {
            #expect(Varint.encode(value) == bytes)
            let (decoded, length) = try Varint.decode(bytes + [0x55], at: 0)
            #expect(decoded == value)
            #expect(length == bytes.count)
        }
    }

    @Test("refuses truncated, non-minimal, too long and overflowing input")
    func refusals() {
        #expect(throws: MultiformatsError.truncatedVarint) { try Varint.decode([0x80], at: 0) }
        #expect(throws: MultiformatsError.truncatedVarint) { try Varint.decode([UInt8](), at: 0) }
        #expect(throws: MultiformatsError.nonMinimalVarint) { try Varint.decode([0x81, 0x00], at: 0) }
        #expect(throws: MultiformatsError.varintOverflow) { try Varint.decode([UInt8](repeating: 0xff, count: 9) + [0x02], at: 0) }
        #expect(throws: MultiformatsError.varintTooLong) { try Varint.decode([UInt8](repeating: 0xff, count: 10) + [0x01], at: 0) }
    }
}

@Suite("Multibase")
struct MultibaseTests {
    /// The multibase specification's test vector "yes mani !" (multiformats/multibase tests/).
    @Test("the multibase spec's \"yes mani !\" in each base")
    func specVector() throws {
        let data = Array("yes mani !".utf8)
        let expected: [(Multibase, String)] = [
            (.base58btc, "z7paNL19xttacUY"), (.base32, "bpfsxgidnmfxgsibb"), (.base32Upper, "BPFSXGIDNMFXGSIBB"),
            (.base16, "f796573206d616e692021"), (.base16Upper, "F796573206D616E692021"), (.base36, "k2lcpzo5yikidynfl"),
            (.base64, "meWVzIG1hbmkgIQ"), (.base64Pad, "MeWVzIG1hbmkgIQ=="), (.base64URL, "ueWVzIG1hbmkgIQ"), (.base64URLPad, "UeWVzIG1hbmkgIQ=="),
        ]
        for (base, text) in expected {
            #expect(Multibase.encode(data, base) == text)
            #expect(try Multibase.decode(text) == data)
        }
    }

    @Test("random bytes, including leading zeros, round-trip through every base")
    func roundTrips() throws {
        var state: UInt64 = 1
        for n in 0..<40 {
            let bytes = [UInt8](repeating: 0, count: n % 4) + (0..<n).map { _ in
                state = state &* 6364136223846793005 &+ 1
                return UInt8(truncatingIfNeeded: state >> 33)
            }
            for base in Multibase.allCases {
                #expect(try Multibase.decode(Multibase.encode(bytes, base)) == bytes, "\(base) of \(bytes)")
            }
        }
    }

    @Test("untrusted text is refused with a typed error")
    func refusals() {
        #expect(throws: MultiformatsError.emptyInput) { try Multibase.decode("") }
        #expect(throws: MultiformatsError.unknownMultibasePrefix("x")) { try Multibase.decode("xabc") }
        #expect(throws: MultiformatsError.invalidCharacter(base: "base58btc")) { try Multibase.decode("z0OIl") }
        #expect(throws: MultiformatsError.invalidCharacter(base: "base32")) { try Multibase.decode("b1") }
        #expect(throws: MultiformatsError.invalidCharacter(base: "base16")) { try Multibase.decode("fzz") }
    }
}

@Suite("CID and PublicKeyHash")
struct CidTests {
    @Test("casting bytes refuses bad digests, trailing bytes, unknown versions and codecs")
    func castRefusals() {
        let digest = [UInt8](repeating: 0xab, count: 32)
        let good: [UInt8] = [0x01, 0x71, 0x12, 0x20] + digest
        #expect(throws: MultiformatsError.invalidDigestLength(type: "sha2_256", length: 31)) { try Cid(bytes: [0x01, 0x71, 0x12, 0x1f] + digest.dropLast()) }
        #expect(throws: MultiformatsError.self) { try Cid(bytes: good + [0]) }
        #expect(throws: MultiformatsError.unsupportedCidVersion(2)) { try Cid(bytes: [0x02] + good.dropFirst()) }
        #expect(throws: MultiformatsError.unknownCodec(0x99)) { try Cid(bytes: [0x01, 0x99, 0x01, 0x12, 0x20] + digest) }
        #expect(throws: MultiformatsError.unknownMultihashType(0x15)) { try Cid(bytes: [0x01, 0x71, 0x15, 0x20] + digest) }
        #expect(throws: MultiformatsError.self) { try Cid(string: "z") }
    }

    @Test("the PublicKeyHash of the RFC 8032 test-1 key is the identity CID of its CBOR")
    func publicKeyHash() throws {
        let pk = [UInt8](hexString: "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a")
        let pkh = try PublicKeyHash(keyCbor: [0x82, 0x01, 0x58, 0x20] + pk)
        #expect(pkh.bytes == [0x01, 0x71, 0x00, 0x24, 0x82, 0x01, 0x58, 0x20] + pk)
        #expect(pkh.serialize() == [0xd8, 0x2a, 0x58, 0x29, 0x00] + pkh.bytes)
        #expect(try PublicKeyHash(cid: Cid(string: pkh.description)) == pkh)
        // A blake2b-named key is not acceptable as a PublicKeyHash.
        let unsafe = Cid(codec: .dagCbor, multihash: try Multihash(type: .blake2b_512, digest: [UInt8](repeating: 1, count: 64)))
        #expect(throws: MultiformatsError.unsafePublicKeyHash) { try PublicKeyHash(cid: unsafe) }
    }

    @Test("PublicKeyHash.NULL is the dag-cbor sha2-256 CID of 32 zero bytes")
    func nullHash() throws {
        #expect(PublicKeyHash.null.cid == (try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([UInt8](repeating: 0, count: 32)))))
    }

    @Test("tag 42 over a CID string decodes upstream-compatibly, and is refused in strict mode")
    func textLinks() throws {
        let text = "zdpuAoStiTAjdepMR7C7uVZUpQNChA2kLDmMMj1faemPzZwMu"
        let bytes: [UInt8] = [0xd8, 0x2a, 0x78, UInt8(text.utf8.count)] + Array(text.utf8)
        let decoded = try CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks)
        #expect(decoded == .link(try Cid(string: text).bytes))
        #expect(throws: CborError(.invalidLink, at: 2)) { try CborObject.decode(bytes, options: .strict) }
        #expect(throws: CborError(.invalidLink, at: 2)) {
            try CborObject.decode([0xd8, 0x2a, 0x63] + Array("zzz".utf8), options: .upstreamCompatibleWithTextLinks)
        }
    }
}

extension Array where Element == UInt8 {
    init(hexString: String) {
        var out: [UInt8] = []
        var it = hexString.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(UInt8(String([a, b]), radix: 16)!) }
        self = out
    }
}
