import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMLKEM
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosStorage
import PeergosVectors
import Testing

/// Issue 8 item 13: a vector passes only when it is checked for what it says. A negative vector
/// must fail with the code it names; a missing or mistyped field is a failure, never the expected
/// error; `--strict` fails fields no checker reads; ACVP ML-KEM files are checked as area mlkem;
/// `pow_generate` prefixes are checked minimal.
@Suite("Honest vectors")
struct HonestVectorTests {
    static func run(_ area: String, _ vectors: [[String: Any]], strict: Bool = false) -> [VectorResult] {
        VectorRunner.check(fileObject: ["area": area, "vectors": vectors], file: "inline", areas: VectorArea.implemented, strict: strict)
    }

    /// A negative strict-CBOR vector: 0x18 0x01 breaks the minimal-head rule at offset 0.
    static var nonMinimal: [String: Any] { ["id": "nm", "kind": "decode_strict", "cbor": "1801", "error": true, "code": "cbor.non_minimal_head", "offset": 0] }

    @Test("a negative vector passes with the right code and fails with another")
    func wrongCodeFails() {
        var wrong = Self.nonMinimal
        wrong["code"] = "cbor.truncated"
        let results = Self.run("cbor", [Self.nonMinimal, wrong])
        #expect(results.map(\.status) == [.passed, .failed])
        #expect(results[1].message.contains("expected error cbor.truncated, got cbor.non_minimal_head"), "\(results[1].message)")
    }

    @Test("a negative vector without a code, or with a mistyped one, is a format failure")
    func missingCodeFails() {
        var noCode = Self.nonMinimal
        noCode.removeValue(forKey: "code")
        var numericCode = Self.nonMinimal
        numericCode["code"] = 7
        let results = Self.run("cbor", [noCode, numericCode])
        #expect(results.map(\.status) == [.failed, .failed])
        #expect(results[0].message.contains("negative vector nm has no \"code\""), "\(results[0].message)")
        #expect(results[1].message.contains("format error: vector nm: field \"code\" missing or of the wrong type"), "\(results[1].message)")
    }

    @Test("a negative vector whose input field is missing fails instead of counting as the expected error")
    func missingInputFails() {
        // Before: reading "input" threw inside the operation expected to fail, and that error was
        // taken for the expected failure, so this vector passed.
        let good: [String: Any] = ["id": "short", "kind": "cid_decode_string", "input": "z1", "error": true,
                                   "upstream_exception": "IllegalStateException: Cid too short!"]
        var noInput = good
        noInput.removeValue(forKey: "input")
        let results = Self.run("multiformats", [noInput])
        #expect(results.map(\.status) == [.failed])
        #expect(results[0].message.contains("field \"input\" missing"), "\(results[0].message)")
    }

    @Test("a vector without a kind fails (it is not skipped as an unknown kind)")
    func missingKindFails() {
        var noKind = Self.nonMinimal
        noKind.removeValue(forKey: "kind")
        let results = Self.run("cbor", [noKind])
        #expect(results.map(\.status) == [.failed])
        #expect(results[0].message.contains("field \"kind\" missing"), "\(results[0].message)")
    }

    @Test("an `error` field that is not a boolean fails the vector")
    func mistypedErrorFieldFails() {
        var mistyped = Self.nonMinimal
        mistyped["error"] = "yes"
        var numeric = Self.nonMinimal
        numeric["error"] = 1
        let results = Self.run("cbor", [mistyped, numeric])
        #expect(results.map(\.status) == [.failed, .failed])
        #expect(results.allSatisfy { $0.message.contains("field \"error\" missing or of the wrong type") }, "\(results.map(\.message))")
    }

