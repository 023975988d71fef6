import CSodium
import Crypto
import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMLKEM
import PeergosMultiformats
import PeergosStorage

/// Workload 6 of WORKLOADS.md (mlkem1024) and whole-file encryption.
enum ProtocolWorkloads {
    // MARK: mlkem1024

    static func mlkem(_ harness: Harness) throws -> [Ratio] {
        let d = seq(32, 256), z = [UInt8](seq(32, 256).reversed()), m = [UInt8](repeating: 7, count: 32)
        let pair = try MLKEM1024.keyPair(d: d, z: z)
        let (secret, ciphertext) = try MLKEM1024.encapsulate(to: pair.encapsulationKey, entropy: m)
        let n = 300
        var sink = 0
        let keygen = Figure(workload: "mlkem1024", implementation: "swift-peergos", metric: "keygen", samples: try harness.rates(operations: Double(n)) {
            for _ in 0..<n { sink &+= Int(try MLKEM1024.keyPair(d: d, z: z).encapsulationKey.bytes[0]) }
        }, unit: "ops/s")
        let encaps = Figure(workload: "mlkem1024", implementation: "swift-peergos", metric: "encaps", samples: try harness.rates(operations: Double(n)) {
            for _ in 0..<n { sink &+= Int(try MLKEM1024.encapsulate(to: pair.encapsulationKey, entropy: m).sharedSecret[0]) }
        }, unit: "ops/s")
        var opened: [UInt8] = []
        let decaps = Figure(workload: "mlkem1024", implementation: "swift-peergos", metric: "decaps", samples: try harness.rates(operations: Double(n)) {
            for _ in 0..<n { opened = try MLKEM1024.decapsulate(ciphertext, with: pair.decapsulationKey) }
        }, unit: "ops/s")
        guard opened == secret else { throw WorkloadMismatch(description: "mlkem1024: decapsulation gave another secret") }
        if sink == 42 { print("") }
        let upstream: [String: Double] = ["keygen": 1_880, "encaps": 1_770, "decaps": 1_122]
        for f in [keygen, encaps, decaps] { f.print() }
        return [keygen, encaps, decaps].map {
            Ratio(workload: "mlkem1024", metric: $0.metric, ours: $0, baseline: "upstream-java", baselineMedian: upstream[$0.metric] ?? 1, target: 1, lowerIsBetter: false)
        }
    }

    // MARK: whole-file encryption

