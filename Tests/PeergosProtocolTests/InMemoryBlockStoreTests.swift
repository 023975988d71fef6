import PeergosCrypto
import PeergosMultiformats
import PeergosStorage
import Testing

/// The in-memory store keys sha2-256 CIDv1 blocks by their inline digest and every other CID by
/// the CID itself; both tables must behave as one map from CID to block.
@Suite("In-memory block store")
struct InMemoryBlockStoreTests {
    @Test("Cid.sha256 writes the same bytes as building the multihash first, for every codec")
    func cidFastPathMatchesGeneralConstruction() throws {
        let digest = Hash.sha256(Array("a block".utf8))
        for codec in Cid.Codec.allCases {
            let fast = try Cid.sha256(codec: codec, digest: digest)
            let general = Cid(codec: codec, multihash: try Multihash(type: .sha2_256, digest: digest))
            #expect(fast == general)
            #expect(fast.bytes == general.bytes)
            #expect(fast.multihash == general.multihash)
            #expect(try Cid(bytes: fast.bytes) == fast)
        }
    }

    @Test("Cid.sha256 still refuses a digest that is not 32 bytes, with the same error")
    func cidFastPathRefusesWrongDigestLength() {
        for length in [0, 31, 33, 64] {
            #expect(throws: MultiformatsError.invalidDigestLength(type: Multihash.HashType.sha2_256.name, length: length)) {
                _ = try Cid.sha256(codec: .raw, digest: [UInt8](repeating: 7, count: length))
            }
        }
    }

    @Test("the same bytes under two codecs are two blocks; each CID answers its own")
    func codecsAreDistinctKeys() throws {
        let store = InMemoryBlockStore()
        let block = Array("same bytes".utf8)
        let raw = try store.put(block, codec: .raw)
        let cbor = try store.put(block, codec: .dagCbor)
        #expect(raw != cbor)
        #expect(store.count == 2)
        #expect(try store.get(raw) == block)
        #expect(try store.get(cbor) == block)
        #expect(Set(store.blocks.keys) == [raw, cbor])
        // Same digest, codec never written: absent.
        #expect(try store.get(try Cid.sha256(codec: .libp2pKey, digest: Hash.sha256(block))) == nil)
        // A CIDv0 of the same digest is another CID, never written: absent.
        #expect(try store.get(try Cid.v0(Multihash(type: .sha2_256, digest: Hash.sha256(block)))) == nil)
    }

    @Test("a repeated put keeps one block and counts the call; identity CIDs answer their data")
    func repeatsAndIdentity() throws {
        let store = InMemoryBlockStore()
        let a = try store.put([1, 2, 3], codec: .raw)
        let again = try store.put([1, 2, 3], codec: .raw)
        #expect(a == again)
        #expect(store.count == 1)
        #expect(store.putCount == 2)
        let identity = try Cid.identity(codec: .raw, data: [9, 8, 7])
        #expect(try store.get(identity) == [9, 8, 7])
        #expect(try store.get(try Cid.sha256(codec: .raw, digest: Hash.sha256([4]))) == nil)
        #expect(store.blocks == [a: [1, 2, 3]])
    }

    @Test("every block stays reachable as the table grows many times; misses stay misses")
    func growthKeepsEveryBlock() throws {
        let store = InMemoryBlockStore()
        var cids: [Cid] = []
        for i in 0..<20_000 {
            cids.append(try store.put(Array("block \(i)".utf8), codec: i % 3 == 0 ? .raw : .dagCbor))
        }
        #expect(store.count == 20_000)
        for (i, cid) in cids.enumerated() {
            #expect(try store.get(cid) == Array("block \(i)".utf8))
        }
        for i in 20_000..<20_500 {
            #expect(try store.get(try Cid.sha256(codec: .raw, digest: Hash.sha256(Array("block \(i)".utf8)))) == nil)
        }
        #expect(store.blocks.count == 20_000)
    }

    @Test("a CID sharing a stored digest's first 8 bytes (the placement word) is another key")
    func placementWordIsNotIdentity() throws {
        let store = InMemoryBlockStore()
        let block = Array("a block".utf8)
        let cid = try store.put(block, codec: .raw)
        var digest = Hash.sha256(block)
        for last in [31, 8] {
            digest[last] ^= 0x01
            let near = try Cid.sha256(codec: .raw, digest: digest)
            #expect(try store.get(near) == nil)
        }
        #expect(try store.get(cid) == block)
    }
}