    @Test("upstream exceptions map through the table; an unmapped one fails")
    func upstreamTable() {
        let mapped: [String: Any] = ["id": "empty", "kind": "decode", "cbor": "", "error": true, "upstream_exception": "IllegalArgumentException: Empty cbor byte array!"]
        var unmapped = mapped
        unmapped["id"] = "unmapped"
        unmapped["upstream_exception"] = "IllegalStateException: Something new"
        var mismatched = mapped
        mismatched["id"] = "mismatched"
        mismatched["upstream_exception"] = "IllegalStateException: Duplicate map key in cbor!"
        let results = Self.run("cbor", [mapped, unmapped, mismatched])
        #expect(results.map(\.status) == [.passed, .failed, .failed])
        #expect(results[1].message.contains("has no entry in the upstream exception table"), "\(results[1].message)")
        #expect(results[2].message.contains("expected error cbor.duplicate_map_key, got cbor.empty_input"), "\(results[2].message)")
        #expect(UpstreamExceptions.code(area: "multiformats", exception: "EOFException") == "multiformats.truncated_varint")
        #expect(UpstreamExceptions.code(area: "cbor", exception: "EOFException") == "cbor.truncated")
    }

    @Test("--strict fails a vector with a field the checker does not read; without it the vector passes")
    func strictFailsUnreadFields() {
        var extra = Self.nonMinimal
        extra["surprise"] = "not read by anyone"
        var nestedExtra: [String: Any] = Self.nonMinimal
        nestedExtra["id"] = "nested"
        nestedExtra["upstream"] = ["error": false, "decoded": ["t": "int", "v": "1"], "unread_inner": 1]
        var described = Self.nonMinimal
        described["description"] = "prose is informational"
        described["comment"] = "so is this"
        let lenient = Self.run("cbor", [extra, nestedExtra, described])
        let strict = Self.run("cbor", [extra, nestedExtra, described], strict: true)
        #expect(lenient.map(\.status) == [.passed, .passed, .passed])
        #expect(strict.map(\.status) == [.failed, .failed, .passed])
        #expect(strict[0].message == "strict: fields the checker does not read: surprise", "\(strict[0].message)")
        #expect(strict[1].message == "strict: fields the checker does not read: upstream.unread_inner", "\(strict[1].message)")
    }

    @Test("a negative vector of a kind that has no failure path fails in any mode")
    func ignoredErrorFails() {
        let v: [String: Any] = ["id": "neg", "kind": "pow_satisfies", "hash": "00", "difficulty": 8, "satisfies": true, "error": true, "code": "pow.anything"]
        let results = Self.run("pow", [v])
        #expect(results.map(\.status) == [.failed])
        #expect(results[0].message.contains("ignores \"error\""), "\(results[0].message)")
    }

    @Test("a positive vector whose expected output is altered fails")
    func alteredPositiveFails() {
        let good: [String: Any] = ["id": "g", "kind": "pow_satisfies", "hash": Hex.encode([0x00, 0x10] + [UInt8](repeating: 0xff, count: 30)), "difficulty": 12, "satisfies": true]
        var altered = good
        altered["satisfies"] = false
        let results = Self.run("pow", [good, altered])
        #expect(results.map(\.status) == [.passed, .failed])
        #expect(results[1].message.contains("satisfies: expected false, got true"), "\(results[1].message)")
    }

    @Test("pow_generate: a prefix that meets the difficulty but is not the least counter fails")
    func powMinimality() throws {
        let data = Hash.sha256(Array("pow-minimality-test".utf8))
        let difficulty = 6
        let least = ProofOfWork.generate(difficulty: difficulty, data: data)
        // The next counter after the least one that also meets the difficulty.
        var counter = least.prefix.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
        var later: [UInt8] = []
        repeat {
            counter += 1
            later = (0..<8).map { UInt8(truncatingIfNeeded: counter >> (8 * UInt64($0))) }
        } while !ProofOfWork.satisfies(difficulty: difficulty, hash: Hash.sha256(later + data))
        func vector(_ id: String, _ prefix: [UInt8]) -> [String: Any] {
            ["id": id, "kind": "pow_generate", "data": Hex.encode(data), "difficulty": difficulty, "prefix": Hex.encode(prefix),
             "hash": Hex.encode(Hash.sha256(prefix + data)), "cbor": Hex.encode(ProofOfWork(prefix: prefix).serialize())]
        }
        var unmet = least.prefix
        unmet[0] &+= 1
        while ProofOfWork.satisfies(difficulty: difficulty, hash: Hash.sha256(unmet + data)) { unmet[0] &+= 1 }
        let results = Self.run("pow", [vector("least", least.prefix), vector("later", later), vector("unmet", unmet)])
        #expect(results.map(\.status) == [.passed, .failed, .failed])
        #expect(results[1].message.contains("not minimal"), "\(results[1].message)")
        #expect(results[2].message.contains("does not meet difficulty 6"), "\(results[2].message)")
    }

