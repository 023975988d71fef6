extension ChampNode {
    /// Checks that the bitmaps agree with the contents, as every node upstream writes does:
    /// no slot in both bitmaps; exactly popcount(dataMap) buckets followed by popcount(nodeMap)
    /// child links; each bucket 1 to ``Champ/maxCollisions`` mappings with strictly ascending keys
    /// (``ChampMapping/precedes(_:_:)``); each child link a dag-cbor CID.
    ///
    /// Every node read from bytes or CBOR passes this before any operation indexes into it, which
    /// is what makes the index arithmetic of get, put and remove safe on hostile blocks. It costs
    /// one pass over the payloads and no allocation.
    /// - Throws: ``ChampError/badBitmap``, ``ChampError/emptyBucket``, ``ChampError/bucketTooLarge(_:)``,
    ///   ``ChampError/unsortedBucket`` or ``ChampError/badChildLink(_:)``.
    public func validate() throws {
        guard dataMap & nodeMap == 0 else { throw ChampError.badBitmap }
        let buckets = dataMap.nonzeroBitCount
        guard contents.count == buckets + nodeMap.nonzeroBitCount else { throw ChampError.badBitmap }
        for (index, payload) in contents.enumerated() {
            switch payload {
            case .bucket(let mappings):
                guard index < buckets else { throw ChampError.badBitmap }
                guard !mappings.isEmpty else { throw ChampError.emptyBucket }
                guard mappings.count <= Champ.maxCollisions else { throw ChampError.bucketTooLarge(mappings.count) }
                for i in 1..<mappings.count where !ChampMapping.precedes(mappings[i - 1], mappings[i]) {
                    throw ChampError.unsortedBucket
                }
            case .child(let cid):
                guard index >= buckets else { throw ChampError.badBitmap }
                guard cid.codec == .dagCbor else { throw ChampError.badChildLink(cid) }
            }
        }
    }
}
