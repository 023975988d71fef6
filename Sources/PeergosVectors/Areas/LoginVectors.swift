import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats

extension VectorArea {
    /// Area "login": password-derived keys, scrypt parameter bounds, SecretGenerationAlgorithm CBOR.
    public static let login = VectorArea(name: "login") { v in
        switch v.kind {
        case "generate_user": try LoginVectors.generateUser(v)
        case "scrypt_params": try LoginVectors.scryptParams(v)
        case "algorithm_cbor": try LoginVectors.algorithmCbor(v)
        default: throw VectorSkip("unknown login vector kind \(v.kind)")
        }
    }
}

enum LoginVectors {
    static func algorithm(_ v: Vector) throws -> SecretGenerationAlgorithm {
        let a = try v.nested("algorithm")
        return .scrypt(try .init(memoryCost: a.int("memoryCost_log2N"), cpuCost: a.int("cpuCost_r"), parallelism: a.int("parallelism_p"),
                                 outputBytes: a.int("outputBytes"), extraSalt: a.string("extraSalt")))
    }

    static func generateUser(_ v: Vector) throws {
        let algorithm = try algorithm(v)
        let cbor = try v.hex("algorithm_cbor")
        try expectBytes(algorithm.serialize(), equals: cbor, "algorithm CBOR")
        try expect(try SecretGenerationAlgorithm(cborBytes: cbor), equals: algorithm, "algorithm read back")
        let username = try v.string("username")
        let password = try v.string("password")
        try expectBytes(Hash.sha256(Array(password.utf8)), equals: try v.hex("scrypt_password_input"), "scrypt password input")
        guard case .scrypt(let p) = algorithm else { throw VectorMismatch("not scrypt") }
        try expectBytes(Array((username + p.extraSalt).utf8), equals: try v.hex("scrypt_salt_input"), "scrypt salt input")
        if let output = try v.optionalHex("scrypt_output") {
            let k = try Scrypt.derive(password: Hash.sha256(Array(password.utf8)), salt: Array((username + p.extraSalt).utf8),
                                      logN: p.memoryCost, r: p.cpuCost, p: p.parallelism, outputLength: p.outputBytes)
            try expectBytes(k, equals: output, "scrypt output")
        }
        if try v.expectsError() {
            try expectError(v, "derive") { try LoginKeys.derive(username: username, password: password, algorithm: algorithm) }
            return
        }
        let keys = try expectSuccess("derive") { try LoginKeys.derive(username: username, password: password, algorithm: algorithm) }
        try expectBytes(keys.signingKeyPair.publicKey.bytes, equals: try v.hex("signing_public_key"), "signing public key")
        try expectBytes(keys.signingKeyPair.secretKey.secret.copyBytes(), equals: try v.hex("signing_secret_key"), "signing secret key")
        try expectBytes(keys.signingKeyPair.publicKey.serialize(), equals: try v.hex("public_signing_key_cbor"), "public signing key CBOR")
        try expect(keys.signingKeyPair.publicKey.publicKeyHash.description, equals: try v.string("public_key_hash"), "PublicKeyHash")
        try expectBytes(keys.rootKey.secret.copyBytes(), equals: try v.hex("root_key"), "root key")
        if let rootCbor = try v.optionalHex("root_key_cbor") { try expectBytes(keys.rootKey.serialize(), equals: rootCbor, "root key CBOR") }
        if v.has("boxing_secret_key") {
            guard let boxing = keys.boxingKeyPair else { throw VectorMismatch("expected a derived boxing key pair") }
            try expectBytes(boxing.secretKey.serialize(), equals: [0x82, 0x01, 0x58, 0x20] + (try v.hex("boxing_secret_key")), "boxing secret key")
            try expectBytes(boxing.publicKey.serialize(), equals: try v.hex("public_boxing_key_cbor"), "public boxing key CBOR")
            if let pub = try v.optionalHex("boxing_public_key") {
                try expectBytes(boxing.publicKey.serialize(), equals: [0x82, 0x01, 0x58, 0x20] + pub, "boxing public key")
            }
        } else {
            // `boxing_key` is upstream's note that a 64-byte derivation makes no boxing key.
            if v.has("boxing_key") { _ = try v.string("boxing_key") }
            guard keys.boxingKeyPair == nil else { throw VectorMismatch("64-byte derivations must not derive a boxing key pair") }
        }
    }

    static func scryptParams(_ v: Vector) throws {
        let m = try v.int("memoryCost_log2N")
        let build = { try SecretGenerationAlgorithm.ScryptParameters(memoryCost: m, cpuCost: 8, parallelism: 1, outputBytes: 64, extraSalt: "") }
        if try v.expectsError() { try expectError(v, "parameters") { try build() } } else { _ = try expectSuccess("parameters") { try build() } }
    }

    /// `algorithm_cbor`: `cbor` read as a SecretGenerationAlgorithm re-encodes to `reencoded`
    /// (default: itself); a negative vector names the refusal's `code` (Spec/login.md#algorithm).
    static func algorithmCbor(_ v: Vector) throws {
        let cbor = try v.hex("cbor")
        if try v.expectsError() {
            try expectError(v, "read") { try SecretGenerationAlgorithm(cborBytes: cbor) }
            return
        }
        let algorithm = try expectSuccess("read") { try SecretGenerationAlgorithm(cborBytes: cbor) }
        try expectBytes(algorithm.serialize(), equals: try v.optionalHex("reencoded") ?? cbor, "re-encoding")
        if v.has("decoded") {
            try expect(algorithm.toCbor(), equals: try TypedCborTree.parse(try v.object("decoded")), "decoded value")
        }
    }
}
