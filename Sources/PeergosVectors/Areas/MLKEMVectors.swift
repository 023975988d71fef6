import PeergosMLKEM

extension VectorArea {
    /// Area "mlkem": NIST ACVP ML-KEM-1024 vectors (read from ACVP's layout by ``ACVPFile``):
    /// KeyGen_internal(d, z), Encaps_internal(ek, m) with Decaps back, and Decaps of valid and
    /// modified ciphertexts (implicit rejection) with the group's expanded decapsulation key.
    public static let mlkem = VectorArea(name: "mlkem") { v in
        guard try v.string("group_parameterSet") == "ML-KEM-1024" else { throw VectorSkip("only ML-KEM-1024 is implemented") }
        // A deferred ACVP test has no expected answer in the file; none of ours is.
        guard try v.optionalBool("deferred") != true else { throw VectorMismatch("a deferred ACVP test has no expected result") }
        switch v.kind {
        case "keygen": try MLKEMVectors.keyGen(v)
        case "encapsulation": try MLKEMVectors.encapsulation(v)
        case "decapsulation": try MLKEMVectors.decapsulation(v)
        default: throw VectorSkip("unknown mlkem vector kind \(v.kind)")
        }
    }
}

enum MLKEMVectors {
    static func keyGen(_ v: Vector) throws {
        let pair = try expectSuccess("KeyGen") { try MLKEM1024.keyPair(d: try v.hex("d"), z: try v.hex("z")) }
        try expectBytes(pair.encapsulationKey.bytes, equals: try v.hex("ek"), "ek")
        // The secret key is compared as a key (constant-time equality), not printed.
        let dk = try expectSuccess("read dk") { try MLKEM1024.DecapsulationKey(bytes: try v.hex("dk")) }
        try expect(pair.decapsulationKey == dk, equals: true, "dk equals the expected expanded key")
    }

    static func encapsulation(_ v: Vector) throws {
        let ek = try MLKEM1024.EncapsulationKey(bytes: try v.hex("ek"))
        let (k, c) = try expectSuccess("Encaps") { try MLKEM1024.encapsulate(to: ek, entropy: try v.hex("m")) }
        try expectBytes(c, equals: try v.hex("c"), "c")
        try expectBytes(k, equals: try v.hex("k"), "k")
        let dk = try MLKEM1024.DecapsulationKey(bytes: try v.hex("dk"))
        try expectBytes(try expectSuccess("Decaps") { try MLKEM1024.decapsulate(c, with: dk) }, equals: k, "k from Decaps")
        v.ignore(["reason"], because: "NIST's note on the test (always 'no modification' here); c and k are compared")
    }

    static func decapsulation(_ v: Vector) throws {
        let dk = try MLKEM1024.DecapsulationKey(bytes: try v.hex("group_dk"))
        try expectBytes(dk.encapsulationKey.bytes, equals: try v.hex("group_ek"), "ek inside dk")
        let k = try expectSuccess("Decaps") { try MLKEM1024.decapsulate(try v.hex("c"), with: dk) }
        try expectBytes(k, equals: try v.hex("k"), "k")
        v.ignore(["reason"], because: "NIST's note: 'modify ciphertext' cases expect the implicit-rejection k, which is what k holds")
    }
}
