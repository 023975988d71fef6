import PeergosCBOR
import PeergosCrypto
import PeergosMLKEM
import PeergosMultiformats

extension VectorArea {
    /// Area "crypto": Ed25519, Curve25519 box, secretbox, key CBOR, hashes, HKDF, hybrid box, CipherText.
    public static let crypto = VectorArea(name: "crypto") { v in
        switch v.kind {
        case "ed25519_keypair": try CryptoVectors.ed25519KeyPair(v)
        case "ed25519_sign": try CryptoVectors.ed25519Sign(v)
        case "ed25519_unsign": try CryptoVectors.ed25519Unsign(v)
        case "curve25519_keypair": try CryptoVectors.curve25519KeyPair(v)
        case "curve25519_box": try CryptoVectors.curve25519Box(v)
        case "curve25519_seal": try CryptoVectors.curve25519Seal(v)
        case "curve25519_unbox": try CryptoVectors.curve25519Unbox(v)
        case "secretbox": try CryptoVectors.secretbox(v)
        case "secretbox_open": try CryptoVectors.secretboxOpen(v)
        case "symmetric_key_cbor": try CryptoVectors.symmetricKeyCbor(v)
        case "sha256": try expectBytes(Hash.sha256(try v.hex("input")), equals: try v.hex("output"), "SHA-256")
        case "blake2b": try CryptoVectors.blake2b(v)
        case "hkdf": try expectBytes(HKDF.peergosKey(ikm: try v.hex("ikm")), equals: try v.hex("output"), "HKDF")
        case "hybrid_keypair": try CryptoVectors.hybridKeyPair(v)
        case "hybrid_box": try CryptoVectors.hybridBox(v)
        case "ciphertext": try CryptoVectors.cipherText(v)
        case "key_cbor": try CryptoVectors.keyCbor(v)
        default: throw VectorSkip("unknown crypto vector kind \(v.kind)")
        }
    }
}

enum CryptoVectors {
    /// The label inside `DetRandom('label')`.
    static func detRandom(_ v: Vector) throws -> DetRandom {
        let spec = try v.string("rng")
        guard spec.hasPrefix("DetRandom('"), spec.hasSuffix("')") else { throw VectorMismatch("unknown rng \(spec)") }
        return DetRandom(label: String(spec.dropFirst(11).dropLast(2)))
    }

    static func ed25519KeyPair(_ v: Vector) throws {
        let pair = try SigningKeyPair(seed: try v.hex("seed"))
        try expectBytes(pair.publicKey.bytes, equals: try v.hex("public_key"), "public key")
        try expectBytes(pair.secretKey.secret.copyBytes(), equals: try v.hex("secret_key"), "secret key")
        try expectBytes(pair.publicKey.serialize(), equals: try v.hex("public_signing_key_cbor"), "public key CBOR")
        try expectBytes(pair.secretKey.serialize(), equals: try v.hex("secret_signing_key_cbor"), "secret key CBOR")
        let pairCbor = try v.hex("signing_key_pair_cbor")
        try expectBytes(pair.serialize(), equals: pairCbor, "key pair CBOR")
        // Upstream's toString is the pair's CBOR in base58btc, secret included; ours is redacted.
        let upstreamString = try v.string("signing_key_pair_string")
        try expect(Multibase.encode(pairCbor, .base58btc), equals: upstreamString, "upstream's key pair string (base58btc of the CBOR)")
        try expect(pair.description.contains(upstreamString), equals: false, "our description hides the secret")
        try expect(try SigningKeyPair(cborBytes: pairCbor), equals: pair, "key pair read back")
        if let pkh = try v.optionalHex("public_key_hash_bytes") {
            try expectBytes(pair.publicKey.publicKeyHash.bytes, equals: pkh, "PublicKeyHash")
        }
    }

    static func ed25519Sign(_ v: Vector) throws {
        let pair = try SigningKeyPair(seed: try v.hex("seed"))
        try expectBytes(pair.publicKey.bytes, equals: try v.hex("public_key"), "public key")
        let message = try v.hex("message")
        let signed = pair.secretKey.signMessage(message)
        try expectBytes(signed, equals: try v.hex("signed_message"), "signed message")
        try expectBytes(pair.secretKey.signatureOnly(message), equals: try v.hex("signature"), "signature")
        if try v.optionalBool("unsign_ok") != false {
            try expectBytes(try expectSuccess("unsign") { try pair.publicKey.unsignMessage(signed) }, equals: message, "unsigned message")
        }
    }

