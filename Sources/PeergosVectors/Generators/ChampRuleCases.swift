import PeergosCHAMP
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage

/// The project's own CHAMP rule vectors (area "champ", `Vectors/peergos/champ-rules.json`): the
/// slot bit order across a byte boundary, bucket key order, removing an absent key, the collapse
/// of a child back into its parent after a remove, the collision limit at the deepest level, and
/// the compare-and-swap forms of put and remove (Spec/champ.md).
///
/// Invariants: each sequence's keys are chosen by hand so that the rule it names decides the shape
/// (the comments say which slots each key takes); roots and blocks are computed by our CHAMP and
/// must agree with upstream's algorithm, which the upstream champ vectors check step for step.
/// ``VectorGenerator`` runs the champ checker over every vector before publishing it.
enum ChampRuleCases {
    /// A 32-byte key: `prefix` then zeros.
    static func key(_ prefix: [UInt8]) -> [UInt8] { prefix + [UInt8](repeating: 0, count: 32 - prefix.count) }
    /// Value n: CIDv1 raw sha2-256 of "champ-rule-value-<n>".
    static func value(_ n: Int) -> Cid { try! Cid.sha256(codec: .raw, digest: Hash.sha256(Array("champ-rule-value-\(n)".utf8))) }

    enum Op {
        case put([UInt8])
        case remove([UInt8])
        /// A step that must fail with the code.
        case putFails([UInt8], String)
        case removeFails([UInt8], String)
    }

    struct Sequence {
        let id: String
        let description: String
        let ops: [Op]
    }

    static func sequences() -> [Sequence] {
        // Slot bit order: byte 0 = 0xb1 = 1011 0001. Depth 0 reads bits 0-2 (001 → slot 1), depth 1
        // bits 3-5 (110 → slot 6), depth 2 bits 6-7 of byte 0 (10 → 2) plus bit 0 of byte 1 as its
        // high bit: byte 1 even → slot 2, odd → slot 6. Five keys sharing slots 1 and 6 push down
        // twice and split at depth 2 by byte 1's low bit.
        let bitOrder = (0..<5).map { key([0xb1, UInt8($0)]) }
        // Five keys in root slot 0 that differ at depth 1 (bits 3-5 of byte 0): one child.
        let slot0 = (0..<6).map { key([UInt8($0) << 3]) }
        // Five keys sharing slots 0 and 1 (byte 0 = 0), differing at depth 2 (bits 6-7): a chain.
        let chain = (0..<5).map { key([UInt8($0 & 3) << 6, UInt8($0 >> 2)]) }
        // Five keys equal in the first 95 hash bits, differing in bit 95 (bit 7 of byte 11) and
        // after it: the deepest level (depth 31, bits 93-95) still separates them.
        let deep = (0..<5).map { key([UInt8](repeating: 0, count: 11) + [UInt8($0 & 1) << 7, UInt8($0)]) }
        return [
            Sequence(id: "rules_slot_bit_order", description: "keys b1 00…, b1 01…, b1 02…, b1 03…, b1 04…: slots 1 then 6 for all (bits read least-significant first), then at depth 2 slot 2 (byte 1 even) or 6 (byte 1 odd): bit 0 of byte 1 is the slot's high bit; three nodes",
                     ops: bitOrder.map { .put($0) }),
            Sequence(id: "rules_bucket_order", description: "short keys 80, 08, 00ff, 0001 all in slot 0: the bucket holds them shorter first, then as unsigned bytes: 08, 80, 0001, 00ff",
                     ops: [[0x80], [0x08], [0x00, 0xff], [0x00, 0x01]].map { .put($0) }),
            Sequence(id: "rules_remove_absent_empty_slot", description: "removing a key whose slot holds neither a bucket nor a child changes nothing: the root stays the same",
                     ops: [.put(key([0x01])), .remove(key([0x02]))]),
            Sequence(id: "rules_remove_absent_from_bucket", description: "removing a key absent from its slot's bucket is a failed compare-and-swap",
                     ops: [.put(key([0x01])), .removeFails(key([0x09]), "champ.cas_mismatch")]),
            Sequence(id: "rules_remove_absent_below_child", description: "removing key 38… (slot 0, then slot 7 at depth 1): the root slot holds a child, whose slot 7 is empty, so nothing changes",
                     ops: slot0.prefix(5).map { .put($0) } + [.remove(key([0x38]))]),
            Sequence(id: "rules_collapse_to_root", description: "five keys in slot 0 make one child; removing one leaves four, which come back as a single bucket and the root becomes that bucket's node (one node)",
                     ops: slot0.prefix(5).map { .put($0) } + [.remove(slot0[2])]),
            Sequence(id: "rules_collapse_chain", description: "five keys sharing slots 0 and 1 make root → child → grandchild; removing one collapses the grandchild into one bucket that is passed up through the child (its only content) to the root",
                     ops: chain.map { .put($0) } + [.remove(chain[4])]),
            Sequence(id: "rules_collapse_inline", description: "a root with a bucket in slot 3 and a child of five keys in slot 0: removing one of the five inlines the remaining four as the root's slot-0 bucket",
                     ops: [.put(key([0x03]))] + slot0.prefix(5).map { .put($0) } + [.remove(slot0[0])]),
            Sequence(id: "rules_no_collapse_at_5", description: "a child of six keys that loses one keeps five and stays a child (collapse happens only at four)",
                     ops: slot0.map { .put($0) } + [.remove(slot0[5])]),
            Sequence(id: "rules_collision_boundary_95_bits", description: "five keys equal in the first 95 hash bits and different in bit 95: they separate at depth 31, the deepest level (32 nodes)",
                     ops: deep.map { .put($0) }),
            Sequence(id: "rules_collision_limit", description: "five keys equal in all 96 usable hash bits (they differ only in byte 12): the fifth put is a hash collision and the root is unchanged",
                     ops: (0..<4).map { .put(key([UInt8](repeating: 0, count: 12) + [UInt8($0)])) }
                        + [.putFails(key([UInt8](repeating: 0, count: 12) + [4]), "champ.hash_collision")]),
        ]
    }

