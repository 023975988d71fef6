import PeergosCBOR
import PeergosCHAMP
import PeergosMultiformats
import PeergosPKI
import PeergosStorage
import Testing

/// Inputs the fuzz targets of `FuzzTesting/` found crashing (or breaking an invariant), kept as
/// regression cases: each replays the path its target took, with the input's bytes as hex, and
/// checks WHICH typed error is raised now. Add new cases here (see `FuzzTesting/README.md`).
@Suite("Fuzz regressions")
struct FuzzRegressionTests {
    static func bytes(_ hex: String) -> [UInt8] {
        let chars = Array(hex.utf8)
        return stride(from: 0, to: chars.count, by: 2).map { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16)! }
    }

    /// The code of what `body` threw, or nil if it returned.
    static func code(_ body: () throws -> Void) -> String? {
        do { try body(); return nil } catch { return CodedErrors.code(of: error) }
    }

    /// FuzzChamp input `00 01 01 07 0005 83417f4080`: identity hasher, key `07`, root node
    /// `[h'7f', h'', []]` (the dataMap says seven buckets, there are none). Before the node
    /// validation of issue 8 item 5, `put` indexed the missing bucket of slot 7 and trapped
    /// ("Array index is out of range", Champ.swift put). Now the node is refused as it is read.
    @Test("CHAMP: a node whose dataMap names buckets it lacks is refused by decode, get, put and remove")
    func champBitmapWithoutContents() throws {
        let input = Self.bytes("0001010700058341" + "7f4080")
        let key = Array(input[3..<4])
        let node = Array(input[6...])
        #expect(node == [0x83, 0x41, 0x7f, 0x40, 0x80])
        #expect(Self.code { _ = try ChampNode(bytes: node) } == "champ.bad_bitmap")

        let store = InMemoryBlockStore()
        let root = try store.put(node, codec: .dagCbor)
        let champ = Champ(hasher: .identity, store: store)
        let value = try Cid.identity(codec: .raw, data: [0])
        #expect(Self.code { _ = try champ.put(root: root, key: key, value: value, expected: nil) } == "champ.bad_bitmap")
        #expect(Self.code { _ = try champ.get(root: root, key: key) } == "champ.bad_bitmap")
        #expect(Self.code { _ = try champ.remove(root: root, key: key, expected: nil) } == "champ.bad_bitmap")
        // Every slot, not only 7.
        for slot in 0..<8 {
            #expect(Self.code { _ = try champ.put(root: root, key: [UInt8(slot)], value: value, expected: nil) } == "champ.bad_bitmap")
        }
    }

    /// FuzzPKI input `00 81 <link>`: a chain block of one link whose claim signature does not
    /// verify (upstream's `chain_bad_signature` link). The target's invariant "a merge result
    /// always validates" broke: `merge(existing: [], updated:)` returned the chain unvalidated
    /// (issue 8 item 4). Now the merge refuses it, naming the rule.
    @Test("PKI: merging a badly signed chain into an empty one is refused with the broken rule")
    func pkiMergeIntoEmptyValidates() throws {
        let input = Self.bytes(
            "0081a265636c61696d8465616c6963656a323033302d30362d313581582212205ad623034ee103daf937bbcdfaa8f75dfec53bde98867bd9dbe4ff28cac614bf58813"
                + "18f7c63f4a046bc4c02333dd823c0be0266a47dab440ae8042a2654e22095678da2700e4b8fcdfed947b71916376d980ddfa82b0a75c767366b183f8fd52f0f"
                + "00000005616c6963650000000a323033302d30362d3135000000010000002212205ad623034ee103daf937bbcdfaa8f75dfec53bde98867bd9dbe4ff28cac614b"
                + "f656f776e6572d82a5829000171002482015820917857616a90e2250aef0ff797765fef8cee611575803af39eefdc9105ca8f70")
        let chain = try PKIChainBlock.decode(Array(input[1...]))
        #expect(chain.count == 1)
        #expect(ChainValidator.validate(chain, username: "alice").failures.map(\.code) == ["pki.claim_signature_invalid"])
        for existing in [[], chain] {
            do {
                _ = try ChainValidator.merge(existing: existing, updated: chain)
                Issue.record("merge accepted a chain that does not validate (existing: \(existing.count) links)")
            } catch let error as PKIError {
                #expect(error.code == "pki.invalid_merged_chain")
                guard case .invalidMergedChain(let failures) = error else { Issue.record("unexpected \(error)"); continue }
                #expect(failures.map(\.code) == ["pki.claim_signature_invalid"])
                #expect(failures.map(\.linkIndex) == [0])
            }
        }
    }
}
