import PeergosCHAMP
import PeergosCrypto

/// The project's own CHAMP refusal vectors (area "champ", `Vectors/peergos/champ-hostile-nodes.json`):
/// node blocks a reader must refuse, each naming the rule it breaks (Spec/champ.md, "Reading a
/// node"); node blocks it must accept, several of them written by upstream Peergos; and operations
/// over roots whose nodes are hostile, with positive controls over an upstream root.
///
/// Invariants: every node is spelled out byte by byte with the CBOR helpers below, never produced
/// by the encoder under test; every expected outcome is written by hand from the rule it
/// illustrates (the `reencoded` form of an accepted node is the input itself when upstream wrote
/// it, or a hand-built canonical node); positive operation results are upstream's (from its champ
/// vectors). ``VectorGenerator`` runs the champ checker over every vector and refuses to publish
/// one it fails.
enum ChampHostileCases {
    // MARK: CBOR, by hand (lengths below 256)

    static func head(_ major: UInt8, _ n: Int) -> [UInt8] { n < 24 ? [major << 5 | UInt8(n)] : [major << 5 | 24, UInt8(n)] }
    static func bstr(_ b: [UInt8]) -> [UInt8] { head(2, b.count) + b }
    static func list(_ items: [[UInt8]]) -> [UInt8] { head(4, items.count) + items.joined() }
    /// A CIDv1 with a sha2-256 multihash: `01 <codec> 12 20 <digest>`.
    static func cid(codec: UInt8, digest: [UInt8]) -> [UInt8] { [0x01, codec, 0x12, 0x20] + digest }
    /// The dag-cbor CID under which the store (and upstream) names a node block.
    static func cid(ofBlock block: [UInt8]) -> [UInt8] { cid(codec: 0x71, digest: Hash.sha256(block)) }
    /// A link: tag 42 over `00 ‖ CID`.
    static func link(_ cidBytes: [UInt8]) -> [UInt8] { [0xd8, 0x2a] + bstr([0x00] + cidBytes) }
    /// A bucket value: a link to a raw block.
    static func value(_ n: Int) -> [UInt8] { link(cid(codec: 0x55, digest: Hash.sha256(Array("champ-value-\(n)".utf8)))) }
    /// A link to a (dag-cbor) child node that is not in any store.
    static let child = link(cid(codec: 0x71, digest: Hash.sha256(Array("champ-child".utf8))))
    static let child2 = link(cid(codec: 0x71, digest: Hash.sha256(Array("champ-child-2".utf8))))
    static func key(_ b: UInt8) -> [UInt8] { [UInt8](repeating: b, count: 32) }
    /// `[key, value, …]`; a nil value is CBOR null.
    static func bucket(_ mappings: [([UInt8], [UInt8]?)]) -> [UInt8] {
        head(4, mappings.count * 2) + mappings.flatMap { bstr($0.0) + ($0.1 ?? [0xf6]) }
    }
    static func bucket(keys: [UInt8]) -> [UInt8] { bucket(keys.enumerated().map { (key($0.element), value($0.offset)) }) }
    /// `[dataMap, nodeMap, contents]` with the bitmaps given as their byte strings.
    static func node(_ dataMap: [UInt8], _ nodeMap: [UInt8], _ payloads: [[UInt8]]) -> [UInt8] {
        [0x83] + bstr(dataMap) + bstr(nodeMap) + list(payloads)
    }
    static func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }
    static func text(_ t: String) -> [UInt8] { head(3, t.utf8.count) + Array(t.utf8) }
    /// A map with its entries in the order given (callers give Peergos order: shorter keys first).
    static func map(_ entries: [(String, [UInt8])]) -> [UInt8] { head(5, entries.count) + entries.flatMap { text($0.0) + $0.1 } }
    /// The mirror BAT id of upstream's champ-bats vectors: CIDv1 raw sha2-256 of SHA-256("mirror-bat").
    static let batId = cid(codec: 0x55, digest: Hash.sha256(Hash.sha256(Array("mirror-bat".utf8))))
    /// `{"d": node, "bats": [BatId]}`, the form of a node carrying a mirror BAT.
    static func batNode(_ node: [UInt8], bats: [UInt8] = list([bstr(batId)])) -> [UInt8] { map([("d", node), ("bats", bats)]) }

    // MARK: Upstream blocks (final_root_block_cbor of upstream's champ vectors, commit d48e4c8f2)

    /// `identity_insert_1`: one bucket of one mapping (key 4bf6…, slot 3).
    static let upstreamOne = hex("83410840818258204bf6a6a1c250d2ae10fb2fecbf5754d8eb8c601be8d0ef2c7f48ea9d6446c575d82a5825000155122076548517bde9650b8615bb6648da4dfa559f831382abba59e97acf9cd0ebc179")
    /// `identity_prefix_collisions_remove`: one bucket of three 32-byte keys.
    static let upstreamBucketOf3 = hex("834101408186582000001d75b8b9492bb9553bcfd316e28b56cc0561c20ddc6303d780fcac669d4fd82a5825000155122089463533cdec60401e93fc4fa8e7d5e6ab3b4010e7738001c6a4e565726a43b0582000004624a3783b5fbfc1773c4e5967da98a188254dc87611e58746695f0af90fd82a58250001551220f2454b5c0af7101083fda07da2760530ca1d458c4ddab0319b45d77821315c3b58200000cf6b0320552695111248de9c8d2b7827fcd27414856d7e970fed35e411ded82a5825000155122058ab5b8fe7f5a79e481bd4fdca3e8967daac2f42e296f2323180974fab49367b")
    /// `blake2b_short_keys`: five buckets of one mapping, keys of 1 to 3 bytes (BLAKE2b key hasher).
    static let upstreamShortKeys = hex("8341bc40858243616263d82a58250001551220c6608d794d44b2194d694fa028a53b9805ec5329b2c835b4edec3f5e84388d568241ffd82a58250001551220ccaa2e445df567fcf11c0a1ddeca2918f1587de55f6fde9c0c03fc39a14804f182420102d82a58250001551220677c7ec4a9d3db41ebd8d286a6e0bdbedc187366eca32387a248636074208459824101d82a582500015512208887ac0ab864662368ea80bcc7bc674b7678c2f6b3e9d8916756c4d813104d7a824100d82a58250001551220a9725c3d5fbffb9ac253622d515f30fdfc3e77278e4189cabe72bd318e0d88ec")
    /// `identity_zero_prefix_5`: the root, one child link in slot 0 and nothing else.
    static let upstreamChildOnly = hex("8340410181d82a5825000171122085ba71cae0e6723cb1a517fd64764f954721e0bad7507dbc32e03204454cd7ac")
    /// `identity_insert_60`: the root, one bucket of 4 (slot 4) and 7 child links in descending slot order.
    static let upstreamMixed = hex("83411041ef88885820d439a5c25139caff13f460f7d971ad1cd8dac9d71da6eafa99c4aa78570883d9d82a58250001551220886da37104c83cba8a87c5f1208b462e11e4f163c8aa1b880059e16b3f5b542f5820e4a4025c4d059c13917eb886be2380175aaf4d0c8b99a8e65a99bea992f10696d82a5825000155122031b1c5f6fbf3dac2f2f3f82c568d981113b2dc59dd32f164f42787d786de8dc45820f4b429259057c4a87444c002249267740f4026214f5c226487b252b01102fc6cd82a5825000155122050eab95f6cabae4ca6964372c82ab1176423cec24060d263ea586d50cc0804575820f4b655251f3e729bcd49b51674fd8f8aab9f95724739cb25dd7231828c54b24bd82a5825000155122097fb9a228ffc9d7180559e02c1488fad929db243ee43fac11eea29f9c059f3d8d82a58250001711220799f3c4a15f13b99f5fb323efc3cb9e4b72bf2173c6fd670fc36b12d35caa882d82a58250001711220b3075e616186ffdc2625c9a07c9a3b2e88886858c3f428769fe295af86219dcbd82a58250001711220d2a1bcb9d261896bc2bb05081c512c3b7cf56a445781fa05cd565cb3d1e23737d82a582500017112200e4ee579dbef907a3bf2873cfa89a67abde23a3cf4f4d000b19332353d8b53a3d82a582500017112200b467dd538fefe43623c40a650f4e20bd2e3b1a4105e17ad15355904f535946ed82a58250001711220f83baa60c50eb4072fb2ddeb05051a71ff7f53e662e7cc66ee851b6d72e229e9d82a58250001711220b10c48507acc12067f2b2d12e37f839247ff5c2a57cc5b510767519683a3273c")

    /// `bat_empty` (upstream champ-bats vectors): the empty links CHAMP, `{"d": 83 40 40 80, "bats": [BatId]}`.
    static let upstreamBatEmpty = hex("a26164834040806462617473815824015512207e76ce7ba1e9d77124ecc54eed996f723cdbd8d594b96b0919b5a8f89620f227")
    /// `bat_insert_3`: a root with a mirror BAT and one bucket of three keys.
    static let upstreamBatInsert3 = hex("a26164834192408382582019849b53c9a5adcc11853017818fd7c3a01e0dda6ac04dd42d2d9d59569b8eb2d82a582500015512209176aea5c3f3e3ca57eb52897306630e6e3eeb0425d27f1c8672e2bea09f2642825820245aad9a6c1eff32be8f961f478b9d2a4c8dad2a203c79c66523008fcedae266d82a5825000155122088fcd0c36bdc476d487ca3bf8ccc639208706e87e4a6952f3a314fe21b2a175d825820779481d1b5eac6d90eabcb0fbbd14ad99e9b9b06bd44008ec0df438a63472d36d82a58250001551220c270d6a9fd378c164aa52b72a08d0a0bb90dc389a975b1c93a32ca51f42a6e5b6462617473815824015512207e76ce7ba1e9d77124ecc54eed996f723cdbd8d594b96b0919b5a8f89620f227")

    /// The input that crashed the reader before nodes were validated: dataMap 0x7f, no payloads.
    static let crash: [UInt8] = [0x83, 0x41, 0x7f, 0x40, 0x80]

    // MARK: node_decode

    enum Outcome {
        /// Read; re-encodes canonically to `reencoded`, holding `mappings` mappings and `children` links.
        case accepted(reencoded: [UInt8], mappings: Int, children: Int)
        /// Refused with this code.
        case refused(String)
    }

    struct NodeCase {
        let id: String
        let description: String
        let node: [UInt8]
        let outcome: Outcome
    }

    static func nodeCases() -> [NodeCase] {
        let one = bucket(keys: [0x01])
        func same(_ n: [UInt8], _ m: Int, _ c: Int) -> Outcome { .accepted(reencoded: n, mappings: m, children: c) }
        func accept(_ id: String, _ d: String, _ n: [UInt8], _ m: Int, _ c: Int) -> NodeCase { NodeCase(id: id, description: d, node: n, outcome: same(n, m, c)) }
        func refuse(_ id: String, _ d: String, _ n: [UInt8], _ code: String) -> NodeCase { NodeCase(id: id, description: d, node: n, outcome: .refused(code)) }
        let nullValues = node([0x01], [], [bucket([(key(1), nil), (key(2), nil), (key(3), nil), (key(4), nil)])])
        let mixed = node([0x01], [0x06], [one, child, child2])
        return [
            // Accepted.
            accept("empty_node", "the empty node 83 40 40 80 (an empty CHAMP's root)", node([], [], []), 0, 0),
            accept("upstream_one_mapping", "upstream's root after one put (identity_insert_1): dataMap 0x08, one bucket of one mapping", upstreamOne, 1, 0),
            accept("upstream_bucket_of_3", "upstream's root holding one bucket of three keys sharing a prefix (identity_prefix_collisions_remove)", upstreamBucketOf3, 3, 0),
            accept("upstream_short_keys", "upstream's root with five one-mapping buckets and keys of 1 to 3 bytes (blake2b_short_keys)", upstreamShortKeys, 5, 0),
            accept("upstream_child_only", "upstream's root whose only payload is a child link in slot 0 (identity_zero_prefix_5)", upstreamChildOnly, 0, 1),
            accept("upstream_bucket_and_children", "upstream's root with a bucket of 4 (slot 4) then 7 child links in descending slot order (identity_insert_60)", upstreamMixed, 4, 7),
            accept("bucket_of_4_null_values", "a full bucket (4 mappings, the maximum) whose values are all null", nullValues, 4, 0),
            accept("bucket_shorter_key_first", "bucket order is shorter key first, then bytewise: ff before 0000 is ascending",
                   node([0x01], [], [bucket([([0xff], value(0)), ([0x00, 0x00], value(1))])]), 2, 0),
            accept("bucket_then_children", "a bucket (slot 0) then child links for slots 2 and 1, in descending slot order", mixed, 1, 2),
            // Accepted: the map form of a node carrying a mirror BAT.
            accept("upstream_bat_empty", "upstream's empty links CHAMP (champ-bats bat_empty): the map {\"d\": 83 40 40 80, \"bats\": [BatId]}", upstreamBatEmpty, 0, 0),
            accept("upstream_bat_bucket_of_3", "upstream's links-style root with a mirror BAT and a bucket of three keys (champ-bats bat_insert_3)", upstreamBatInsert3, 3, 0),
            accept("bat_bucket_then_children", "the map form over a bucket (slot 0) and child links for slots 2 and 1", batNode(mixed), 1, 2),
            accept("bat_inline_id", "a BatId that is an inline (identity multihash) CID, as BatId.inline writes", batNode(node([], [], []), bats: list([bstr([0x01, 0x55, 0x00, 0x20] + key(0x42))])), 0, 0),
            NodeCase(id: "bitmap_trailing_zero_byte", description: "dataMap 01 00: a trailing zero byte (BitSet.toByteArray never writes one) reads as bitmap 01, as Java's BitSet.valueOf reads it; the node re-encodes with the one-byte bitmap, so its CID is not the block's",
                     node: node([0x01, 0x00], [], [one]), outcome: .accepted(reencoded: node([0x01], [], [one]), mappings: 1, children: 0)),
            NodeCase(id: "bitmap_single_zero_byte", description: "nodeMap 00 (one zero byte) reads as the empty bitmap; it re-encodes as the empty byte string",
                     node: node([0x01], [0x00], [one]), outcome: .accepted(reencoded: node([0x01], [], [one]), mappings: 1, children: 0)),
            // Refused: bitmaps against contents.
            refuse("crash_input", "83 41 7f 40 80, the input that crashed the reader before validation: dataMap names 7 buckets (popcount 7), contents is empty",
                   crash, "champ.bad_bitmap"),
            refuse("data_popcount_above_payloads", "dataMap 0x03 names two buckets, contents holds one", node([0x03], [], [one]), "champ.bad_bitmap"),
            refuse("data_popcount_below_payloads", "dataMap 0x01 names one bucket, contents holds two", node([0x01], [], [one, bucket(keys: [0x02])]), "champ.bad_bitmap"),
            refuse("node_popcount_above_links", "nodeMap 0x03 names two children, contents holds one link", node([], [0x03], [child]), "champ.bad_bitmap"),
            refuse("node_popcount_below_links", "nodeMap 0x01 names one child, contents holds two links", node([], [0x01], [child, child2]), "champ.bad_bitmap"),
            refuse("slot_in_both_bitmaps", "slot 0 set in both dataMap and nodeMap (payload count 2 matches the popcounts)", node([0x01], [0x01], [one, child]), "champ.bad_bitmap"),
            refuse("link_where_bucket_belongs", "dataMap 0x01 but the payload is a link", node([0x01], [], [child]), "champ.bad_bitmap"),
            refuse("bucket_where_link_belongs", "nodeMap 0x01 but the payload is a bucket", node([], [0x01], [one]), "champ.bad_bitmap"),
            refuse("link_before_bucket", "counts match (dataMap 0x01, nodeMap 0x02) but the link comes before the bucket", node([0x01], [0x02], [child, one]), "champ.bad_bitmap"),
            refuse("bitmap_bit_beyond_slot_7", "dataMap 01 01: bit 8 set, beyond the 8 slots of bit width 3", node([0x01, 0x01], [], [one]), "champ.bad_bitmap"),
            // Refused: buckets.
            refuse("bucket_of_5", "a bucket of 5 mappings (at most 4)", node([0x01], [], [bucket(keys: [1, 2, 3, 4, 5])]), "champ.bucket_too_large"),
            refuse("empty_bucket", "dataMap 0x01 names a bucket with no mappings", node([0x01], [], [list([])]), "champ.empty_bucket"),
            refuse("unsorted_bucket", "bucket keys 02… then 01… (same length, bytewise descending)", node([0x01], [], [bucket(keys: [0x02, 0x01])]), "champ.unsorted_bucket"),
            refuse("duplicate_key", "the same key twice in a bucket (not strictly ascending)", node([0x01], [], [bucket(keys: [0x01, 0x01])]), "champ.unsorted_bucket"),
            refuse("longer_key_first", "0000 before ff: bytewise ascending, but the longer key comes first",
                   node([0x01], [], [bucket([([0x00, 0x00], value(0)), ([0xff], value(1))])]), "champ.unsorted_bucket"),
            refuse("bucket_odd_items", "a bucket list of one item: a key without its value", node([0x01], [], [list([bstr(key(1))])]), "champ.malformed_node"),
            // Refused: child links.
            refuse("child_link_raw_codec", "a child link to a raw (0x55) CID, which cannot name a node", node([], [0x01], [value(0)]), "champ.bad_child_link"),
            refuse("child_link_dag_pb", "a child link to a dag-pb (0x70) CID", node([], [0x01], [link(cid(codec: 0x70, digest: Hash.sha256(Array("dag-pb".utf8))))]), "champ.bad_child_link"),
            refuse("child_not_a_link", "nodeMap 0x01 but the payload is a byte string holding a CID, not a tag-42 link", node([], [0x01], [bstr(cid(ofBlock: crash))]), "champ.malformed_node"),
            // Refused: map forms other than {"d": node, "bats": [one BatId]}.
            refuse("bat_map_extra_key", "the map form with a third key x between d and bats", map([("d", node([], [], [])), ("x", [0x01]), ("bats", list([bstr(batId)]))]), "champ.malformed_node"),
            refuse("bat_map_without_d", "a map holding only bats", map([("bats", list([bstr(batId)]))]), "champ.malformed_node"),
            refuse("bat_map_d_renamed", "the node list under the key e instead of d", map([("e", node([], [], [])), ("bats", list([bstr(batId)]))]), "champ.malformed_node"),
            refuse("bat_map_without_bats", "a map holding only d", map([("d", node([], [], []))]), "champ.malformed_node"),
            refuse("bats_not_a_list", "bats is the BatId byte string itself, not a list of it", batNode(node([], [], []), bats: bstr(batId)), "champ.bad_mirror_bat"),
            refuse("bats_empty", "bats is the empty list", batNode(node([], [], []), bats: list([])), "champ.bad_mirror_bat"),
            refuse("bats_two", "bats holds two BatIds (upstream writes exactly one)", batNode(node([], [], []), bats: list([bstr(batId), bstr(batId)])), "champ.bad_mirror_bat"),
            refuse("bat_as_link", "the BatId is a tag-42 link, not a byte string", batNode(node([], [], []), bats: list([link(batId)])), "champ.bad_mirror_bat"),
            refuse("bat_not_a_cid", "the BatId byte string 01 55 is not a CID", batNode(node([], [], []), bats: list([bstr([0x01, 0x55])])), "champ.bad_mirror_bat"),
            refuse("bat_map_crash_node", "the map form over the crash input 83 41 7f 40 80: the node inside is checked as any node", batNode(crash), "champ.bad_bitmap"),
            // Refused: not a node.
            refuse("two_items", "[dataMap, nodeMap] without contents", [0x82, 0x40, 0x40], "champ.malformed_node"),
            refuse("non_minimal_bitmap_head", "dataMap's byte-string head 58 01 is not the shortest (41): node blocks are canonical CBOR",
                   [0x83, 0x58, 0x01, 0x01, 0x40] + list([one]), "cbor.non_minimal_head"),
            refuse("trailing_bytes", "the empty node followed by a 00 byte", node([], [], []) + [0x00], "cbor.trailing_bytes"),
        ]
    }

    static func nodeVectors() -> [[String: Any]] {
        nodeCases().map { c in
            var v: [String: Any] = ["id": c.id, "kind": "node_decode", "description": c.description, "node": Hex.encode(c.node)]
            switch c.outcome {
            case .accepted(let reencoded, let mappings, let children):
                v["accepted"] = true
                v["reencoded"] = Hex.encode(reencoded)
                v["mappings"] = mappings
                v["children"] = children
            case .refused(let code):
                v["accepted"] = false
                v["error"] = true
                v["code"] = code
            }
            return v
        }
    }

    // MARK: champ_operation

    enum Op {
        case get(key: [UInt8])
        case put(key: [UInt8], value: [UInt8], expected: [UInt8]?)
        case remove(key: [UInt8], expected: [UInt8]?)
        case size
    }

    enum Result {
        case found([UInt8]?)
        case newRoot([UInt8])
        case size(Int)
        case refused(String)
    }

    struct OpCase {
        let id: String
        let description: String
        let hasher: String
        let blocks: [[UInt8]]
        let op: Op
        let result: Result
    }

    /// An identity-hashed key whose slot at depth 0 (the low 3 bits of its first byte) is `slot`,
    /// and 0 at every deeper level (every other bit is zero).
    static func keyInSlot(_ slot: UInt8) -> [UInt8] { [slot] + [UInt8](repeating: 0, count: 31) }

    static func opCases() -> [OpCase] {
        let zeroKey = keyInSlot(0)
        // A root whose slot-0 child is the crash node.
        let hostileChildRoot = node([], [0x01], [link(cid(ofBlock: crash))])
        // 34 nodes, each the slot-0 child of the one before, ending at the empty node: reaching the
        // last needs depth 33, beyond the deepest level (32).
        var chain: [[UInt8]] = [node([], [], [])]
        for _ in 0..<33 { chain.insert(node([], [0x01], [link(cid(ofBlock: chain[0]))]), at: 0) }
        // A root whose two child links name the same node.
        let shared = node([0x01], [], [bucket(keys: [0x01])])
        let dagRoot = node([], [0x03], [link(cid(ofBlock: shared)), link(cid(ofBlock: shared))])
        // Upstream's identity_insert_1 and identity_insert_8 (steps 1-2): key, value, roots.
        let k1 = hex("4bf6a6a1c250d2ae10fb2fecbf5754d8eb8c601be8d0ef2c7f48ea9d6446c575")
        let v1 = hex("0155122076548517bde9650b8615bb6648da4dfa559f831382abba59e97acf9cd0ebc179")
        let k2 = hex("8e7387166b7d5aef06be22f799d34954ada8e73815c57d531d39831362c57e3e")
        let v2 = hex("01551220ab37f86aeefa8d205f06eaced6cdb84349be2d12c8d42c69bb0dfc6616bb95f9")
        let rootAfter2 = hex("017112201f6acbff59c35ab88ba42534683647543e982ddf4fb5fca7036ae579a654fdb7")
        let emptyRoot = hex("01711220bb6ef01d25459cc803d0864cde4227cd2b779965eb1df34abeaec22c20fa42ea")
        func op(_ id: String, _ d: String, _ blocks: [[UInt8]], _ op: Op, _ r: Result, hasher: String = "identity") -> OpCase {
            OpCase(id: id, description: d, hasher: hasher, blocks: blocks, op: op, result: r)
        }
        let bad = Result.refused("champ.bad_bitmap")
        return [
            op("crash_root_get_slot_0", "get of a key in slot 0 from the crash node as root: dataMap claims a bucket there, contents is empty", [crash], .get(key: zeroKey), bad),
            op("crash_root_get_slot_7", "get of a key in slot 7, set in neither bitmap: still refused, the whole node is checked", [crash], .get(key: keyInSlot(7)), bad),
            op("crash_root_put_slot_7", "put of a key in slot 7 into the crash node (a bucket would be inserted at index popcount(0x7f) = 7 of an empty list)",
               [crash], .put(key: keyInSlot(7), value: v1, expected: nil), bad),
            op("crash_root_put_slot_3", "put of a key in slot 3, where dataMap claims a bucket", [crash], .put(key: keyInSlot(3), value: v1, expected: nil), bad),
            op("crash_root_remove_slot_3", "remove of a key in slot 3 from the crash node", [crash], .remove(key: keyInSlot(3), expected: v1), bad),
            op("crash_root_size", "size of a CHAMP whose root is the crash node", [crash], .size, bad),
            op("hostile_child_get", "get through a valid root into its slot-0 child, the crash node", [hostileChildRoot, crash], .get(key: zeroKey), bad),
            op("hostile_child_put", "put through a valid root into its slot-0 child, the crash node", [hostileChildRoot, crash], .put(key: zeroKey, value: v1, expected: nil), bad),
            op("hostile_child_size", "size of a valid root whose child is the crash node", [hostileChildRoot, crash], .size, bad),
            op("missing_child_get", "get through a root whose slot-0 child is not in the store", [hostileChildRoot], .get(key: zeroKey), .refused("champ.missing_node")),
            op("path_of_33_levels_get", "get of the zero key down a chain of 34 nodes, each the slot-0 child of the one before: the walk reaches depth 33, beyond the deepest level (32)",
               chain, .get(key: zeroKey), .refused("champ.too_deep")),
            op("path_of_33_levels_put", "put of the zero key down the same 34-node chain", chain, .put(key: zeroKey, value: v1, expected: nil), .refused("champ.too_deep")),
            op("path_of_33_levels_size", "size of the 34-node chain", chain, .size, .refused("champ.too_deep")),
            op("shared_child_size", "size of a root whose two child links (slots 0 and 1) name the same node: no CHAMP shares a node, and counting such a DAG is exponential",
               [dagRoot, shared], .size, .refused("champ.malformed_node")),
            // Positive controls over upstream's one-mapping root.
            op("upstream_root_get", "get of the key upstream put (identity_insert_1)", [upstreamOne], .get(key: k1), .found(v1)),
            op("upstream_root_get_absent", "get of a key not in the CHAMP (slot 6, empty)", [upstreamOne], .get(key: k2), .found(nil)),
            op("upstream_root_put", "a second put gives upstream's root after step 2 of identity_insert_8", [upstreamOne], .put(key: k2, value: v2, expected: nil), .newRoot(rootAfter2)),
            op("upstream_root_remove", "removing the only key gives upstream's empty root", [upstreamOne], .remove(key: k1, expected: v1), .newRoot(emptyRoot)),
            op("upstream_root_size", "one mapping", [upstreamOne], .size, .size(1)),
            op("upstream_short_keys_get", "get of key \"abc\" (616263) with the BLAKE2b key hasher (blake2b_short_keys)", [upstreamShortKeys], .get(key: Array("abc".utf8)),
               .found(hex("01551220c6608d794d44b2194d694fa028a53b9805ec5329b2c835b4edec3f5e84388d56")), hasher: "blake2b"),
        ]
    }

    static func opVectors() -> [[String: Any]] {
        opCases().map { c in
            var v: [String: Any] = ["id": c.id, "kind": "champ_operation", "description": c.description, "key_hasher": c.hasher,
                                    "blocks": c.blocks.map(Hex.encode)]
            switch c.op {
            case .get(let key): v["op"] = "get"; v["key"] = Hex.encode(key)
            case .put(let key, let value, let expected):
                v["op"] = "put"; v["key"] = Hex.encode(key); v["value"] = Hex.encode(value)
                if let e = expected { v["expected"] = Hex.encode(e) }
            case .remove(let key, let expected):
                v["op"] = "remove"; v["key"] = Hex.encode(key)
                if let e = expected { v["expected"] = Hex.encode(e) }
            case .size: v["op"] = "size"
            }
            switch c.result {
            case .found(let value?): v["found"] = true; v["result"] = Hex.encode(value)
            case .found(nil): v["found"] = false
            case .newRoot(let root): v["new_root"] = Hex.encode(root)
            case .size(let n): v["size"] = n
            case .refused(let code): v["error"] = true; v["code"] = code
            }
            return v
        }
    }
}