    @Test("NIST ACVP ML-KEM files are checked as area mlkem, and an altered key fails")
    func acvpIsChecked() throws {
        let folder = VectorFileTests.root.appendingPathComponent("Vectors/nist-mlkem").path
        let report = try VectorRunner.run(paths: [folder], strict: true)
        #expect(report.failed == 0, "\(VectorFileTests.failures(report))")
        #expect(Set(report.results.map(\.area)) == ["mlkem"])
        #expect(report.passed == 60)
        #expect(Set(report.results.map(\.kind)) == ["keygen", "encapsulation", "decapsulation"])

        let data = try Data(contentsOf: URL(fileURLWithPath: folder + "/mlkem1024-keygen.json"))
        var json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        var groups = try #require(json["testGroups"] as? [[String: Any]])
        var tests = try #require(groups[0]["tests"] as? [[String: Any]])
        let ek = try #require(tests[0]["ek"] as? String)
        tests[0]["ek"] = (ek.hasPrefix("00") ? "01" : "00") + ek.dropFirst(2)
        groups[0]["tests"] = tests
        json["testGroups"] = groups
        let altered = FileManager.default.temporaryDirectory.appendingPathComponent("acvp-altered-\(getpid()).json")
        try JSONSerialization.data(withJSONObject: json).write(to: altered)
        defer { try? FileManager.default.removeItem(at: altered) }
        let alteredReport = try VectorRunner.run(paths: [altered.path])
        #expect(alteredReport.failed == 1)
        #expect(alteredReport.results.first { $0.status == .failed }?.message.hasPrefix("ek: expected") == true)
    }

