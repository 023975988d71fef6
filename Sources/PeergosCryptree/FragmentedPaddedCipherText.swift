import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// Encrypted file data or directory children: the plaintext CBOR is zero-padded, encrypted, and
/// either inlined or split into fragments stored as raw blocks.
///
/// CBOR: inline `{f: [bytes ciphertext], n: nonce}`; fragmented
/// `{f: [links…], h: header, n: nonce, bats: [BatWithId…]}`.
///
/// Padding: with 6 bytes of CBOR overhead allowed for when the plaintext exceeds 4096 bytes,
/// `(len − overhead)` is rounded up to a multiple of 4096 and the overhead added back. Padded
/// plaintexts up to 4102 bytes are inlined; longer ones keep `ct.count mod 4096` bytes (the MAC
/// and overhead, usually 22) as the header and split the rest into fragments of at most 1 MiB.
public struct FragmentedPaddedCipherText: Hashable, Sendable, CborCodable {
    public static let paddingBlockSize = 4096
    public static let maxFragmentLength = 1 << 20
    public static let maxCborOverhead = 6

    public let nonce: [UInt8]
    public let header: [UInt8]?
    public let fragments: [Cid]
    public let bats: [BatWithId]
    public let inlined: [UInt8]?

    public init(nonce: [UInt8], header: [UInt8]?, fragments: [Cid], bats: [BatWithId], inlined: [UInt8]?) {
        self.nonce = nonce
        self.header = header
        self.fragments = fragments
        self.bats = bats
        self.inlined = inlined
    }

    /// The padded length of a plaintext of `length` bytes.
    public static func paddedLength(_ length: Int) -> Int {
        let overhead = length <= paddingBlockSize ? 0 : maxCborOverhead
        return (length - overhead + paddingBlockSize - 1) / paddingBlockSize * paddingBlockSize + overhead
    }

    /// Encrypts `plaintext` (a CBOR value) under `key`. Draws the nonce, then one BAT per fragment.
    /// Returns the ciphertext object and the fragment blocks (prefixed) to store.
    public static func build(key: SymmetricKey, plaintext: CborObject, random: RandomSource, mirrorBat: Cid? = nil) throws -> (cipherText: FragmentedPaddedCipherText, blocks: [[UInt8]]) {
        let nonce = SymmetricKey.createNonce(using: random)
        var padded = plaintext.serialize()
        padded.append(contentsOf: repeatElement(0, count: paddedLength(padded.count) - padded.count))
        let ct = try key.encrypt(padded, nonce: nonce)
        if padded.count <= paddingBlockSize + maxCborOverhead {
            return (FragmentedPaddedCipherText(nonce: nonce, header: nil, fragments: [], bats: [], inlined: ct), [])
        }
        let headerLength = ct.count % paddingBlockSize
        // Fragment bounds first, then one BAT each (drawn before any block is made, as before),
        // then each block straight from the ciphertext: no intermediate copy of the pieces.
        let starts = Array(stride(from: headerLength, to: ct.count, by: maxFragmentLength))
        let bats = starts.map { _ in Bat.random(using: random) }
        var blocks: [[UInt8]] = []
        var cids: [Cid] = []
        for (bat, start) in zip(bats, starts) {
            var block = RawBlockPrefix.make(bat: bat, mirror: mirrorBat)
            block.append(contentsOf: ct[start..<min(start + maxFragmentLength, ct.count)])
            blocks.append(block)
            cids.append(try Cid.sha256(codec: .raw, digest: Hash.sha256(block)))
        }
        return (FragmentedPaddedCipherText(nonce: nonce, header: Array(ct[..<headerLength]), fragments: cids,
                                           bats: bats.map(BatWithId.init(bat:)), inlined: nil), blocks)
    }

    /// Decrypts, fetching fragments from `store`, and reads the plaintext CBOR (padding ignored).
    public func decrypt(key: SymmetricKey, store: BlockStore?) throws -> CborObject {
        var ct: [UInt8] = header ?? []
        if let inlined {
            ct += inlined
        } else {
            for cid in fragments {
                guard let block = try store?.get(cid) else { throw CryptreeError.missingFragment(cid.description) }
                ct += try RawBlockPrefix.strip(block)
            }
        }
        return try CborObject.decode(try key.decrypt(ct, nonce: nonce), options: .upstreamCompatible)
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["n": .bytes(nonce)]
        if let header { m["h"] = .bytes(header) }
        if let inlined {
            m["f"] = .list([.bytes(inlined)])
        } else {
            m["f"] = .list(fragments.map { .link($0.bytes) })
            m["bats"] = .list(bats.map { $0.toCbor() })
        }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("FragmentedPaddedCipherText")
        nonce = try m.required("n").asBytes("n")
        header = try m["h"]?.asBytes("h")
        let f = try m.required("f").asList("f")
        fragments = try f.compactMap { item in if case .link(let c) = item { return try Cid(bytes: c) } else { return nil } }
        inlined = f.lazy.compactMap { item -> [UInt8]? in if case .bytes(let b) = item { return b } else { return nil } }.first
        bats = try m["bats"]?.asList("bats").map(BatWithId.init(cbor:)) ?? []
        if inlined != nil && !fragments.isEmpty { throw CryptreeError.malformed("both inlined ciphertext and fragment links") }
    }
}
