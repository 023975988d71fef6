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
}
