extension ChampNodeCodec {
    /// Where things are in a canonically encoded node, as seen from one slot: what the put path
    /// needs to splice a change into the bytes instead of decoding and re-encoding the node.
    ///
    /// Offsets are into the node's bytes. Every head the splicer rewrites is one byte here (a
    /// contents list of at most 8 payloads, a bucket of at most 8 items), and a bitmap is `40`
    /// (empty) or `41 xx`.
    struct Layout {
        enum Kind { case bucket, child, empty }

        var kind: Kind
        var dataMap: UInt8
        var nodeMap: UInt8
        /// The number of payloads in the contents list.
        var count: Int
        /// Offset of the dataMap byte string's head (just after the node list's head `83`).
        var dataMapAt: Int
        /// Offset of the nodeMap byte string's head.
        var nodeMapAt: Int
        /// Offset of the contents list's head.
        var countAt: Int
        /// Start of the slot's payload; for an empty slot, where a new bucket for it goes (the
        /// start of the payload now at index rank(dataMap, slot), or the end of the list).
        var start: Int
        /// End of the slot's payload (`start` for an empty slot).
        var end: Int
        /// Where a child link for the slot would go if its bucket became a child: the start of
        /// the first child of a lower slot (children are in descending slot order), or the end
        /// of the list.
        var childInsertAt: Int
    }

    /// Scans a whole node in the fast form and returns its layout for `slot`; nil if the bytes are
    /// not in the fast form (the caller then takes the general path, which decodes and validates).
    ///
    /// The whole node is scanned, not just the payloads before the slot, and everything
    /// ``ChampNode/validate()`` checks is checked here too, so no fast path answers from (or
    /// splices into) a node the general path would refuse: bitmaps disjoint and matching the
    /// payload count, buckets first (1 to 4 mappings, keys strictly ascending, values null or
    /// links) then child links (dag-cbor), nothing after the list (in the map form: nothing after
    /// the "bats" entry, whose BatId must be a 36-byte raw sha2-256 CIDv1 here). Links must be
    /// 36-byte sha2-256 CIDv1s of a known codec (41 bytes with their tag and head); any other link
    /// or BatId form goes to the general path. The scan allocates nothing.
    static func layout(_ buffer: UnsafeBufferPointer<UInt8>, slot: Int) -> Layout? {
        var r = Reader(bytes: buffer)
        let mapForm = r.mapFormStart()
        guard r.byte() == 0x83 else { return nil }
        // `41 00` (a zero byte BitSet.toByteArray never writes) goes to the general path, which
        // re-encodes it as `40`: splicing must give the bytes re-encoding gives.
        func bitmap() -> UInt8? {
            guard let n = r.head(2), n <= 1, buffer.count - r.i >= n, n == 0 || buffer[r.i] != 0 else { return nil }
            defer { r.i += n }
            return n == 0 ? 0 : buffer[r.i]
        }
        let dataMapAt = r.i
        guard let dataMap = bitmap() else { return nil }
        let nodeMapAt = r.i
        guard let nodeMap = bitmap() else { return nil }
        let countAt = r.i
        guard let count = r.head(4) else { return nil }
        let buckets = dataMap.nonzeroBitCount
        guard dataMap & nodeMap == 0, count == buckets + nodeMap.nonzeroBitCount else { return nil }
        let bit = UInt8(1) << UInt8(slot & 7)
        let below = bit &- 1
        let kind: Layout.Kind
        let target: Int
        if dataMap & bit != 0 {
            kind = .bucket
            target = (dataMap & below).nonzeroBitCount
        } else if nodeMap & bit != 0 {
            kind = .child
            target = count - 1 - (nodeMap & below).nonzeroBitCount
        } else {
            kind = .empty
            target = (dataMap & below).nonzeroBitCount
        }
        // Children of higher slots come first; the first child of a lower slot starts here.
        let childInsertIndex = buckets + (nodeMap & ~(below | bit)).nonzeroBitCount
        var start = -1, end = -1, childInsertAt = -1
        for index in 0..<count {
            if index == target { start = r.i }
            if index == childInsertIndex { childInsertAt = r.i }
            if index < buckets {
                guard r.skipBucket() else { return nil }
            } else {
                guard r.skipLink(childOnly: true) else { return nil }
            }
            if index == target { end = r.i }
        }
        if start < 0 { start = r.i; end = r.i }
        if childInsertAt < 0 { childInsertAt = r.i }
        if kind == .empty { end = start }
        if mapForm { guard r.skipBatTrailer() else { return nil } }
        guard r.i == buffer.count else { return nil }
        return Layout(kind: kind, dataMap: dataMap, nodeMap: nodeMap, count: count, dataMapAt: dataMapAt, nodeMapAt: nodeMapAt,
                      countAt: countAt, start: start, end: end, childInsertAt: childInsertAt)
    }
}
