import Foundation
import Testing
@testable import PeergosMLKEM

/// Every ML-KEM-1024 case of the NIST ACVP sample vectors (Vectors/nist-mlkem).
@Suite("NIST ACVP ML-KEM-1024")
struct NISTVectorTests {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Vectors/nist-mlkem")

    static func load(_ name: String) throws -> [[String: Any]] {
        let data = try Data(contentsOf: Self.folder.appendingPathComponent(name))
        let json = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        return try #require(json["testGroups"] as? [[String: Any]])
    }

    static func hex(_ any: Any?) throws -> [UInt8] {
        let s = try #require(any as? String)
        var out: [UInt8] = []
        var it = s.makeIterator()
        while let a = it.next(), let b = it.next() { out.append(try #require(UInt8(String([a, b]), radix: 16))) }
        return out
    }

    @Test("KeyGen_internal(d, z) gives the expected ek and expanded dk")
    func keyGen() throws {
        let groups = try Self.load("mlkem1024-keygen.json")
        var count = 0
        for group in groups {
            #expect(group["parameterSet"] as? String == "ML-KEM-1024")
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let pair = try MLKEM1024.keyPair(d: try Self.hex(test["d"]), z: try Self.hex(test["z"]))
                #expect(pair.encapsulationKey.bytes == (try Self.hex(test["ek"])), "tcId \(test["tcId"] ?? "?")")
                #expect(pair.decapsulationKey.secret.copyBytes() == (try Self.hex(test["dk"])), "tcId \(test["tcId"] ?? "?")")
                count += 1
            }
        }
        #expect(count == 25)
    }

    @Test("Encaps_internal(ek, m) gives the expected c and K; Decaps gives K back")
    func encapsulation() throws {
        let groups = try Self.load("mlkem1024-encap-decap.json").filter { $0["function"] as? String == "encapsulation" }
        var count = 0
        for group in groups {
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let ek = try MLKEM1024.EncapsulationKey(bytes: try Self.hex(test["ek"]))
                let (k, c) = try MLKEM1024.encapsulate(to: ek, entropy: try Self.hex(test["m"]))
                #expect(c == (try Self.hex(test["c"])), "tcId \(test["tcId"] ?? "?")")
                #expect(k == (try Self.hex(test["k"])), "tcId \(test["tcId"] ?? "?")")
                let dk = try MLKEM1024.DecapsulationKey(bytes: try Self.hex(test["dk"]))
                #expect(try MLKEM1024.decapsulate(c, with: dk) == k)
                count += 1
            }
        }
        #expect(count == 25)
    }

    @Test("Decaps with the expanded key, valid and modified ciphertexts (implicit rejection)")
    func decapsulation() throws {
        let groups = try Self.load("mlkem1024-encap-decap.json").filter { $0["function"] as? String == "decapsulation" }
        var count = 0
        var modified = 0
        for group in groups {
            let dk = try MLKEM1024.DecapsulationKey(bytes: try Self.hex(group["dk"]))
            #expect(dk.encapsulationKey.bytes == (try Self.hex(group["ek"])))
            for test in try #require(group["tests"] as? [[String: Any]]) {
                let k = try MLKEM1024.decapsulate(try Self.hex(test["c"]), with: dk)
                #expect(k == (try Self.hex(test["k"])), "tcId \(test["tcId"] ?? "?") (\(test["reason"] ?? ""))")
                if (test["reason"] as? String) == "modify ciphertext" { modified += 1 }
                count += 1
            }
        }
        #expect(count == 10)
        #expect(modified > 0)
    }
}