    static func ed25519Unsign(_ v: Vector) throws {
        let key = try PublicSigningKey(bytes: try v.hex("public_key"))
        let signed = try v.hex("signed_message")
        if try v.expectsError() {
            try expectError(v, "unsign") { try key.unsignMessage(signed) }
        } else {
            _ = try expectSuccess("unsign") { try key.unsignMessage(signed) }
        }
    }

    static func curve25519KeyPair(_ v: Vector) throws {
        let pair = try BoxingKeyPair.curve25519(secret: try v.hex("secret_key"))
        try expectBytes(pair.publicKey.serialize(), equals: try v.hex("public_boxing_key_cbor"), "public key CBOR")
        try expectBytes(pair.secretKey.serialize(), equals: try v.hex("secret_boxing_key_cbor"), "secret key CBOR")
        guard case .curve25519(let pub) = pair.publicKey else { throw VectorMismatch("not a Curve25519 key") }
        try expectBytes(pub.bytes, equals: try v.hex("public_key"), "public key")
        let pairCbor = try v.hex("boxing_key_pair_cbor")
        try expectBytes(pair.serialize(), equals: pairCbor, "key pair CBOR")
        try expect(try BoxingKeyPair(cborBytes: pairCbor), equals: pair, "key pair read back")
    }

    /// Replays a box with a fixed nonce: a random source that yields exactly the recorded nonce.
    final class FixedBytes: RandomSource, @unchecked Sendable {
        private var remaining: [UInt8]
        init(_ bytes: [UInt8]) { remaining = bytes }
        func fill(_ buffer: UnsafeMutableRawBufferPointer) {
            let out = Array(remaining.prefix(buffer.count))
            remaining.removeFirst(out.count)
            buffer.copyBytes(from: out + [UInt8](repeating: 0, count: buffer.count - out.count))
        }
    }

    static func curve25519Box(_ v: Vector) throws {
        let sender = try BoxingKeyPair.curve25519(secret: try v.hex("sender_secret"))
        let recipient = try BoxingKeyPair.curve25519(secret: try v.hex("recipient_secret"))
        try expectBytes(sender.publicKey.serialize(), equals: [0x82, 0x01, 0x58, 0x20] + (try v.hex("sender_public")), "sender public key")
        try expectBytes(recipient.publicKey.serialize(), equals: [0x82, 0x01, 0x58, 0x20] + (try v.hex("recipient_public")), "recipient public key")
        let message = try v.hex("message")
        let expected = try v.hex("ciphertext_with_nonce")
        let sealed = try recipient.publicKey.encryptMessage(message, from: sender.secretKey, random: FixedBytes(try v.hex("nonce")))
        try expectBytes(sealed, equals: expected, "box")
        let opened = try expectSuccess("open") { try recipient.secretKey.decryptMessage(expected, from: sender.publicKey) }
        try expectBytes(opened, equals: message, "opened message")
        try expect(true, equals: try v.optionalBool("decrypt_ok") ?? true, "opens")
    }

