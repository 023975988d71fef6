import PeergosCBOR
import PeergosMultiformats

/// One key and its value (a link, or none) in a CHAMP bucket.
public struct ChampMapping: Hashable, Sendable {
    public let key: [UInt8]
    public let value: Cid?

    public init(key: [UInt8], value: Cid?) {
        self.key = key
        self.value = value
    }

    /// Bucket order: shorter keys first, then unsigned bytewise.
    static func precedes(_ a: ChampMapping, _ b: ChampMapping) -> Bool {
        a.key.count != b.key.count ? a.key.count < b.key.count : a.key.lexicographicallyPrecedes(b.key)
    }
}

/// A CHAMP node with 8 slots (bit width 3): CBOR `[bytes dataMap, bytes nodeMap, contents]`.
///
/// Bitmaps are written as Java's `BitSet.toByteArray()` (bit k of byte k/8; trailing zero bytes
/// dropped, so an empty bitmap is an empty byte string). `contents` lists one bucket per set
/// `dataMap` bit in ascending slot order (`[key1, value1, key2, value2, …]`, keys in bucket order,
/// values links or null), then one link per set `nodeMap` bit in descending slot order.
/// The payload list is kept as read, so nodes upstream writes in every state round-trip exactly.
///
/// A node may carry a mirror BAT (upstream `Champ.mirrorBat`, set on the root of the secret-links
/// CHAMP): it is then written as the map `{"d": <the list above>, "bats": [BatId]}` ("d" first in
/// Peergos key order), the BatId being a byte string of the CID's bytes (no tag 42). A node
/// without one is the plain list, byte for byte as before.
///
/// Invariant for every node read from bytes or CBOR (``validate()``): the bitmaps agree with the
/// contents. Nodes built with the memberwise initializer are the caller's responsibility.
public struct ChampNode: Hashable, Sendable {
    public enum Payload: Hashable, Sendable {
        case bucket([ChampMapping])
        case child(Cid)
    }

    public var dataMap: UInt8
    public var nodeMap: UInt8
    public var contents: [Payload]
    /// The mirror BAT id the node carries (upstream `Champ.mirrorBat`), nil for the plain list form.
    /// Only roots get one from put and remove (see ``Champ/put(root:key:value:expected:mirrorBat:)``),
    /// but a reader accepts it on any node, as upstream does.
    public var mirrorBat: Cid?

    public init(dataMap: UInt8, nodeMap: UInt8, contents: [Payload], mirrorBat: Cid? = nil) {
        self.dataMap = dataMap
        self.nodeMap = nodeMap
        self.contents = contents
        self.mirrorBat = mirrorBat
    }

    /// The empty node carrying `mirrorBat` (upstream `Champ.empty(...).withBat(mirrorBat)`).
    public static func empty(mirrorBat: Cid?) -> ChampNode {
        ChampNode(dataMap: 0, nodeMap: 0, contents: [], mirrorBat: mirrorBat)
    }

    public static let empty = ChampNode(dataMap: 0, nodeMap: 0, contents: [])

    var keyCount: Int {
        contents.reduce(0) { n, p in if case .bucket(let m) = p { return n + m.count } else { return n } }
    }

    var childCount: Int {
        contents.reduce(0) { n, p in if case .child = p { return n + 1 } else { return n } }
    }

    @inline(__always)
    static func has(_ map: UInt8, _ bit: Int) -> Bool { map & (1 << UInt8(bit)) != 0 }

    /// Set bits of `map` below `bit`.
    @inline(__always)
    static func rank(_ map: UInt8, _ bit: Int) -> Int { (map & ((1 << UInt8(bit)) &- 1)).nonzeroBitCount }

    /// Index in `contents` of the child for `bit`.
    func childIndex(_ bit: Int) -> Int { contents.count - 1 - ChampNode.rank(nodeMap, bit) }

    // MARK: CBOR

    public func toCbor() -> CborObject {
        func bitmap(_ m: UInt8) -> CborObject { .bytes(m == 0 ? [] : [m]) }
        let items: [CborObject] = contents.map { payload in
            switch payload {
            case .child(let cid):
                return .link(cid.bytes)
            case .bucket(let mappings):
                var list: [CborObject] = []
                list.reserveCapacity(mappings.count * 2)
                for m in mappings {
                    list.append(.bytes(m.key))
                    list.append(m.value.map { .link($0.bytes) } ?? .null)
                }
                return .list(list)
            }
        }
        let list = CborObject.list([bitmap(dataMap), bitmap(nodeMap), .list(items)])
        guard let mirrorBat else { return list }
        return .map(["d": list, "bats": .list([.bytes(mirrorBat.bytes)])])
    }

