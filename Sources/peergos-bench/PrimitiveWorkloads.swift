import CSodium
import CScrypt
import Foundation
import PeergosCrypto

/// Workloads 1–3 of WORKLOADS.md: scrypt, secretbox of a 5 MiB chunk, Ed25519 on 147 bytes.
/// Each is measured through PeergosCrypto and through raw libsodium (and libscrypt) in the same run.
enum PrimitiveWorkloads {
    /// `sodium_init` answers -1 on failure (0 first time, 1 when already initialised).
    static func initialiseSodium() throws {
        guard sodium_init() >= 0 else { throw WorkloadMismatch(description: "sodium_init failed") }
    }

    /// Every raw-library baseline call's status is checked: a failed call would time nothing real.
    static func requireSuccess(_ status: Int32, _ function: String) throws {
        guard status == 0 else { throw WorkloadMismatch(description: "\(function) returned \(status)") }
    }

    static func sha256(_ data: [UInt8]) -> [UInt8] {
        var out = [UInt8](repeating: 0, count: 32)
        // crypto_hash_sha256 has no failure path; a non-zero status would be a broken libsodium.
        precondition(crypto_hash_sha256(&out, data, UInt64(data.count)) == 0, "crypto_hash_sha256 failed")
        return out
    }

    // MARK: scrypt

    static func scrypt(_ harness: Harness) throws -> [Ratio] {
        try initialiseSodium()
        let password = sha256(Array("correct horse battery staple".utf8))
        let extraSalt = sha256(Array("extra-salt#0".utf8)).map { String(format: "%02x", $0) }.joined()
        let salt = Array(("alice" + extraSalt).utf8)
        let expected = "72adb350f4481016e629f59d893a0ccb0061814516cddf903e1e19f0ed239e90376725927c73d16b4e36cddd87b7b45f9d71802d052abdc671da8f6eb26b4752"
        let slow = Harness(runs: max(3, harness.runs / 2))

        var out = [UInt8](repeating: 0, count: 64)
        var status: Int32 = 0
        let rawSodium = Figure(workload: "scrypt", implementation: "libsodium", metric: "derive", samples: slow.millisecondsPerOperation(operations: 1) {
            status |= crypto_pwhash_scryptsalsa208sha256_ll(password, password.count, salt, salt.count, 1 << 17, 8, 1, &out, out.count)
        }, unit: "ms")
        try requireSuccess(status, "crypto_pwhash_scryptsalsa208sha256_ll")
        try check(out, expected, "scrypt (libsodium)")
        let rawLibscrypt = Figure(workload: "scrypt", implementation: "libscrypt", metric: "derive", samples: slow.millisecondsPerOperation(operations: 1) {
            status |= libscrypt_scrypt(password, password.count, salt, salt.count, 1 << 17, 8, 1, &out, out.count)
        }, unit: "ms")
        try requireSuccess(status, "libscrypt_scrypt")
        try check(out, expected, "scrypt (libscrypt)")
        var ours: [UInt8] = []
        let oursFigure = Figure(workload: "scrypt", implementation: "swift-peergos", metric: "derive", samples: try slow.millisecondsPerOperation(operations: 1) {
            ours = try Scrypt.derive(password: password, salt: salt, logN: 17, r: 8, p: 1, outputLength: 64)
        }, unit: "ms")
        try check(ours, expected, "scrypt (ours)")
        for f in [oursFigure, rawSodium, rawLibscrypt] { f.print() }
        return [
            Ratio(workload: "scrypt", metric: "derive", ours: oursFigure, baseline: "libsodium", baselineMedian: rawSodium.median, target: 1.05, lowerIsBetter: true),
            Ratio(workload: "scrypt", metric: "derive", ours: oursFigure, baseline: "libscrypt", baselineMedian: rawLibscrypt.median, target: nil, lowerIsBetter: true),
        ]
    }

    // MARK: secretbox