    /// A 64 MiB file through the cryptree (5 MiB chunks, padding, fragments, BAT prefixes, CIDs)
    /// against, in the same run, raw secretbox of the same bytes (context) and the limit for a file:
    /// secretbox plus the fastest SHA-256 (swift-crypto) of every block written (encrypt) or read and
    /// checked against its CID (decrypt). Our decrypt reads through ``VerifyingBlockStore``, so it
    /// checks every fragment's hash against its CID as a client must.
    ///
    /// `PEERGOS_BENCH_FILE_MIB` (hidden, for profiling under valgrind) sets another size in MiB.
    static func file64(_ harness: Harness) throws -> [Ratio] {
        let mebibytes = ProcessInfo.processInfo.environment["PEERGOS_BENCH_FILE_MIB"].flatMap(Int.init) ?? 64
        let size = max(1, mebibytes) * 1024 * 1024
        if size != 64 * 1024 * 1024 { print("# file_64MiB measured at \(max(1, mebibytes)) MiB (PEERGOS_BENCH_FILE_MIB)") }
        let content = seq(size, 251)
        let key = SymmetricKey.random(using: SystemRandom.shared)
        let random = SystemRandom.shared
        let megabytes = Double(size) / 1e6
        let slow = Harness(runs: max(3, harness.runs / 2))
        var fragments: [[UInt8]] = []
        var cipherTexts: [FragmentedPaddedCipherText] = []
        let encrypt = Figure(workload: "file_64MiB", implementation: "swift-peergos", metric: "encrypt", samples: try slow.rates(operations: 1, scale: megabytes) {
            fragments = []
            cipherTexts = []
            var offset = 0
            while offset < size {
                let chunk = Array(content[offset..<min(offset + ChunkChain.chunkSize, size)])
                let (ct, blocks) = try FragmentedPaddedCipherText.build(key: key, plaintext: .bytes(chunk), random: random)
                cipherTexts.append(ct)
                fragments += blocks
                offset += ChunkChain.chunkSize
            }
        }, unit: "MB/s")
        let inner = InMemoryBlockStore()
        for f in fragments { _ = try inner.put(f, codec: .raw) }
        let store = VerifyingBlockStore(inner)
        // The file is read back into one buffer allocated once, as the limit opens into one.
        var read: [UInt8] = []
        read.reserveCapacity(size)
        let decrypt = Figure(workload: "file_64MiB", implementation: "swift-peergos", metric: "decrypt", samples: try slow.rates(operations: 1, scale: megabytes) {
            read.removeAll(keepingCapacity: true)
            for ct in cipherTexts { read += try ct.decrypt(key: key, store: store).asBytes() }
        }, unit: "MB/s")
        guard read == content else { throw WorkloadMismatch(description: "file_64MiB: decrypted content differs") }
        guard store.verified >= fragments.count else { throw WorkloadMismatch(description: "file_64MiB: not every fragment was verified") }

        // Raw secretbox of the whole file in one call (context).
        var sealed = [UInt8](repeating: 0, count: size + 16)
        let nonce = seq(24, 256)
        let rawKey = key.secret.copyBytes()
        var status: Int32 = 0
        let rawEncrypt = Figure(workload: "file_64MiB", implementation: "libsodium", metric: "encrypt", samples: slow.rates(operations: 1, scale: megabytes) {
            status |= crypto_secretbox_easy(&sealed, content, UInt64(size), nonce, rawKey)
        }, unit: "MB/s")
        var plain = [UInt8](repeating: 0, count: size)
        let rawDecrypt = Figure(workload: "file_64MiB", implementation: "libsodium", metric: "decrypt", samples: slow.rates(operations: 1, scale: megabytes) {
            status |= crypto_secretbox_open_easy(&plain, sealed, UInt64(sealed.count), nonce, rawKey)
        }, unit: "MB/s")
        try PrimitiveWorkloads.requireSuccess(status, "crypto_secretbox_easy / crypto_secretbox_open_easy")
        guard plain == content else { throw WorkloadMismatch(description: "file_64MiB: raw libsodium round trip differs") }

        // The limit: each 5 MiB chunk sealed into its own buffer, and SHA-256 of each 1 MiB block of
        // it (encrypt); each block's SHA-256 checked, then the chunk opened (decrypt).
        let chunkStarts = Array(stride(from: 0, to: size, by: ChunkChain.chunkSize))
        var boxes = chunkStarts.map { [UInt8](repeating: 0, count: min(ChunkChain.chunkSize, size - $0) + 16) }
        var digests = [[UInt8]](repeating: [], count: chunkStarts.count * (ChunkChain.chunkSize / FragmentedPaddedCipherText.maxFragmentLength + 1))
        let limitEncrypt = Figure(workload: "file_64MiB", implementation: "limit-secretbox+sha256", metric: "encrypt", samples: slow.rates(operations: 1, scale: megabytes) {
            var d = 0
            for (i, start) in chunkStarts.enumerated() {
                let length = boxes[i].count - 16
                content.withUnsafeBufferPointer { c in
                    boxes[i].withUnsafeMutableBufferPointer { b in
                        status |= crypto_secretbox_easy(b.baseAddress!, c.baseAddress! + start, UInt64(length), nonce, rawKey)
                    }
                }
                boxes[i].withUnsafeBytes { b in
                    for from in stride(from: 0, to: b.count, by: FragmentedPaddedCipherText.maxFragmentLength) {
                        let block = UnsafeRawBufferPointer(rebasing: b[from..<min(from + FragmentedPaddedCipherText.maxFragmentLength, b.count)])
                        digests[d] = Array(SHA256.hash(data: block))
                        d += 1
                    }
                }
            }
        }, unit: "MB/s")
        var mismatches = 0
        let limitDecrypt = Figure(workload: "file_64MiB", implementation: "limit-secretbox+sha256", metric: "decrypt", samples: slow.rates(operations: 1, scale: megabytes) {
            var d = 0
            for (i, start) in chunkStarts.enumerated() {
                boxes[i].withUnsafeBytes { b in
                    for from in stride(from: 0, to: b.count, by: FragmentedPaddedCipherText.maxFragmentLength) {
                        let block = UnsafeRawBufferPointer(rebasing: b[from..<min(from + FragmentedPaddedCipherText.maxFragmentLength, b.count)])
                        if !SHA256.hash(data: block).elementsEqual(digests[d]) { mismatches += 1 }
                        d += 1
                    }
                }
                plain.withUnsafeMutableBufferPointer { p in
                    status |= crypto_secretbox_open_easy(p.baseAddress! + start, boxes[i], UInt64(boxes[i].count), nonce, rawKey)
                }
            }
        }, unit: "MB/s")
        try PrimitiveWorkloads.requireSuccess(status, "crypto_secretbox_easy / crypto_secretbox_open_easy (limit)")
        guard mismatches == 0, plain == content else { throw WorkloadMismatch(description: "file_64MiB: the limit's round trip differs") }

        for f in [encrypt, limitEncrypt, rawEncrypt, decrypt, limitDecrypt, rawDecrypt] { f.print() }
        return [
            Ratio(workload: "file_64MiB", metric: "encrypt", ours: encrypt, baseline: "limit-secretbox+sha256", baselineMedian: limitEncrypt.median, target: 0.8, lowerIsBetter: false),
            Ratio(workload: "file_64MiB", metric: "decrypt", ours: decrypt, baseline: "limit-secretbox+sha256", baselineMedian: limitDecrypt.median, target: 0.8, lowerIsBetter: false),
            Ratio(workload: "file_64MiB", metric: "encrypt", ours: encrypt, baseline: "libsodium secretbox", baselineMedian: rawEncrypt.median, target: nil, lowerIsBetter: false),
            Ratio(workload: "file_64MiB", metric: "decrypt", ours: decrypt, baseline: "libsodium secretbox", baselineMedian: rawDecrypt.median, target: nil, lowerIsBetter: false),
        ]
    }
}

/// A block store that checks every block it returns against its CID (SHA-256), as a client
/// reading from an untrusted server must; counts the blocks it checked.
final class VerifyingBlockStore: BlockStore {
    private let inner: BlockStore
    private(set) var verified = 0

    init(_ inner: BlockStore) { self.inner = inner }

    func get(_ cid: Cid) throws -> [UInt8]? {
        guard let block = try inner.get(cid) else { return nil }
        if !cid.isIdentity {
            guard cid.multihash.type == .sha2_256, Hash.sha256(block) == cid.multihash.digest else { throw WorkloadMismatch(description: "block \(cid) does not match its CID") }
            verified += 1
        }
        return block
    }

    func put(_ block: [UInt8], codec: Cid.Codec) throws -> Cid { try inner.put(block, codec: codec) }
}