    /// The canonical bytes (equal to `toCbor().serialize()`, written directly).
    public func serialize() -> [UInt8] { ChampNodeCodec.encode(self) }

    /// Reads a node in either form: the list, or the map `{"d": list, "bats": [BatId]}` with
    /// exactly those two keys.
    /// - Throws: ``ChampError/malformedNode(_:)`` for a map with other keys (or without `d` or
    ///   `bats`); ``ChampError/badMirrorBat(_:)`` for a `bats` that is not a list of exactly one
    ///   byte string holding a CID; ``CborSchemaError`` for a node (or `d`) that is neither a list
    ///   nor a map, as for any non-list node; whatever the list form's reader throws for `d`.
    public init(cbor: CborObject) throws {
        guard case .map(let m) = cbor else {
            try self.init(nodeList: cbor)
            return
        }
        // Upstream writes exactly these two keys; it would ignore others and take the first of
        // several BATs, but a block read back and re-encoded must give the same bytes (its CID),
        // so anything else is refused.
        guard m.count == 2, let d = m["d"], let bats = m["bats"] else {
            throw ChampError.malformedNode("a map-form node must have exactly the keys d and bats, not \(m.keys)")
        }
        guard case .list(let items) = bats else { throw ChampError.badMirrorBat("bats is \(bats.kindName), not a list") }
        guard items.count == 1 else { throw ChampError.badMirrorBat("bats holds \(items.count) items, not one") }
        guard case .bytes(let batBytes) = items[0] else { throw ChampError.badMirrorBat("the BatId is \(items[0].kindName), not bytes") }
        let bat: Cid
        do { bat = try Cid(bytes: batBytes.array) } catch { throw ChampError.badMirrorBat("the BatId is not a CID: \(error)") }
        try self.init(nodeList: d)
        mirrorBat = bat
    }

    /// Reads the list form `[dataMap, nodeMap, contents]` and validates it.
    init(nodeList cbor: CborObject) throws {
        mirrorBat = nil
        let list = try cbor.asList("CHAMP node")
        guard list.count == 3 else { throw ChampError.malformedNode("expected [dataMap, nodeMap, contents]") }
        func bitmap(_ o: CborObject, _ what: String) throws -> UInt8 {
            let b = try o.asBytes(what)
            guard b.count <= 1 else {
                // BitSet.toByteArray drops trailing zero bytes; with 8 slots only one byte can be non-zero.
                guard b.dropFirst().allSatisfy({ $0 == 0 }) else { throw ChampError.badBitmap }
                return b.first ?? 0
            }
            return b.first ?? 0
        }
        dataMap = try bitmap(list[0], "dataMap")
        nodeMap = try bitmap(list[1], "nodeMap")
        contents = try list[2].asList("contents").map { item in
            switch item {
            case .link(let bytes):
                return .child(try Cid(bytes: bytes.array))
            case .list(let flat):
                guard flat.count % 2 == 0 else { throw ChampError.malformedNode("bucket with an odd number of items") }
                var mappings: [ChampMapping] = []
                mappings.reserveCapacity(flat.count / 2)
                var i = 0
                while i < flat.count {
                    let key = try flat[i].asBytes("bucket key")
                    let value: Cid? = try flat[i + 1].isNull ? nil : Cid(bytes: flat[i + 1].asLink("bucket value"))
                    mappings.append(ChampMapping(key: key, value: value))
                    i += 2
                }
                return .bucket(mappings)
            default:
                throw ChampError.malformedNode("contents item is \(item.kindName)")
            }
        }
        try validate()
    }

    /// Reads a node block: the canonical encoding, checked by ``validate()``.
    /// - Throws: ``CborError`` for bytes that are not canonical CBOR, ``ChampError`` for CBOR that
    ///   is not a well-formed node.
    public init(bytes: [UInt8]) throws {
        if let fast = ChampNodeCodec.decode(bytes) {
            try fast.validate()
            self = fast
            return
        }
        try self.init(cbor: CborObject.decode(bytes, options: .strict))
    }
}
