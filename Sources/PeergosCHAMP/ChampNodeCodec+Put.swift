#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import PeergosMultiformats

/// The put path over encoded nodes: one scan of a node (``layout(_:slot:)``, which validates all
/// of it) decides what a put does there, and a change to the node is spliced into its bytes.
///
/// Invariant: for a node the scan accepts, every spliced result equals, byte for byte,
/// re-encoding the node the general path (``ChampNode`` and ``Champ``'s node operations) would
/// build, so roots and blocks are the same whichever path runs. Unchanged payloads are copied
/// as they are; only the heads and bitmaps around the change are rewritten.
extension ChampNodeCodec {
    /// What a put does at one node.
    enum PutStep {
        /// The slot holds a child: go down. `range` is where the child's CID bytes sit in the node.
        case descend(child: Cid, range: Range<Int>)
        /// The slot's bucket or empty slot takes the mapping: these are the new node's bytes.
        case write([UInt8])
        /// The key is in the slot's bucket with a value other than the expected one.
        case casMismatch
        /// The slot's bucket is full and lacks the key: it moves down a level. `mappings` is the
        /// bucket in bucket order.
        case pushDown(mappings: [ChampMapping], layout: Layout)
    }

    /// The step a put of `key` takes at the node `bytes`, whose slot for the key is `slot`; nil
    /// when the node is not in the fast form (the caller takes the general path).
    static func putStep(_ bytes: [UInt8], slot: Int, key: [UInt8], value: Cid?, expected: Cid?) -> PutStep? {
        bytes.withUnsafeBufferPointer { buffer -> PutStep? in
            guard let layout = layout(buffer, slot: slot), let base = buffer.baseAddress else { return nil }
            switch layout.kind {
            case .child:
                // A fast-form link is `d8 2a 58 25 00` and the 36 CID bytes.
                let range = (layout.start + 5)..<layout.end
                guard let cid = try? Cid(bytes: Array(UnsafeBufferPointer(rebasing: buffer[range]))) else { return nil }
                return .descend(child: cid, range: range)
            case .empty:
                return .write(insertBucket(base, buffer.count, layout, slot: slot, key: key, value: value))
            case .bucket:
                return bucketPut(buffer, layout, key: key, value: value, expected: expected)
            }
        }
    }

    /// The node with a new one-mapping bucket in the empty slot `slot`.
    static func insertBucket(_ base: UnsafePointer<UInt8>, _ count: Int, _ layout: Layout, slot: Int, key: [UInt8], value: Cid?) -> [UInt8] {
        let oldDataMap = layout.dataMap == 0 ? 1 : 2
        let bucket = 1 + keySize(key) + valueSize(value)
        return Splice.build(count: count - oldDataMap + 2 + bucket) { w in
            w.copy(base, 0..<layout.dataMapAt)
            w.put(0x41)
            w.put(layout.dataMap | UInt8(1) << UInt8(slot & 7))
            w.copy(base, layout.nodeMapAt..<layout.countAt)
            w.put(0x80 | UInt8(layout.count + 1))  // at most 8 payloads: a one-byte head
            w.copy(base, (layout.countAt + 1)..<layout.start)
            w.put(0x82)
            w.key(key)
            w.value(value)
            w.copy(base, layout.start..<count)
        }
    }

    /// Sets `key` in the bucket at `layout.start`: replaces its value (compare-and-swap against
    /// `expected`), or adds it in bucket order if the bucket has room; a full bucket lacking the
    /// key is handed back to be pushed down.
    static func bucketPut(_ buffer: UnsafeBufferPointer<UInt8>, _ layout: Layout, key: [UInt8], value: Cid?, expected: Cid?) -> PutStep? {
        guard let base = buffer.baseAddress else { return nil }
        var r = Reader(bytes: buffer, i: layout.start)
        guard let items = r.head(4) else { return nil }
        var insertAt = -1
        for _ in 0..<(items / 2) {
            let mappingAt = r.i
            guard let n = r.head(2) else { return nil }
            let keyAt = r.i
            let order = key.withUnsafeBufferPointer { k -> Int in
                if k.count != n { return k.count < n ? -1 : 1 }
                guard n > 0 else { return 0 }
                let c = memcmp(k.baseAddress!, base + keyAt, n)
                return c < 0 ? -1 : c > 0 ? 1 : 0
            }
            r.i += n
            // Values were checked by the scan: `f6`, or a 41-byte fast-form link.
            let valueAt = r.i
            let valueEnd = buffer[valueAt] == 0xf6 ? valueAt + 1 : valueAt + 41
            r.i = valueEnd
            if order == 0 {
                let current = buffer[valueAt] == 0xf6 ? nil : UnsafeBufferPointer(rebasing: buffer[(valueAt + 5)..<valueEnd])
                let same: Bool
                switch (current, expected) {
                case (nil, nil): same = true
                case (let c?, let e?): same = e.bytes.count == c.count && e.bytes.withUnsafeBufferPointer { memcmp($0.baseAddress!, c.baseAddress!, c.count) == 0 }
                default: same = false
                }
                guard same else { return .casMismatch }
                return .write(Splice.build(count: buffer.count - (valueEnd - valueAt) + valueSize(value)) { w in
                    w.copy(base, 0..<valueAt)
                    w.value(value)
                    w.copy(base, valueEnd..<buffer.count)
                })
            }
            if order < 0 { insertAt = mappingAt; break }  // keys ascend: the key is not further on
        }
        if insertAt < 0 { insertAt = layout.end }
        guard items / 2 < Champ.maxCollisions else {
            guard let mappings = mappings(buffer, at: layout.start) else { return nil }
            return .pushDown(mappings: mappings, layout: layout)
        }
        let added = keySize(key) + valueSize(value)
        return .write(Splice.build(count: buffer.count + added) { w in
            w.copy(base, 0..<layout.start)
            w.put(0x80 | UInt8(items + 2))  // at most 8 items: a one-byte head
            w.copy(base, (layout.start + 1)..<insertAt)
            w.key(key)
            w.value(value)
            w.copy(base, insertAt..<buffer.count)
        })
    }