    static func secretbox(_ harness: Harness) throws -> [Ratio] {
        try initialiseSodium()
        let keyBytes = seq(32, 256)
        let nonce = seq(24, 256)
        let plaintext = seq(5 * 1024 * 1024, 251)
        let expected = "9e470596babe5a921469254829bf7c7d390df80e5844c62e57f11b6bdbbcb19f"
        let n = 8
        let megabytes = Double(plaintext.count) / 1e6

        var raw = [UInt8](repeating: 0, count: plaintext.count + 16)
        var sealStatus: Int32 = 0
        let rawEncrypt = Figure(workload: "secretbox_5MiB", implementation: "libsodium", metric: "encrypt", samples: harness.rates(operations: Double(n), scale: megabytes) {
            for _ in 0..<n { sealStatus |= crypto_secretbox_easy(&raw, plaintext, UInt64(plaintext.count), nonce, keyBytes) }
        }, unit: "MB/s")
        try requireSuccess(sealStatus, "crypto_secretbox_easy")
        try check(sha256(raw), expected, "secretbox (libsodium) SHA-256")
        var opened = [UInt8](repeating: 0, count: plaintext.count)
        var status: Int32 = 0
        let rawDecrypt = Figure(workload: "secretbox_5MiB", implementation: "libsodium", metric: "decrypt", samples: harness.rates(operations: Double(n), scale: megabytes) {
            for _ in 0..<n { status |= crypto_secretbox_open_easy(&opened, raw, UInt64(raw.count), nonce, keyBytes) }
        }, unit: "MB/s")
        guard status == 0, opened == plaintext else { throw WorkloadMismatch(description: "secretbox (libsodium) open failed") }

        let key = try SymmetricKey(bytes: keyBytes)
        var sealed: [UInt8] = []
        let oursEncrypt = Figure(workload: "secretbox_5MiB", implementation: "swift-peergos", metric: "encrypt", samples: try harness.rates(operations: Double(n), scale: megabytes) {
            for _ in 0..<n { sealed = try key.encrypt(plaintext, nonce: nonce) }
        }, unit: "MB/s")
        try check(sha256(sealed), expected, "secretbox (ours) SHA-256")
        var plain: [UInt8] = []
        let oursDecrypt = Figure(workload: "secretbox_5MiB", implementation: "swift-peergos", metric: "decrypt", samples: try harness.rates(operations: Double(n), scale: megabytes) {
            for _ in 0..<n { plain = try key.decrypt(sealed, nonce: nonce) }
        }, unit: "MB/s")
        guard plain == plaintext else { throw WorkloadMismatch(description: "secretbox (ours) decrypt differs") }
        for f in [oursEncrypt, rawEncrypt, oursDecrypt, rawDecrypt] { f.print() }
        return [
            Ratio(workload: "secretbox_5MiB", metric: "encrypt", ours: oursEncrypt, baseline: "libsodium", baselineMedian: rawEncrypt.median, target: 0.9, lowerIsBetter: false),
            Ratio(workload: "secretbox_5MiB", metric: "decrypt", ours: oursDecrypt, baseline: "libsodium", baselineMedian: rawDecrypt.median, target: 0.9, lowerIsBetter: false),
        ]
    }

    // MARK: ed25519

    static func ed25519(_ harness: Harness) throws -> [Ratio] {
        try initialiseSodium()
        let seed = seq(32, 256)
        let message = seq(147, 256)
        let expectedSignature = "d93328a97144022e2b2a3157e5197b9cf31eab6b30ed2a4fdbb6be077d8b8bfe911cc503f675d8e3a656888046c8cf388f05319f85cb32e8bc1a15d7fee5ec04"
        let n = 5_000

        var pk = [UInt8](repeating: 0, count: 32)
        var sk = [UInt8](repeating: 0, count: 64)
        try requireSuccess(crypto_sign_seed_keypair(&pk, &sk, seed), "crypto_sign_seed_keypair")
        var signStatus: Int32 = 0
        var signed = [UInt8](repeating: 0, count: 64 + message.count)
        var signedLength: UInt64 = 0
        let rawSign = Figure(workload: "ed25519_147B", implementation: "libsodium", metric: "sign", samples: harness.rates(operations: Double(n)) {
            for _ in 0..<n { signStatus |= crypto_sign(&signed, &signedLength, message, UInt64(message.count), sk) }
        }, unit: "ops/s")
        try requireSuccess(signStatus, "crypto_sign")
        try check(Array(signed.prefix(64)), expectedSignature, "ed25519 (libsodium) signature")
        var opened = [UInt8](repeating: 0, count: signed.count)
        var openedLength: UInt64 = 0
        var status: Int32 = 0
        let rawVerify = Figure(workload: "ed25519_147B", implementation: "libsodium", metric: "verify", samples: harness.rates(operations: Double(n)) {
            for _ in 0..<n { status |= crypto_sign_open(&opened, &openedLength, signed, UInt64(signed.count), pk) }
        }, unit: "ops/s")
        guard status == 0 else { throw WorkloadMismatch(description: "ed25519 (libsodium) open failed") }

        let pair = try SigningKeyPair(seed: seed)
        var ours: [UInt8] = []
        let oursSign = Figure(workload: "ed25519_147B", implementation: "swift-peergos", metric: "sign", samples: harness.rates(operations: Double(n)) {
            for _ in 0..<n { ours = pair.secretKey.signMessage(message) }
        }, unit: "ops/s")
        try check(Array(ours.prefix(64)), expectedSignature, "ed25519 (ours) signature")
        var unsigned: [UInt8] = []
        let oursVerify = Figure(workload: "ed25519_147B", implementation: "swift-peergos", metric: "verify", samples: try harness.rates(operations: Double(n)) {
            for _ in 0..<n { unsigned = try pair.publicKey.unsignMessage(ours) }
        }, unit: "ops/s")
        guard unsigned == message else { throw WorkloadMismatch(description: "ed25519 (ours) unsign differs") }
        for f in [oursSign, rawSign, oursVerify, rawVerify] { f.print() }
        return [
            Ratio(workload: "ed25519_147B", metric: "sign", ours: oursSign, baseline: "libsodium", baselineMedian: rawSign.median, target: 0.9, lowerIsBetter: false),
            Ratio(workload: "ed25519_147B", metric: "verify", ours: oursVerify, baseline: "libsodium", baselineMedian: rawVerify.median, target: 0.9, lowerIsBetter: false),
        ]
    }

    static func check(_ actual: [UInt8], _ expectedHex: String, _ what: String) throws {
        let hex = actual.map { String(format: "%02x", $0) }.joined()
        guard hex == expectedHex else { throw WorkloadMismatch(description: "\(what): expected \(expectedHex), got \(hex)") }
    }
}
