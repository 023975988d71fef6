import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosMutable
import PeergosPKI

/// Produces the project's own vector files (Vectors/peergos/*.json) from the tables in this folder.
public enum VectorGenerator {
    /// File name → file contents, deterministic (sorted keys), so a test can compare with what is published.
    public static func files() throws -> [String: String] {
        try coreFiles().merging(try SpecRuleFiles.files()) { a, _ in a }.merging(try FormatRuleFiles.files()) { a, _ in a }
    }

    static func coreFiles() throws -> [String: String] {
        let strict: [String: Any] = [
            "area": "cbor",
            "source": "swift-peergos (own vectors)",
            "description": "Strict CBOR decoding: inputs outside Peergos' canonical subset, each with the code of the rule it breaks and the byte offset the strict decoder names, plus the upstream-compatible outcome (what upstream Peergos' lenient decoder reads, or the code of its refusal; see Spec/cbor.md).",
            "parameters": [
                "codes": CborError.Rule.allCases.map { CborError($0, at: 0).code },
                "maximum_depth": 64,
            ],
            "vectors": try StrictCBORCases.vectors(),
        ]
        let pointers: [String: Any] = [
            "area": "mutable",
            "source": "swift-peergos (own vectors)",
            "description": "Mutable pointer updates: PointerUpdate CBOR, and signed updates a server must accept or refuse, each refusal naming the rule (see Spec/mutable.md).",
            "parameters": ["maximum_signed_size": 147, "codes": PointerRefusal.allCases.map(\.code)],
            "vectors": try PointerCases.vectors(),
        ]
        let pki: [String: Any] = [
            "area": "pki",
            "source": "swift-peergos (own vectors)",
            "description": "PKI chains that break one rule each: `code` names it, `codes` lists every rule the chain breaks (see Spec/pki.md).",
            "parameters": ["codes": ChainFailure.Rule.allCases.map { $0.code }],
            "vectors": try PKIRuleCases.vectors(),
        ]
        let pow: [String: Any] = [
            "area": "pow",
            "source": "swift-peergos (own vectors)",
            "description": "Proof of work (signup and chain updates): upstream's satisfiesDifficulty rule, which tests the low bits of the partial byte, and its counter search (see Spec/pki.md#proof-of-work).",
            "parameters": ["prefix_bytes": ProofOfWork.prefixBytes, "hash": "sha2-256 (multihash 0x12) of prefix || data", "default_difficulty": ProofOfWork.defaultDifficulty],
            "vectors": try ProofOfWorkCases.vectors(),
        ]
        let champVectors = ChampHostileCases.nodeVectors() + ChampHostileCases.opVectors()
        let champ: [String: Any] = [
            "area": "champ",
            "source": "swift-peergos (own vectors)",
            "description": "CHAMP nodes a reader must refuse, each naming the rule it breaks, nodes it must accept (several written by upstream Peergos), and operations over hostile roots (see Spec/champ.md).",
            "parameters": ["bit_width": Champ.bitWidth, "max_collisions": Champ.maxCollisions, "max_depth": Champ.maxDepth,
                           "codes": Set(champVectors.compactMap { $0["code"] as? String }).sorted()],
            "vectors": champVectors,
        ]
        let crypto: [String: Any] = [
            "area": "crypto",
            "source": "swift-peergos (own vectors)",
            "description": "Curve25519 boxes to or from small-order public keys, refused with crypto.weak_public_key, and positive controls (see Spec/crypto.md#small-order-keys).",
            "vectors": CryptoRefusalCases.vectors(),
        ]
        let client: [String: Any] = [
            "area": "client",
            "source": "swift-peergos (own vectors; inputs marked upstream in their description are bytes upstream's Java client sent, from the capture ../shared/captures/demo.jsonl)",
            "description": "The request forms a client sends: champ/get/bulk caps, mirror BAT ids, signed times and signed requests, space requests, secret-link CHAMP keys and named child links (see Spec/client.md).",
            "vectors": try ClientCases.vectors(),
        ]
        let capabilityRules: [String: Any] = [
            "area": "capability",
            "source": "swift-peergos (own vectors)",
            "description": "Secret-link text to read or refuse (each refusal naming its code), label bounds, non-ASCII passwords, a dirty write key and link creation streams (see Spec/capabilities.md).",
            "vectors": try CapabilityRuleCases.vectors(),
        ]
        let champRules: [String: Any] = [
            "area": "champ",
            "source": "swift-peergos (own vectors)",
            "description": "CHAMP rules: slot bit order, bucket key order, removing absent keys, collapse after remove, the collision limit and compare-and-swap put and remove (see Spec/champ.md).",
            "vectors": try ChampRuleCases.vectors(),
        ]
        return ["capability-rules.json": try render(selfChecked(capabilityRules)), "champ-rules.json": try render(selfChecked(champRules)),
                "cbor-strict.json": try render(strict), "mutable-pointers.json": try render(pointers), "pki-chain-rules.json": try render(pki),
                "proof-of-work.json": try render(pow), "champ-hostile-nodes.json": try render(selfChecked(champ)),
                "crypto-refusals.json": try render(selfChecked(crypto)), "client-wire.json": try render(selfChecked(client))]
    }

    /// Writes every generated file into `directory`.
    public static func write(to directory: String) throws -> [String] {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var written: [String] = []
        for (name, contents) in try files().sorted(by: { $0.key < $1.key }) {
            let path = (directory as NSString).appendingPathComponent(name)
            try contents.write(toFile: path, atomically: true, encoding: .utf8)
            written.append(path)
        }
        return written
    }

    /// `file` itself if every vector in it passes its area's checker (strictly); otherwise throws,
    /// so a table whose hand-written outcome the code disagrees with is never published.
    static func selfChecked(_ file: [String: Any]) throws -> [String: Any] {
        let failed = VectorRunner.check(fileObject: file, file: "generated", areas: VectorArea.implemented, strict: true).filter { $0.status != .passed }
        guard failed.isEmpty else { throw VectorMismatch(failed.map { "\($0.id): \($0.message)" }.joined(separator: "\n")) }
        return file
    }

    static func render(_ object: [String: Any]) throws -> String {
        let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