    /// The mappings of the (scanned) bucket at `at`.
    static func mappings(_ buffer: UnsafeBufferPointer<UInt8>, at: Int) -> [ChampMapping]? {
        var r = Reader(bytes: buffer, i: at)
        guard let items = r.head(4) else { return nil }
        return r.mappings(pairs: items / 2)
    }

    /// The node with the bucket of `slot` (at `layout.start..<layout.end`) replaced by a link to
    /// `child` among the children (upstream `copyAndMigrateFromInlineToNode`).
    static func bucketToChild(_ bytes: [UInt8], _ layout: Layout, slot: Int, child: Cid) -> [UInt8] {
        bytes.withUnsafeBufferPointer { buffer in
            let base = buffer.baseAddress!
            let bit = UInt8(1) << UInt8(slot & 7)
            let dataMap = layout.dataMap & ~bit, nodeMap = layout.nodeMap | bit
            let oldMaps = (layout.dataMap == 0 ? 1 : 2) + (layout.nodeMap == 0 ? 1 : 2)
            let newMaps = (dataMap == 0 ? 1 : 2) + 2
            let count = buffer.count - oldMaps + newMaps - (layout.end - layout.start) + linkSize(child)
            return Splice.build(count: count) { w in
                w.copy(base, 0..<layout.dataMapAt)
                if dataMap == 0 { w.put(0x40) } else { w.put(0x41); w.put(dataMap) }
                w.put(0x41)
                w.put(nodeMap)
                w.copy(base, layout.countAt..<layout.start)  // the count is unchanged
                w.copy(base, layout.end..<layout.childInsertAt)
                w.link(child)
                w.copy(base, layout.childInsertAt..<buffer.count)
            }
        }
    }

    static func keySize(_ key: [UInt8]) -> Int { headSize(key.count) + key.count }
    static func linkSize(_ cid: Cid) -> Int { 2 + headSize(cid.bytes.count + 1) + 1 + cid.bytes.count }
    static func valueSize(_ value: Cid?) -> Int { value.map(linkSize) ?? 1 }

    /// Writes a node of known size into one buffer.
    struct Splice {
        let out: UnsafeMutableBufferPointer<UInt8>
        var i = 0

        static func build(count: Int, _ body: (inout Splice) -> Void) -> [UInt8] {
            [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
                var w = Splice(out: buffer)
                body(&w)
                precondition(w.i == count, "CHAMP splice size mismatch")
                initialized = w.i
            }
        }

        mutating func put(_ b: UInt8) {
            out[i] = b
            i += 1
        }

        mutating func copy(_ base: UnsafePointer<UInt8>, _ range: Range<Int>) {
            guard !range.isEmpty else { return }
            (out.baseAddress! + i).update(from: base + range.lowerBound, count: range.count)
            i += range.count
        }

        mutating func raw(_ b: [UInt8]) {
            b.withUnsafeBufferPointer { copy($0.baseAddress ?? UnsafePointer(bitPattern: 1)!, 0..<$0.count) }
        }

        mutating func head(_ major: UInt8, _ n: Int) {
            let m = major << 5
            if n < 24 { put(m | UInt8(n)) }
            else if n <= 0xff { put(m | 24); put(UInt8(n)) }
            else if n <= 0xffff { put(m | 25); put(UInt8(n >> 8)); put(UInt8(n & 0xff)) }
            else { put(m | 26); for s in [24, 16, 8, 0] { put(UInt8(truncatingIfNeeded: n >> s)) } }
        }

        mutating func key(_ key: [UInt8]) {
            head(2, key.count)
            raw(key)
        }

        mutating func link(_ cid: Cid) {
            put(0xd8)
            put(42)
            head(2, cid.bytes.count + 1)
            put(0)
            raw(cid.bytes)
        }

        mutating func value(_ value: Cid?) {
            if let value { link(value) } else { put(0xf6) }
        }
    }
}