    /// `curve25519_seal`: a box from `sender_secret` to the published key `recipient_public` (any
    /// 32 bytes, so small-order keys can be named) with `nonce`: `ciphertext_with_nonce`, or for a
    /// negative vector the refusal `code` (`crypto.weak_public_key` for a small-order key).
    static func curve25519Seal(_ v: Vector) throws {
        let sender = try BoxingKeyPair.curve25519(secret: try v.hex("sender_secret"))
        let recipient = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: try v.hex("recipient_public")))
        let message = try v.hex("message")
        let nonce = try v.hex("nonce")
        let seal = { try recipient.encryptMessage(message, from: sender.secretKey, random: FixedBytes(nonce)) }
        if try v.expectsError() {
            try expectError(v, "seal", seal)
        } else {
            try expectBytes(try expectSuccess("seal", seal), equals: try v.hex("ciphertext_with_nonce"), "box")
        }
    }

    static func curve25519Unbox(_ v: Vector) throws {
        let recipient = try BoxingKeyPair.curve25519(secret: try v.hex("recipient_secret"))
        let sender = PublicBoxingKey.curve25519(try Curve25519PublicKey(bytes: try v.hex("sender_public")))
        let cipher = try v.hex("ciphertext_with_nonce")
        if try v.expectsError() {
            try expectError(v, "open") { try recipient.secretKey.decryptMessage(cipher, from: sender) }
        } else {
            _ = try expectSuccess("open") { try recipient.secretKey.decryptMessage(cipher, from: sender) }
        }
    }

    static func secretbox(_ v: Vector) throws {
        let key = try SymmetricKey(bytes: try v.hex("key"))
        let nonce = try v.hex("nonce")
        let plaintext = try v.hex("plaintext")
        let expected = try v.hex("ciphertext")
        try expectBytes(try key.encrypt(plaintext, nonce: nonce), equals: expected, "ciphertext")
        try expectBytes(try expectSuccess("decrypt") { try key.decrypt(expected, nonce: nonce) }, equals: plaintext, "decrypted")
        try expect(true, equals: try v.optionalBool("decrypt_ok") ?? true, "decrypts")
    }

    static func secretboxOpen(_ v: Vector) throws {
        let key = try SymmetricKey(bytes: try v.hex("key"))
        let nonce = try v.hex("nonce")
        let cipher = try v.hex("ciphertext")
        if try v.expectsError() {
            try expectError(v, "decrypt") { try key.decrypt(cipher, nonce: nonce) }
        } else {
            _ = try expectSuccess("decrypt") { try key.decrypt(cipher, nonce: nonce) }
        }
    }

    static func symmetricKeyCbor(_ v: Vector) throws {
        let key = try SymmetricKey(bytes: try v.hex("key"), isDirty: try v.bool("is_dirty"))
        let cbor = try v.hex("cbor")
        try expectBytes(key.serialize(), equals: cbor, "CBOR")
        try expect(try SymmetricKey(cborBytes: cbor), equals: key, "read back")
    }

    static func blake2b(_ v: Vector) throws {
        let input = try v.hex("input")
        try expectBytes(Hash.blake2b(input), equals: try v.hex("output"), "BLAKE2b-512")
        if let short = try v.optionalHex("hasher_blake2b_32") {
            try expectBytes(Hash.blake2b256(input), equals: short, "BLAKE2b-256")
        }
    }

    static func hybridKeyPair(_ v: Vector) throws {
        let pair = try BoxingKeyPair.hybrid(curve25519Secret: try v.hex("curve25519_secret"), mlkemD: try v.hex("mlkem_d"), mlkemZ: try v.hex("mlkem_z"))
        let pub = pair.publicKey.serialize()
        let sec = pair.secretKey.serialize()
        if let expected = try v.optionalHex("public_boxing_key_cbor") { try expectBytes(pub, equals: expected, "public key CBOR") }
        if v.has("public_boxing_key_cbor_sha256") {
            try expectBytes(Hash.sha256(pub), equals: try v.hex("public_boxing_key_cbor_sha256"), "SHA-256 of the public key CBOR")
        }
        if v.has("secret_boxing_key_cbor_sha256") {
            try expectBytes(Hash.sha256(sec), equals: try v.hex("secret_boxing_key_cbor_sha256"), "SHA-256 of the secret key CBOR")
        }
        if v.has("secret_boxing_key_cbor_len") { try expect(sec.count, equals: try v.int("secret_boxing_key_cbor_len"), "secret key CBOR length") }
        guard case .hybrid(let hybridSecret) = pair.secretKey else { throw VectorMismatch("not a hybrid key pair") }
        if let n = try v.optionalInt("mlkem_public_len") { try expect(hybridSecret.publicKey.mlkem.bytes.count, equals: n, "ML-KEM public key length") }
        if let n = try v.optionalInt("mlkem_secret_len") { try expect(hybridSecret.mlkem.secret.count, equals: n, "ML-KEM secret key length") }
        try expect(try PublicBoxingKey(cborBytes: pub), equals: pair.publicKey, "public key read back")
        try expect(try SecretBoxingKey(cborBytes: sec), equals: pair.secretKey, "secret key read back")
    }

    static func hybridBox(_ v: Vector) throws {
        let recipient = try BoxingKeyPair.hybrid(curve25519Secret: try v.hex("recipient_curve25519_secret"),
                                                 mlkemD: try v.hex("recipient_mlkem_d"), mlkemZ: try v.hex("recipient_mlkem_z"))
        let senderPublic = try PublicBoxingKey(cborBytes: try v.hex("sender_public_boxing_key_cbor"))
        guard case .hybrid(let senderHybrid) = senderPublic else { throw VectorMismatch("sender key is not hybrid") }
        let senderCurve = try Curve25519SecretKey(bytes: try v.hex("sender_curve25519_secret"))
        try expect(senderCurve.publicKey, equals: senderHybrid.curve25519, "sender Curve25519 public key")
        // Only the sender's Curve25519 half takes part in encryption; pair it with any ML-KEM key.
        let senderSecret = SecretBoxingKey.hybrid(HybridSecretKey(curve25519: senderCurve, mlkem: try recipientMlkem(recipient)))
        let message = try v.hex("message")
        let expected = try v.hex("ciphertext_cbor")
        let random = try detRandom(v)
        let sealed = try recipient.publicKey.encryptMessage(message, from: senderSecret, random: random)
        try expectBytes(sealed, equals: expected, "hybrid ciphertext CBOR")
        if v.has("mlkem_encaps_entropy") {
            let replay = try detRandom(v)
            _ = replay.bytes(32)
            try expectBytes(replay.bytes(32), equals: try v.hex("mlkem_encaps_entropy"), "ML-KEM entropy draw")
        }
        if v.has("parts") {
            let parts = try v.nested("parts")
            let cipher = try expectSuccess("read HybridCipherText") { try HybridCipherText(cborBytes: expected) }
            try expect(cipher.curveBox.count, equals: try parts.int("c_len"), "c length")
            try expect(cipher.mlkemCiphertext.count, equals: try parts.int("m_len"), "m length")
            try expect(cipher.sealed.count, equals: try parts.int("i_len"), "i length")
            try expect(cipher.nonce.count, equals: try parts.int("n_len"), "n length")
        }
        let opened = try expectSuccess("decrypt") { try recipient.secretKey.decryptMessage(expected, from: senderPublic) }
        try expectBytes(opened, equals: message, "decrypted message")
        try expect(true, equals: try v.optionalBool("decrypt_ok") ?? true, "decrypts")
    }

    /// `key_cbor`: `key_type` names what `cbor` is read as; a positive vector must re-encode to
    /// itself, a negative one names the refusal's `code` (Spec/crypto.md#errors).
    static func keyCbor(_ v: Vector) throws {
        let cbor = try v.hex("cbor")
        let read: () throws -> [UInt8]
        switch try v.string("key_type") {
        case "public_signing_key": read = { try PublicSigningKey(cborBytes: cbor).serialize() }
        case "secret_signing_key": read = { try SecretSigningKey(cborBytes: cbor).serialize() }
        case "signing_key_pair": read = { try SigningKeyPair(cborBytes: cbor).serialize() }
        case "public_boxing_key": read = { try PublicBoxingKey(cborBytes: cbor).serialize() }
        case "secret_boxing_key": read = { try SecretBoxingKey(cborBytes: cbor).serialize() }
        case "boxing_key_pair": read = { try BoxingKeyPair(cborBytes: cbor).serialize() }
        case "symmetric_key": read = { try SymmetricKey(cborBytes: cbor).serialize() }
        case let other: throw VectorMismatch("unknown key_type \(other)")
        }
        if try v.expectsError() {
            try expectError(v, "read key", read)
        } else {
            try expectBytes(try expectSuccess("read key", read), equals: cbor, "re-encoding")
        }
    }

    static func recipientMlkem(_ pair: BoxingKeyPair) throws -> MLKEM1024.DecapsulationKey {
        guard case .hybrid(let secret) = pair.secretKey else { throw VectorMismatch("not hybrid") }
        return secret.mlkem
    }

    static func cipherText(_ v: Vector) throws {
        let key = try SymmetricKey(bytes: try v.hex("key"))
        let plaintext = try CborObject.decode(try v.hex("plaintext_cbor"), options: .strict)
        let expected = try v.hex("cbor")
        let built = CipherText.build(key: key, plaintext: plaintext, random: try detRandom(v))
        try expectBytes(built.serialize(), equals: expected, "CipherText CBOR")
        let parsed = try CipherText(cborBytes: expected)
        try expect(try expectSuccess("decrypt") { try parsed.decrypt(key: key) }, equals: plaintext, "decrypted plaintext")
    }
}