    @Test("every published vector passes under --strict, and every negative one names a code")
    func publishedStrict() throws {
        let report = try VectorRunner.run(paths: [VectorFileTests.vectors], strict: true)
        #expect(report.failed == 0, "\(VectorFileTests.failures(report))")
        // Every negative vector is checked through expectedErrorCode (a missing code fails the run
        // above); this counts them so the check cannot pass vacuously.
        var negatives = 0
        for file in try VectorRunner.collectFiles([VectorFileTests.vectors]) where file.contains("/peergos/") || file.contains("/upstream/") {
            let json = try JSONSerialization.jsonObject(with: Data(contentsOf: URL(fileURLWithPath: file))) as? [String: Any]
            // A CHAMP sequence that fails names its code on the failing step.
            let objects = ((json?["vectors"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] }
            let flattened = objects.flatMap { v in [v] + ((v["steps"] as? [Any]) ?? []).compactMap { $0 as? [String: Any] } }
            for v in flattened where (v["error"] as? Bool) == true && v["steps"] == nil {
                negatives += 1
                let area = try #require(json?["area"] as? String)
                let named = (v["code"] as? String) ?? (v["upstream_exception"] as? String).flatMap { UpstreamExceptions.code(area: area, exception: $0, vectorId: v["id"] as? String) }
                #expect(named != nil, "\(file): \(v["id"] ?? "?") names no code")
            }
        }
        #expect(negatives > 80)
    }

    /// The published refusal vectors of `file` (under Vectors/peergos) and their area.
    static func published(_ file: String) throws -> (area: String, vectors: [[String: Any]]) {
        let data = try Data(contentsOf: URL(fileURLWithPath: "\(VectorFileTests.vectors)/peergos/\(file)"))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return (try #require(json["area"] as? String), try #require(json["vectors"] as? [[String: Any]]))
    }

    @Test("every CHAMP and weak-key refusal vector passes with its code and fails with another real code",
          arguments: [("champ-hostile-nodes.json", 30), ("crypto-refusals.json", 7)])
    func alteredRefusalCodesFail(file: String, minimum: Int) throws {
        let (area, vectors) = try Self.published(file)
        let negatives = vectors.filter { ($0["error"] as? Bool) == true }
        #expect(negatives.count >= minimum)
        #expect(Self.run(area, negatives, strict: true).allSatisfy { $0.status == .passed })
        // Another code of the same area that some other vector (or rule) uses.
        let others = ["champ.bad_bitmap", "champ.malformed_node", "crypto.decryption_failed", "crypto.invalid_signature"].filter { $0.hasPrefix(area + ".") }
        let altered = negatives.map { v -> [String: Any] in
            var w = v
            w["code"] = others.first { $0 != v["code"] as? String }
            return w
        }
        let results = Self.run(area, altered, strict: true)
        for (result, v) in zip(results, altered) {
            #expect(result.status == .failed, "\(result.id) passed with code \(v["code"] ?? "?")")
            #expect(result.message.contains("expected error \(v["code"] as? String ?? "?"), got"), "\(result.id): \(result.message)")
        }
    }

    @Test("CHAMP hostile nodes: the crash input names champ.bad_bitmap; an accepted node with an altered re-encoding, or marked refused, fails")
    func champHostileNodes() throws {
        let (_, vectors) = try Self.published("champ-hostile-nodes.json")
        let crash = try #require(vectors.first { $0["id"] as? String == "crash_input" })
        #expect(crash["node"] as? String == "83417f4080" && crash["code"] as? String == "champ.bad_bitmap")
        let put7 = try #require(vectors.first { $0["id"] as? String == "crash_root_put_slot_7" })
        #expect(put7["code"] as? String == "champ.bad_bitmap")
        var accepted = try #require(vectors.first { $0["id"] as? String == "bitmap_trailing_zero_byte" })
        accepted["reencoded"] = accepted["node"]
        var refused = try #require(vectors.first { $0["id"] as? String == "upstream_one_mapping" })
        refused["accepted"] = false
        refused["error"] = true
        refused["code"] = "champ.bad_bitmap"
        let results = Self.run("champ", [accepted, refused])
        #expect(results.map(\.status) == [.failed, .failed])
        #expect(results[0].message.contains("re-encoded node: expected"), "\(results[0].message)")
        #expect(results[1].message.contains("expected error champ.bad_bitmap, but it succeeded"), "\(results[1].message)")
    }

    @Test("codes are area.snake_case, one per rule, for every rule enumerated")
    func codeShape() {
        let pattern = /^[a-z]+\.[a-z0-9_]+$/
        let cbor = CborError.Rule.allCases.map { CborError($0, at: 0).code }
        let pointer = PointerRefusal.allCases.map(\.code)
        let chain = ChainFailure.Rule.allCases.map(\.code)
        for code in cbor + pointer + chain + UpstreamExceptions.table.map(\.code) { #expect(code.wholeMatch(of: pattern) != nil, "\(code)") }
        #expect(Set(cbor).count == cbor.count && Set(pointer).count == pointer.count && Set(chain).count == chain.count)
        #expect(cbor.allSatisfy { $0.hasPrefix("cbor.") } && pointer.allSatisfy { $0.hasPrefix("pointer.") } && chain.allSatisfy { $0.hasPrefix("pki.") })
        #expect(CborError(.nonMinimalHead, at: 3).code == "cbor.non_minimal_head")
    }

    @Test("every protocol error type exposes its code through CodedError")
    func errorTypesAreCoded() throws {
        let errors: [(any Error, String)] = [
            (CborSchemaError.missingKey("k"), "schema.missing_key"),
            (MultiformatsError.truncatedVarint, "multiformats.truncated_varint"),
            (CryptoError.invalidSignature, "crypto.invalid_signature"),
            (MLKEMError.decapsulationKeyHashCheckFailed, "mlkem.decapsulation_key_hash_check_failed"),
            (BlockStoreError.blockTooLarge(1), "blockstore.block_too_large"),
            (CapabilityError.missingWriteKey, "capability.missing_write_key"),
            (LoginError.passwordEqualsUsername, "login.password_equals_username"),
            (PKIError.reusedKey, "pki.reused_key"),
            (ChampError.hashCollision, "champ.hash_collision"),
            (PointerError.originalEqualsUpdated, "pointer.original_equals_updated"),
            (PointerRefusal.sequenceNotIncreasing, "pointer.sequence_not_increasing"),
            (CryptreeError.badRawBlockPrefix, "cryptree.bad_raw_block_prefix"),
        ]
        for (error, code) in errors { #expect(CodedErrors.code(of: error) == code, "\(type(of: error))") }
    }
}
