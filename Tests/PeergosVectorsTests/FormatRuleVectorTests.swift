import Foundation
import PeergosVectors
import Testing

/// The CBOR and multiformats rule vectors (Vectors/peergos/cbor-rules.json, multiformats-rules.json)
/// pass only when checked for what they say: a refusal with another real code of its area, or a
/// strict refusal at another offset, fails; an accepted value altered in any field fails; and the
/// new kinds `multihash_decode` and `multibase_decode` fail when their expectation is wrong.
@Suite("CBOR and multiformats rule vectors")
struct FormatRuleVectorTests {
    static let files = ["cbor-rules.json", "multiformats-rules.json"]

    /// Another code of the same area, always different from `code`.
    static func otherCode(_ code: String) -> String {
        let pool = ["cbor.truncated", "cbor.invalid_link", "multiformats.invalid_cid", "multiformats.truncated_varint"]
        return pool.first { $0 != code && $0.hasPrefix(String(code.prefix { $0 != "." })) }!
    }

    @Test("the published rule files pass, strictly", arguments: files)
    func published(file: String) throws {
        let (area, vectors) = try HonestVectorTests.published(file)
        let results = HonestVectorTests.run(area, vectors, strict: true)
        #expect(results.count == vectors.count)
        for r in results { #expect(r.status == .passed, "\(r.id): \(r.message)") }
    }

    @Test("every refusal fails when it names another real code", arguments: files)
    func otherCodeFails(file: String) throws {
        let (area, vectors) = try HonestVectorTests.published(file)
        let negatives = vectors.filter { ($0["error"] as? Bool) == true }
        #expect(negatives.count >= 20)
        let altered = negatives.map { v -> [String: Any] in
            var w = v
            w["code"] = Self.otherCode(v["code"] as! String)
            return w
        }
        for (r, v) in zip(HonestVectorTests.run(area, altered, strict: true), altered) {
            #expect(r.status == .failed, "\(r.id) passed with \(v["code"] ?? "?")")
            #expect(r.message.contains("expected error \(v["code"] as! String), got"), "\(r.id): \(r.message)")
        }
    }

    @Test("every strict CBOR refusal fails at another offset")
    func otherOffsetFails() throws {
        let (area, vectors) = try HonestVectorTests.published("cbor-rules.json")
        let altered = vectors.compactMap { v -> [String: Any]? in
            guard let offset = v["offset"] as? Int else { return nil }
            var w = v
            w["offset"] = offset + 1
            return w
        }
        #expect(altered.count >= 40)
        for r in HonestVectorTests.run(area, altered, strict: true) {
            #expect(r.status == .failed && r.message.contains("error offset"), "\(r.id): \(r.message)")
        }
    }

    @Test("an accepted CBOR value whose re-encoding or upstream outcome is altered fails")
    func alteredValueFails() throws {
        let (area, vectors) = try HonestVectorTests.published("cbor-rules.json")
        let positives = vectors.filter { $0["error"] == nil }
        #expect(positives.count >= 7)
        let reencoded = positives.map { v -> [String: Any] in
            var w = v
            w["reencoded"] = "00"
            return w
        }
        for r in HonestVectorTests.run(area, reencoded, strict: true) { #expect(r.status == .failed, "\(r.id)") }
        // Every upstream-compatible value, claimed to be a refusal instead.
        let lenient = vectors.filter { ($0["upstream"] as? [String: Any])?["decoded"] != nil }.map { v -> [String: Any] in
            var w = v
            w["upstream"] = ["error": true, "code": "cbor.truncated"]
            return w
        }
        #expect(lenient.count >= 15)
        for r in HonestVectorTests.run(area, lenient, strict: true) { #expect(r.status == .failed, "\(r.id)") }
    }

    @Test("multihash_decode and multibase_decode fail on a wrong expectation")
    func newKindsFail() {
        let good: [[String: Any]] = [
            ["id": "mh", "kind": "multihash_decode", "input": "0002abcd", "type": "id", "multihash_code": 0, "digest": "abcd"],
            ["id": "mb", "kind": "multibase_decode", "input": "K001", "data": "000001", "reencodes": true],
            ["id": "mb-bad", "kind": "multibase_decode", "input": "kA", "error": true, "code": "multiformats.invalid_character"],
        ]
        #expect(HonestVectorTests.run("multiformats", good, strict: true).allSatisfy { $0.status == .passed })
        var wrongDigest = good[0]; wrongDigest["digest"] = "abce"
        var wrongType = good[0]; wrongType["type"] = "sha2_256"
        var wrongData = good[1]; wrongData["data"] = "0001"
        var wrongRoundTrip = good[1]; wrongRoundTrip["reencodes"] = false
        var refusalAccepted = good[2]; refusalAccepted["input"] = "ka"
        let results = HonestVectorTests.run("multiformats", [wrongDigest, wrongType, wrongData, wrongRoundTrip, refusalAccepted], strict: true)
        for r in results { #expect(r.status == .failed, "\(r.id): \(r.message)") }
    }
}
