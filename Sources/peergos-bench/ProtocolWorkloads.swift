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
    /// checks every fragment's hash against its CID as a client must. Ours, the limit and raw
    /// secretbox are sampled in turns (``Harness/interleavedRates(scale:_:)``), encrypt then decrypt.
    ///
    /// `PEERGOS_BENCH_FILE_MIB` (hidden, for profiling) sets another size in MiB.
    static func file64(_ harness: Harness) throws -> [Ratio] {
        let mebibytes = ProcessInfo.processInfo.environment["PEERGOS_BENCH_FILE_MIB"].flatMap(Int.init) ?? 64
        let size = max(1, mebibytes) * 1024 * 1024
        if size != 64 * 1024 * 1024 { print("# file_64MiB measured at \(max(1, mebibytes)) MiB (PEERGOS_BENCH_FILE_MIB)") }
        let content = seq(size, 251)
        let key = SymmetricKey.random(using: SystemRandom.shared)
        let random = SystemRandom.shared
        let megabytes = Double(size) / 1e6
        let slow = Harness(runs: max(3, harness.runs / 2))
        let nonce = seq(24, 256)
        let rawKey = key.secret.copyBytes()
        var status: Int32 = 0
        let fragmentLength = FragmentedPaddedCipherText.maxFragmentLength

        // Ours: each 5 MiB chunk through FragmentedPaddedCipherText.build.
        var fragments: [[UInt8]] = []
        var cipherTexts: [FragmentedPaddedCipherText] = []
        var buildError: Error?
        let oursEncrypt = {
            fragments = []
            cipherTexts = []
            var offset = 0
            while offset < size {
                let chunk = Array(content[offset..<min(offset + ChunkChain.chunkSize, size)])
                do {
                    let (ct, blocks) = try FragmentedPaddedCipherText.build(key: key, plaintext: .bytes(chunk), random: random)
                    cipherTexts.append(ct)
                    fragments += blocks
                } catch { buildError = error }
                offset += ChunkChain.chunkSize
            }
        }
        // Raw secretbox of the whole file in one call (context).
        var sealed = [UInt8](repeating: 0, count: size + 16)
        let rawEncrypt = { status |= crypto_secretbox_easy(&sealed, content, UInt64(size), nonce, rawKey) }
        // The limit: each 5 MiB chunk sealed into its own buffer, and SHA-256 of each 1 MiB block of
        // it (encrypt); each block's SHA-256 checked, then the chunk opened (decrypt).
        let chunkStarts = Array(stride(from: 0, to: size, by: ChunkChain.chunkSize))
        var boxes = chunkStarts.map { [UInt8](repeating: 0, count: min(ChunkChain.chunkSize, size - $0) + 16) }
        var digests = [[UInt8]](repeating: [], count: chunkStarts.count * (ChunkChain.chunkSize / fragmentLength + 1))
        let limitEncrypt = {
            var d = 0
            for (i, start) in chunkStarts.enumerated() {
                let length = boxes[i].count - 16
                content.withUnsafeBufferPointer { c in
                    boxes[i].withUnsafeMutableBufferPointer { b in
                        status |= crypto_secretbox_easy(b.baseAddress!, c.baseAddress! + start, UInt64(length), nonce, rawKey)
                    }
                }
                boxes[i].withUnsafeBytes { b in
                    for from in stride(from: 0, to: b.count, by: fragmentLength) {
                        digests[d] = Array(SHA256.hash(data: UnsafeRawBufferPointer(rebasing: b[from..<min(from + fragmentLength, b.count)])))
                        d += 1
                    }
                }
            }
        }
        let encrypts = try slow.interleavedRates(scale: megabytes, [oursEncrypt, limitEncrypt, rawEncrypt])
        if let buildError { throw buildError }

        let inner = InMemoryBlockStore()
        for f in fragments { _ = try inner.put(f, codec: .raw) }
        let store = VerifyingBlockStore(inner)
        // The file is read back into one buffer allocated once, as the limit and raw open into one.
        var read: [UInt8] = []
        read.reserveCapacity(size)
        var readError: Error?
        let oursDecrypt = {
            read.removeAll(keepingCapacity: true)
            do {
                for ct in cipherTexts { read += try ct.decrypt(key: key, store: store).asBytes() }
            } catch { readError = error }
        }
        var plain = [UInt8](repeating: 0, count: size)
        let rawDecrypt = { status |= crypto_secretbox_open_easy(&plain, sealed, UInt64(sealed.count), nonce, rawKey) }
        var limitPlain = [UInt8](repeating: 0, count: size)
        var mismatches = 0
        let limitDecrypt = {
            var d = 0
            for (i, start) in chunkStarts.enumerated() {
                boxes[i].withUnsafeBytes { b in
                    for from in stride(from: 0, to: b.count, by: fragmentLength) {
                        let block = UnsafeRawBufferPointer(rebasing: b[from..<min(from + fragmentLength, b.count)])
                        if !SHA256.hash(data: block).elementsEqual(digests[d]) { mismatches += 1 }
                        d += 1
                    }
                }
                limitPlain.withUnsafeMutableBufferPointer { p in
                    status |= crypto_secretbox_open_easy(p.baseAddress! + start, boxes[i], UInt64(boxes[i].count), nonce, rawKey)
                }
            }
        }
        let decrypts = try slow.interleavedRates(scale: megabytes, [oursDecrypt, limitDecrypt, rawDecrypt])
        if let readError { throw readError }
        guard read == content else { throw WorkloadMismatch(description: "file_64MiB: decrypted content differs") }
        guard store.verified >= fragments.count else { throw WorkloadMismatch(description: "file_64MiB: not every fragment was verified") }
        try PrimitiveWorkloads.requireSuccess(status, "crypto_secretbox_easy / crypto_secretbox_open_easy")
        guard plain == content else { throw WorkloadMismatch(description: "file_64MiB: raw libsodium round trip differs") }
        guard mismatches == 0, limitPlain == content else { throw WorkloadMismatch(description: "file_64MiB: the limit's round trip differs") }

        func figure(_ implementation: String, _ metric: String, _ samples: [Double]) -> Figure {
            Figure(workload: "file_64MiB", implementation: implementation, metric: metric, samples: samples, unit: "MB/s")
        }
        let encrypt = figure("swift-peergos", "encrypt", encrypts[0]), limitEncryptFigure = figure("limit-secretbox+sha256", "encrypt", encrypts[1])
        let rawEncryptFigure = figure("libsodium", "encrypt", encrypts[2])
        let decrypt = figure("swift-peergos", "decrypt", decrypts[0]), limitDecryptFigure = figure("limit-secretbox+sha256", "decrypt", decrypts[1])
        let rawDecryptFigure = figure("libsodium", "decrypt", decrypts[2])
        for f in [encrypt, limitEncryptFigure, rawEncryptFigure, decrypt, limitDecryptFigure, rawDecryptFigure] { f.print() }
        return [
            Ratio(workload: "file_64MiB", metric: "encrypt", ours: encrypt, baseline: "limit-secretbox+sha256", baselineMedian: limitEncryptFigure.median, target: 0.8, lowerIsBetter: false, roundBaseline: limitEncryptFigure.samples),
            Ratio(workload: "file_64MiB", metric: "decrypt", ours: decrypt, baseline: "limit-secretbox+sha256", baselineMedian: limitDecryptFigure.median, target: 0.8, lowerIsBetter: false, roundBaseline: limitDecryptFigure.samples),
            Ratio(workload: "file_64MiB", metric: "encrypt", ours: encrypt, baseline: "libsodium secretbox", baselineMedian: rawEncryptFigure.median, target: nil, lowerIsBetter: false, roundBaseline: rawEncryptFigure.samples),
            Ratio(workload: "file_64MiB", metric: "decrypt", ours: decrypt, baseline: "libsodium secretbox", baselineMedian: rawDecryptFigure.median, target: nil, lowerIsBetter: false, roundBaseline: rawDecryptFigure.samples),
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
