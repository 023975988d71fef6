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
    ///
    /// A fragmented plaintext is never assembled: its padded CBOR (for a byte string, the head
    /// written here and the caller's bytes, shared) is sealed piece by piece straight into the
    /// fragment blocks (``SecretboxStream``), each block hashed for its CID as soon as it is full.
    /// The bytes are those of `crypto_secretbox_easy` over the padded CBOR (the vectors check).
    public static func build(key: SymmetricKey, plaintext: CborObject, random: RandomSource, mirrorBat: Cid? = nil) throws -> (cipherText: FragmentedPaddedCipherText, blocks: [[UInt8]]) {
        let nonce = SymmetricKey.createNonce(using: random)
        var message = PieceSequence()
        if case .bytes(let content) = plaintext {
            message.append(byteStringHead(content.count))
            message.append(content.array)
        } else {
            message.append(plaintext.serialize())
        }
        message.appendZeros(paddedLength(message.count) - message.count)
        let mac = SymmetricKey.macLength
        let cipherLength = mac + message.count
        let headerLength = cipherLength % paddingBlockSize
        if message.count <= paddingBlockSize + maxCborOverhead || headerLength < mac {
            // Inline (at most 4102 bytes), or a header shorter than the MAC (no padded length gives one).
            let ct = try key.encrypt(message.copy(0..<message.count), nonce: nonce)
            if message.count <= paddingBlockSize + maxCborOverhead {
                return (FragmentedPaddedCipherText(nonce: nonce, header: nil, fragments: [], bats: [], inlined: ct), [])
            }
            return try fragment(ct, headerLength: headerLength, nonce: nonce, random: random, mirrorBat: mirrorBat)
        }
        // Fragment bounds first, then one BAT each (drawn before any block is made, as before).
        let starts = Array(stride(from: headerLength, to: cipherLength, by: maxFragmentLength))
        let bats = starts.map { _ in Bat.random(using: random) }
        let stream = try SecretboxStream(key: key, nonce: nonce)
        // Ciphertext offset c holds message byte c - mac; the MAC is known only once all is sealed.
        let headerCipher = [UInt8](unsafeUninitializedCapacity: headerLength - mac) { buffer, initialized in
            seal(message, 0..<(headerLength - mac), with: stream, into: buffer.baseAddress)
            initialized = headerLength - mac
        }
        var blocks: [[UInt8]] = []
        var cids: [Cid] = []
        blocks.reserveCapacity(starts.count)
        cids.reserveCapacity(starts.count)
        for (bat, start) in zip(bats, starts) {
            let prefix = RawBlockPrefix.make(bat: bat, mirror: mirrorBat)
            let end = min(start + maxFragmentLength, cipherLength)
            let block = [UInt8](unsafeUninitializedCapacity: prefix.count + end - start) { buffer, initialized in
                let base = buffer.baseAddress!
                prefix.withUnsafeBufferPointer { base.update(from: $0.baseAddress!, count: prefix.count) }
                seal(message, (start - mac)..<(end - mac), with: stream, into: base + prefix.count)
                initialized = prefix.count + end - start
            }
            cids.append(try Cid.sha256(codec: .raw, digest: Hash.sha256(block)))
            blocks.append(block)
        }
        return (FragmentedPaddedCipherText(nonce: nonce, header: stream.tag() + headerCipher, fragments: cids,
                                           bats: bats.map(BatWithId.init(bat:)), inlined: nil), blocks)
    }

    /// Splits a whole ciphertext into its header and fragment blocks (the general form of what
    /// ``build(key:plaintext:random:mirrorBat:)`` does piece by piece).
    private static func fragment(_ ct: [UInt8], headerLength: Int, nonce: [UInt8], random: RandomSource, mirrorBat: Cid?) throws -> (cipherText: FragmentedPaddedCipherText, blocks: [[UInt8]]) {
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

    /// Seals message bytes `range`, in order, into `destination`.
    private static func seal(_ message: PieceSequence, _ range: Range<Int>, with stream: SecretboxStream, into destination: UnsafeMutablePointer<UInt8>?) {
        guard !range.isEmpty, let destination else { return }
        message.forEachRun(in: range) { source, length, offset in
            stream.seal(source, count: length, messageOffset: offset, into: destination + (offset - range.lowerBound))
        }
    }

    /// The CBOR head of a byte string of `count` bytes, in the shortest form `serialize()` writes.
    static func byteStringHead(_ count: Int) -> [UInt8] {
        let n = UInt64(count)
        switch n {
        case ..<24: return [0x40 | UInt8(n)]
        case ...0xff: return [0x58, UInt8(n)]
        case ...0xffff: return [0x59] + (0..<2).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
        case ...0xffff_ffff: return [0x5a] + (0..<4).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
        default: return [0x5b] + (0..<8).reversed().map { UInt8(truncatingIfNeeded: n >> (8 * UInt64($0))) }
        }
    }

    /// The (head length, content length) of a definite-length byte string whose head starts
    /// `bytes`, read as the upstream-compatible decoder reads it (non-minimal heads accepted); nil
    /// for anything else.
    static func byteStringExtent(_ bytes: [UInt8]) -> (head: Int, count: Int)? {
        guard let first = bytes.first, first >> 5 == 2 else { return nil }
        let info = Int(first & 0x1f)
        if info < 24 { return (1, info) }
        guard info <= 27 else { return nil }
        let width = 1 << (info - 24)
        guard bytes.count >= 1 + width else { return nil }
        var value: UInt64 = 0
        for i in 1...width { value = value << 8 | UInt64(bytes[i]) }
        guard value <= UInt64(Int.max / 2) else { return nil }
        return (1 + width, Int(value))
    }

    /// Decrypts, fetching fragments from `store`, and reads the plaintext CBOR (padding ignored).
    ///
    /// Fragmented ciphertext is authenticated and opened where it lies, in the fetched blocks
    /// (``SecretboxStream``), with the checks of ``SymmetricKey/decrypt(_:nonce:)`` in the same
    /// order and the same errors; a plaintext that is one byte string (a file chunk) is decrypted
    /// straight into the returned bytes. Nothing is decrypted before the tag has been checked.
    public func decrypt(key: SymmetricKey, store: BlockStore?) throws -> CborObject {
        var ct: [UInt8] = header ?? []
        if let inlined {
            ct += inlined
            return try CborObject.decode(try key.decrypt(ct, nonce: nonce), options: .upstreamCompatible)
        }
        var cipher = PieceSequence()
        cipher.append(ct)
        for cid in fragments {
            guard let block = try store?.get(cid) else { throw CryptreeError.missingFragment(cid.description) }
            cipher.append(block, try RawBlockPrefix.dataRange(of: block))
        }
        let mac = SymmetricKey.macLength
        guard ct.count >= mac else {
            // No fragments, or a MAC split between header and fragment: opened whole.
            return try CborObject.decode(try key.decrypt(cipher.copy(0..<cipher.count), nonce: nonce), options: .upstreamCompatible)
        }
        let stream = try SecretboxStream(key: key, nonce: nonce)
        cipher.forEachRun(in: mac..<cipher.count) { source, length, _ in stream.authenticate(source!, count: length) }
        guard stream.verify(tag: ct[0..<mac]) else { throw CryptoError.decryptionFailed }
        let messageLength = cipher.count - mac
        func open(_ range: Range<Int>, into destination: UnsafeMutablePointer<UInt8>) {
            cipher.forEachRun(in: (range.lowerBound + mac)..<(range.upperBound + mac)) { source, length, offset in
                stream.xor(source, count: length, messageOffset: offset - mac, into: destination + (offset - mac - range.lowerBound))
            }
        }
        let head = [UInt8](unsafeUninitializedCapacity: min(9, messageLength)) { buffer, initialized in
            if let base = buffer.baseAddress { open(0..<buffer.count, into: base) }
            initialized = buffer.count
        }
        if let (headLength, count) = Self.byteStringExtent(head), count <= messageLength - headLength {
            return .bytes([UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                if let base = buffer.baseAddress { open(headLength..<(headLength + count), into: base) }
                initialized = count
            })
        }
        let plain = [UInt8](unsafeUninitializedCapacity: messageLength) { buffer, initialized in
            if let base = buffer.baseAddress { open(0..<messageLength, into: base) }
            initialized = messageLength
        }
        return try CborObject.decode(plain, options: .upstreamCompatible)
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
        fragments = try f.compactMap { item in if case .link(let c) = item { return try Cid(bytes: c.array) } else { return nil } }
        inlined = f.lazy.compactMap { item -> [UInt8]? in if case .bytes(let b) = item { return b.array } else { return nil } }.first
        bats = try m["bats"]?.asList("bats").map(BatWithId.init(cbor:)) ?? []
        if inlined != nil && !fragments.isEmpty { throw CryptreeError.malformed("both inlined ciphertext and fragment links") }
    }
}
