import PeergosTestSupport
import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosMultiformats
import PeergosStorage
import Testing

/// CHAMP nodes carrying a mirror BAT: the map form `{"d": node, "bats": [BatId]}` is read and
/// written by both codecs, malformed map forms are refused with a typed error on every path, and
/// put/remove give the BAT to the nodes upstream gives it to (and only those).
@Suite("CHAMP mirror BAT")
struct ChampMirrorBatTests {
    /// The BatId of upstream's champ-bats vectors: CIDv1 raw sha2-256 of SHA-256("mirror-bat").
    static let bat = try! Cid.sha256(codec: .raw, digest: Hash.sha256(Hash.sha256(Array("mirror-bat".utf8))))
    static let otherBat = try! Cid.sha256(codec: .raw, digest: Hash.sha256(Array("other-bat".utf8)))
    static func value(_ n: Int) -> Cid { try! Cid.sha256(codec: .raw, digest: Hash.sha256(Array("v\(n)".utf8))) }
    /// Identity-hashed keys whose depth-0 slot is `slot`.
    static func key(slot: UInt8, _ n: UInt8) -> [UInt8] { [slot | (n << 3)] + [UInt8](repeating: n, count: 31) }
    static func key(_ i: Int) -> [UInt8] { Hash.sha256(Array("bat-champ-key#\(i)".utf8)) }

    static func hex(_ s: String) -> [UInt8]? {
        let chars = Array(s.utf8)
        guard chars.count % 2 == 0 else { return nil }
        return stride(from: 0, to: chars.count, by: 2).compactMap { UInt8(String(decoding: chars[$0..<$0 + 2], as: UTF8.self), radix: 16) }
    }

    static let emptyList = CborObject.list([.bytes([]), .bytes([]), .list([])])
    static func map(_ entries: [(String, CborObject)]) -> [UInt8] { CborObject.map(try! CborMap(entries)).serialize() }

    /// The ChampError `body` throws (nil if it succeeds or throws something else).
    static func champError<T>(_ body: () throws -> T) -> ChampError? {
        do { _ = try body(); return nil } catch let e as ChampError { return e } catch { return nil }
    }

    /// Every way of reading `bytes` (as a node, or as a CHAMP root for get, lookupPath, put, remove,
    /// size) must throw a ChampError accepted by `matches`, with `code`.
    static func expectRefused(_ bytes: [UInt8], code: String, _ matches: (ChampError) -> Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        let root = try store.put(bytes, codec: .dagCbor)
        let key = key(slot: 0, 1)
        let outcomes: [(String, ChampError?)] = [
            ("ChampNode(bytes:)", champError { try ChampNode(bytes: bytes) }),
            ("ChampNode(cbor:)", champError { try ChampNode(cbor: CborObject.decode(bytes)) }),
            ("get", champError { try champ.get(root: root, key: key) }),
            ("lookupPath", champError { try champ.lookupPath(root: root, key: key) }),
            ("put", champError { try champ.put(root: root, key: key, value: value(1), expected: nil, mirrorBat: bat) }),
            ("remove", champError { try champ.remove(root: root, key: key, expected: nil, mirrorBat: bat) }),
            ("size", champError { try champ.size(root: root) }),
        ]
        for (what, error) in outcomes {
            #expect(error.map(matches) == true, "\(what) threw \(String(describing: error))", sourceLocation: sourceLocation)
            #expect(error?.code == code, "\(what)", sourceLocation: sourceLocation)
        }
    }

    static func isMalformed(_ e: ChampError) -> Bool { if case .malformedNode = e { return true } else { return false } }
    static func isBadBat(_ e: ChampError) -> Bool { if case .badMirrorBat = e { return true } else { return false } }

    @Test("the empty node with a BAT is upstream's map form; the plain empty node is unchanged")
    func emptyForms() throws {
        let withBat = ChampNode.empty(mirrorBat: Self.bat)
        let expected = Self.hex("a26164834040806462617473815824015512207e76ce7ba1e9d77124ecc54eed996f723cdbd8d594b96b0919b5a8f89620f227")!
        #expect(withBat.serialize() == expected)
        #expect(withBat.toCbor().serialize() == expected)
        #expect(ChampNode.empty.serialize() == [0x83, 0x40, 0x40, 0x80])
        #expect(ChampNode.empty(mirrorBat: nil) == .empty)
        // Both readers give the same node, BAT included.
        #expect(try ChampNode(bytes: expected) == withBat)
        #expect(try ChampNode(cbor: CborObject.decode(expected)) == withBat)
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        #expect(try champ.createEmpty(mirrorBat: Self.bat).bytes == Self.hex("01711220cf1c7d08212f7aec6b2ec9423c3a2a6277c7da883127f6da4ae4fd300a88df72")!)
        #expect(try champ.createEmpty() == Cid.sha256(codec: .dagCbor, digest: Hash.sha256([0x83, 0x40, 0x40, 0x80])))
    }

