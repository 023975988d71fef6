import CSodium
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
    /// against raw secretbox of the same bytes in the same run.
    static func file64(_ harness: Harness) throws -> [Ratio] {
        let size = 64 * 1024 * 1024
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
        let store = InMemoryBlockStore()
        for f in fragments { _ = try store.put(f, codec: .raw) }
        var read: [UInt8] = []
        let decrypt = Figure(workload: "file_64MiB", implementation: "swift-peergos", metric: "decrypt", samples: try slow.rates(operations: 1, scale: megabytes) {
            read = []
            read.reserveCapacity(size)
            for ct in cipherTexts { read += try ct.decrypt(key: key, store: store).asBytes() }
        }, unit: "MB/s")
        guard read == content else { throw WorkloadMismatch(description: "file_64MiB: decrypted content differs") }
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
        for f in [encrypt, rawEncrypt, decrypt, rawDecrypt] { f.print() }
        return [
            Ratio(workload: "file_64MiB", metric: "encrypt", ours: encrypt, baseline: "libsodium secretbox", baselineMedian: rawEncrypt.median, target: nil, lowerIsBetter: false),
            Ratio(workload: "file_64MiB", metric: "decrypt", ours: decrypt, baseline: "libsodium secretbox", baselineMedian: rawDecrypt.median, target: nil, lowerIsBetter: false),
        ]
    }
}