    static func sequenceVectors() throws -> [[String: Any]] {
        try sequences().map { s in
            let store = InMemoryBlockStore()
            let champ = Champ(hasher: .identity, store: store)
            let empty = try champ.createEmpty()
            var root = empty
            var model: [[UInt8]: Cid] = [:]
            var steps: [[String: Any]] = []
            var fails = false
            for (n, op) in s.ops.enumerated() {
                switch op {
                case .put(let k):
                    root = try champ.put(root: root, key: k, value: value(n), expected: model[k])
                    model[k] = value(n)
                    steps.append(["op": "put", "key": Hex.encode(k), "value": Hex.encode(value(n).bytes), "root": Hex.encode(root.bytes),
                                  "node_count": try champ.nodeCount(root: root), "size": try champ.size(root: root)])
                case .remove(let k):
                    root = try champ.remove(root: root, key: k, expected: model[k])
                    model[k] = nil
                    steps.append(["op": "remove", "key": Hex.encode(k), "root": Hex.encode(root.bytes),
                                  "node_count": try champ.nodeCount(root: root), "size": try champ.size(root: root)])
                case .putFails(let k, let code):
                    fails = true
                    steps.append(["op": "put", "key": Hex.encode(k), "value": Hex.encode(value(n).bytes), "error": true, "code": code])
                case .removeFails(let k, let code):
                    fails = true
                    steps.append(["op": "remove", "key": Hex.encode(k), "error": true, "code": code])
                }
            }
            var v: [String: Any] = ["id": s.id, "kind": "champ_sequence", "description": s.description, "key_hasher": "identity",
                                    "bit_width": Champ.bitWidth, "max_collisions": Champ.maxCollisions, "empty_root": Hex.encode(empty.bytes),
                                    "steps": steps, "final_root_block_cbor": Hex.encode(try store.get(root) ?? []), "final_gets_ok": true]
            if fails { v["error"] = true }
            return v
        }
    }

    /// Compare-and-swap forms over a one-node CHAMP holding key 01… → value 0 and 02… → value 1.
    static func casVectors() throws -> [[String: Any]] {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        var root = try champ.createEmpty()
        let a = key([0x01]), b = key([0x02]), c = key([0x03])
        root = try champ.put(root: root, key: a, value: value(0), expected: nil)
        root = try champ.put(root: root, key: b, value: value(1), expected: nil)
        let block = try store.get(root) ?? []
        func op(_ id: String, _ description: String, _ op: String, _ k: [UInt8], value v: Cid?, expected: Cid?, result: () throws -> Cid?) throws -> [String: Any] {
            var out: [String: Any] = ["id": id, "kind": "champ_operation", "description": description, "key_hasher": "identity",
                                      "blocks": [Hex.encode(block)], "op": op, "key": Hex.encode(k)]
            if let v { out["value"] = Hex.encode(v.bytes) }
            if let expected { out["expected"] = Hex.encode(expected.bytes) }
            do {
                if let r = try result() { out["new_root"] = Hex.encode(r.bytes) }
            } catch let error as ChampError {
                out["error"] = true
                out["code"] = error.code
            }
            return out
        }
        return [
            try op("rules_put_replace_expected", "put over a present key with expected = its current value replaces it", "put", a, value: value(5), expected: value(0)) {
                try champ.put(root: root, key: a, value: value(5), expected: value(0)) },
            try op("rules_put_replace_wrong_expected", "put over a present key with an expected value that is not its current one", "put", a, value: value(5), expected: value(1)) {
                try champ.put(root: root, key: a, value: value(5), expected: value(1)) },
            try op("rules_put_replace_no_expected", "put over a present key without an expected value (expected null ≠ current)", "put", a, value: value(5), expected: nil) {
                try champ.put(root: root, key: a, value: value(5), expected: nil) },
            try op("rules_put_new_ignores_expected", "put of a new key succeeds whatever expected says", "put", c, value: value(5), expected: value(3)) {
                try champ.put(root: root, key: c, value: value(5), expected: value(3)) },
            try op("rules_remove_expected", "remove of a present key with expected = its current value", "remove", b, value: nil, expected: value(1)) {
                try champ.remove(root: root, key: b, expected: value(1)) },
            try op("rules_remove_wrong_expected", "remove of a present key with another expected value", "remove", b, value: nil, expected: value(0)) {
                try champ.remove(root: root, key: b, expected: value(0)) },
        ]
    }

    static func vectors() throws -> [[String: Any]] { try sequenceVectors() + casVectors() }
}