    @Test("a map-form node with buckets and children round-trips through both codecs; a BatId other than raw sha2-256 takes the general path")
    func roundTrips() throws {
        let child = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256([1]))
        let node = ChampNode(dataMap: 0x01, nodeMap: 0x04, contents: [.bucket([ChampMapping(key: Self.key(slot: 0, 1), value: Self.value(1))]), .child(child)], mirrorBat: Self.bat)
        let bytes = node.serialize()
        #expect(bytes == node.toCbor().serialize())
        #expect(try ChampNode(bytes: bytes) == node)
        let inline = try Cid.identity(codec: .raw, data: Hash.sha256([9]))  // an inline BatId (identity multihash)
        var inlineNode = node
        inlineNode.mirrorBat = inline
        #expect(try ChampNode(bytes: inlineNode.serialize()) == inlineNode)
        #expect(inlineNode.serialize() == inlineNode.toCbor().serialize())
        // Lookups over either BatId form, through the fast path and the general one.
        for root in [node, inlineNode] {
            let store = InMemoryBlockStore()
            let cid = try store.put(root.serialize(), codec: .dagCbor)
            let champ = Champ(hasher: .identity, store: store)
            #expect(try champ.get(root: cid, key: Self.key(slot: 0, 1)) == Self.value(1))
            #expect(try champ.get(root: cid, key: Self.key(slot: 0, 2)) == nil)
            #expect(try champ.get(root: cid, key: Self.key(slot: 1, 2)) == nil)
            #expect(try champ.lookupPath(root: cid, key: Self.key(slot: 0, 1)).path == [cid])
            #expect(throws: ChampError.missingNode(child)) { try champ.get(root: cid, key: Self.key(slot: 2, 1)) }
        }
    }

    @Test("malformed map forms are refused with a typed error and code on every path")
    func refusals() throws {
        let batItem = CborObject.bytes(Self.bat.bytes)
        // Extra key, d missing (with another key in its place, or alone), bats missing.
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("x", .integer(1)), ("bats", .list([batItem]))]), code: "champ.malformed_node", Self.isMalformed)
        try Self.expectRefused(Self.map([("e", Self.emptyList), ("bats", .list([batItem]))]), code: "champ.malformed_node", Self.isMalformed)
        try Self.expectRefused(Self.map([("bats", .list([batItem]))]), code: "champ.malformed_node", Self.isMalformed)
        try Self.expectRefused(Self.map([("d", Self.emptyList)]), code: "champ.malformed_node", Self.isMalformed)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bat", .list([batItem]))]), code: "champ.malformed_node", Self.isMalformed)
        // bats not a list, empty, two BATs, element not bytes (a link, text), bytes not a CID.
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", batItem)]), code: "champ.bad_mirror_bat", Self.isBadBat)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", .list([]))]), code: "champ.bad_mirror_bat", Self.isBadBat)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", .list([batItem, .bytes(Self.otherBat.bytes)]))]), code: "champ.bad_mirror_bat", Self.isBadBat)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", .list([.link(Self.bat.bytes)]))]), code: "champ.bad_mirror_bat", Self.isBadBat)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", .list([.text("zb2rh")]))]), code: "champ.bad_mirror_bat", Self.isBadBat)
        try Self.expectRefused(Self.map([("d", Self.emptyList), ("bats", .list([.bytes([0x01, 0x55])]))]), code: "champ.bad_mirror_bat", Self.isBadBat)
        // The list inside is still validated: a bad bitmap in `d` is a bad bitmap.
        let crash = CborObject.list([.bytes([0x7f]), .bytes([]), .list([])])
        try Self.expectRefused(Self.map([("d", crash), ("bats", .list([batItem]))]), code: "champ.bad_bitmap") { $0 == .badBitmap }
        // A map form nested as `d` is not a node list.
        let nested = try CborObject.decode(ChampNode.empty(mirrorBat: Self.bat).serialize())
        #expect(throws: (any Error).self) { try ChampNode(cbor: .map(try CborMap([("d", nested), ("bats", .list([batItem]))]))) }
    }

    @Test("put and remove with a mirror BAT give it to the root only, as upstream")
    func propagation() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        func node(_ cid: Cid) throws -> ChampNode { try ChampNode(bytes: try store.get(cid)!) }
        func children(_ cid: Cid) throws -> [Cid] { try node(cid).contents.compactMap { if case .child(let c) = $0 { return c } else { return nil } } }

        // 5 keys in slot 0: the fifth pushes the bucket down; the child has no BAT, the root keeps it.
        var root = try champ.createEmpty(mirrorBat: Self.bat)
        for n in UInt8(1)...5 { root = try champ.put(root: root, key: Self.key(slot: 0, n), value: Self.value(Int(n)), expected: nil, mirrorBat: Self.bat) }
        #expect(try node(root).mirrorBat == Self.bat)
        let child = try children(root)
        #expect(child.count == 1)
        #expect(try node(child[0]).mirrorBat == nil)

        // A put that only relinks a changed child leaves the root's BAT as it is (here: none).
        var plain = try champ.createEmpty()
        for n in UInt8(1)...5 { plain = try champ.put(root: plain, key: Self.key(slot: 0, n), value: Self.value(Int(n)), expected: nil) }
        let relinked = try champ.put(root: plain, key: Self.key(slot: 0, 6), value: Self.value(6), expected: nil, mirrorBat: Self.bat)
        #expect(try node(relinked).mirrorBat == nil)
        // A put into the root's own bucket gives the root the BAT; one without a BAT keeps it.
        let withBat = try champ.put(root: plain, key: Self.key(slot: 3, 1), value: Self.value(31), expected: nil, mirrorBat: Self.bat)
        #expect(try node(withBat).mirrorBat == Self.bat)
        let kept = try champ.put(root: withBat, key: Self.key(slot: 4, 1), value: Self.value(41), expected: nil)
        #expect(try node(kept).mirrorBat == Self.bat)
        // A different BAT replaces it.
        let replaced = try champ.put(root: kept, key: Self.key(slot: 5, 1), value: Self.value(51), expected: nil, mirrorBat: Self.otherBat)
        #expect(try node(replaced).mirrorBat == Self.otherBat)

        // Escalation: removing one of the 5 collapses the child into one bucket that replaces the
        // root; it carries the BAT when one is given, none when not.
        let escalated = try champ.remove(root: root, key: Self.key(slot: 0, 3), expected: Self.value(3), mirrorBat: Self.bat)
        #expect(try node(escalated).mirrorBat == Self.bat)
        #expect(try children(escalated).isEmpty)
        let escalatedPlain = try champ.remove(root: root, key: Self.key(slot: 0, 3), expected: Self.value(3))
        #expect(try node(escalatedPlain).mirrorBat == nil)
        #expect(try node(escalatedPlain).contents == node(escalated).contents)

        // A root of exactly 5 keys and no children, remove without a BAT: upstream rebuilds it with
        // the (absent) argument, so the BAT is dropped; with 4 keys a remove without one keeps it.
        var five = try champ.createEmpty(mirrorBat: Self.bat)
        for slot in UInt8(0)..<5 { five = try champ.put(root: five, key: Self.key(slot: slot, 1), value: Self.value(Int(slot)), expected: nil, mirrorBat: Self.bat) }
        let four = try champ.remove(root: five, key: Self.key(slot: 0, 1), expected: Self.value(0))
        #expect(try node(four).mirrorBat == nil)
        let fourKept = try champ.remove(root: five, key: Self.key(slot: 0, 1), expected: Self.value(0), mirrorBat: Self.bat)
        #expect(try node(fourKept).mirrorBat == Self.bat)
        let three = try champ.remove(root: fourKept, key: Self.key(slot: 1, 1), expected: Self.value(1))
        #expect(try node(three).mirrorBat == Self.bat)
        #expect(try champ.size(root: three) == 3)
    }

    @Test("a BAT on a node below the root is accepted and kept, as upstream accepts and keeps it")
    func batBelowRoot() throws {
        let store = InMemoryBlockStore()
        let champ = Champ(hasher: .identity, store: store)
        // A child (depth 1) holding 5 keys of slot 0 in its own slots, carrying a BAT.
        var mappings: [[ChampMapping]] = []
        for n in UInt8(1)...5 { mappings.append([ChampMapping(key: Self.key(slot: 0, n), value: Self.value(Int(n)))]) }
        // At depth 1 the slot is bits 3-5 of the first byte: n for key(slot: 0, n).
        let childNode = ChampNode(dataMap: 0b0011_1110, nodeMap: 0, contents: mappings.map { .bucket($0) }, mirrorBat: Self.otherBat)
        let childCid = try store.put(childNode.serialize(), codec: .dagCbor)
        let root = try store.put(ChampNode(dataMap: 0, nodeMap: 0x01, contents: [.child(childCid)]).serialize(), codec: .dagCbor)
        #expect(try champ.get(root: root, key: Self.key(slot: 0, 4)) == Self.value(4))
        #expect(try champ.size(root: root) == 5)
        // A put into the child keeps the child's BAT (the argument is not applied below the root).
        let newRoot = try champ.put(root: root, key: Self.key(slot: 0, 6), value: Self.value(6), expected: nil, mirrorBat: Self.bat)
        let newRootNode = try ChampNode(bytes: try store.get(newRoot)!)
        #expect(newRootNode.mirrorBat == nil)
        guard case .child(let newChild) = newRootNode.contents[0] else { Issue.record("no child"); return }
        #expect(try ChampNode(bytes: try store.get(newChild)!).mirrorBat == Self.otherBat)
        #expect(try champ.get(root: newRoot, key: Self.key(slot: 0, 6)) == Self.value(6))
    }
}
