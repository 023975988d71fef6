#if canImport(Glibc)
import Glibc
#else
import Foundation
#endif
import PeergosCBOR
import PeergosMultiformats

/// A direct reader and writer for the canonical encoding of CHAMP nodes, used on the hot path of
/// every walk. It accepts only the canonical form ``ChampNode/serialize()`` writes (shortest heads,
/// byte-string keys, 36-byte-or-other CIDs in tag 42 with the 0x00 prefix); anything else falls
/// back to the general CBOR reader, so both paths give the same node for the same bytes.
///
/// Both node forms are read and written: the list `[dataMap, nodeMap, contents]`, and the map
/// `{"d": list, "bats": [BatId]}` of a node carrying a mirror BAT, which is the bytes
/// `a2 61 64` ("d"), the list, `64 62 61 74 73` ("bats"), `81` and the BatId byte string.
enum ChampNodeCodec {
    /// `a2 61 64`: a map of two entries whose first key is "d".
    static let mapPrefix: [UInt8] = [0xa2, 0x61, 0x64]
    /// `64 "bats" 81`: the second key and the head of its one-item list.
    static let batsKey: [UInt8] = [0x64, 0x62, 0x61, 0x74, 0x73, 0x81]

    struct Reader {
        init(bytes: UnsafeBufferPointer<UInt8>, i: Int = 0) {
            self.bytes = bytes
            self.i = i
        }

        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

        /// Reads `pairs` mappings of a bucket (each a key byte string, then a link or null), or
        /// nil at the first item that is neither.
        mutating func mappings(pairs: Int) -> [ChampMapping]? {
            var mappings: [ChampMapping] = []
            mappings.reserveCapacity(pairs)
            for _ in 0..<pairs {
                guard let key = bytesItem(), i < bytes.count else { return nil }
                if bytes[i] == 0xf6 {
                    i += 1
                    mappings.append(ChampMapping(key: key, value: nil))
                } else {
                    guard let value = link() else { return nil }
                    mappings.append(ChampMapping(key: key, value: value))
                }
            }
            return mappings
        }

        mutating func skipBytes() -> Bool {
            guard let n = head(2), bytes.count - i >= n else { return false }
            i += n
            return true
        }

        mutating func skipLink() -> Bool { byte() == 0xd8 && byte() == 42 && skipBytes() }

        /// Skips a link in the fast form: tag 42 over `00` and a 36-byte CIDv1 with a sha2-256
        /// multihash and a known codec (dag-cbor only, when `childOnly`).
        mutating func skipLink(childOnly: Bool) -> Bool {
            // `d8 2a 58 25 00 01 <codec> 12 20` then the 32-byte digest: 41 bytes. The first 8 are
            // compared as one little-endian word with the codec byte masked out.
            guard bytes.count - i >= 41, let base = bytes.baseAddress else { return false }
            let word = UInt64(littleEndian: UnsafeRawPointer(base + i).loadUnaligned(as: UInt64.self))
            guard word & 0xff00_ffff_ffff_ffff == 0x1200_0100_2558_2ad8, base[i + 8] == 0x20 else { return false }
            let codec = UInt8(truncatingIfNeeded: word >> 48)
            guard childOnly ? codec == 0x71 : (codec == 0x55 || codec == 0x70 || codec == 0x71 || codec == 0x72) else { return false }
            i += 41
            return true
        }

        /// Whether the `n`-byte key at `a` sorts strictly before the one at `b` (unsigned bytewise).
        /// Keys are hashes or random, so the first 8 bytes, compared as one big-endian word, nearly
        /// always decide.
        @inline(__always)
        static func keyPrecedes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ n: Int) -> Bool {
            if n >= 8 {
                let wa = UnsafeRawPointer(a).loadUnaligned(as: UInt64.self).bigEndian
                let wb = UnsafeRawPointer(b).loadUnaligned(as: UInt64.self).bigEndian
                if wa != wb { return wa < wb }
            }
            return memcmp(a, b, n) < 0
        }

        /// Skips a bucket `[key, value, …]` of 1 to ``Champ/maxCollisions`` mappings whose keys
        /// (byte strings) strictly ascend in bucket order and whose values are null or fast-form links.
        mutating func skipBucket() -> Bool {
            guard let base = bytes.baseAddress, i < bytes.count else { return false }
            let end = bytes.count
            // 1 to maxCollisions mappings are 2, 4, 6 or 8 items: always a one-byte head.
            let h = base[i]
            guard h >= 0x82, h <= 0x80 | UInt8(2 * Champ.maxCollisions), h & 1 == 0 else { return false }
            i += 1
            var previousStart = 0, previousCount = -1
            for _ in 0..<Int((h & 0x1f) >> 1) {
                let n: Int
                if end - i >= 2 && base[i] == 0x58 && base[i + 1] >= 24 {
                    n = Int(base[i + 1])  // a 24- to 255-byte key (hashes): the common head
                    i += 2
                } else {
                    guard let m = head(2) else { return false }
                    n = m
                }
                guard end - i >= n else { return false }
                if previousCount >= 0 {
                    // Strictly ascending: shorter first, then unsigned bytewise.
                    if n < previousCount { return false }
                    if n == previousCount {
                        guard n > 0, Reader.keyPrecedes(base + previousStart, base + i, n) else { return false }
                    }
                }
                previousStart = i
                previousCount = n
                i += n
                guard i < end else { return false }
                if base[i] == 0xf6 {
                    i += 1
                } else {
                    guard skipLink(childOnly: false) else { return false }
                }
            }
            return true
        }

        /// At the start of a node: skips the map-form prefix `a2 61 64` and returns true, or
        /// returns false (the list form, or bytes the list reader will refuse).
        mutating func mapFormStart() -> Bool {
            guard bytes.count - i >= 3, bytes[i] == 0xa2, bytes[i + 1] == 0x61, bytes[i + 2] == 0x64 else { return false }
            i += 3
            return true
        }

        /// After the node list of a map-form node: the key "bats", a one-item list and the BatId
        /// byte string. Returns the BatId's CID bytes' range, or nil.
        mutating func batTrailer() -> Range<Int>? {
            guard bytes.count - i >= ChampNodeCodec.batsKey.count else { return nil }
            for b in ChampNodeCodec.batsKey {
                guard bytes[i] == b else { return nil }
                i += 1
            }
            guard let n = head(2), bytes.count - i >= n else { return nil }
            defer { i += n }
            return i..<(i + n)
        }

        /// ``batTrailer()`` accepting only the common BatId, a CIDv1 raw sha2-256 (`01 55 12 20`
        /// and 32 bytes), so no CID is parsed; any other BatId goes to the general path.
        mutating func skipBatTrailer() -> Bool {
            guard let range = batTrailer(), range.count == 36 else { return false }
            return bytes[range.lowerBound] == 0x01 && bytes[range.lowerBound + 1] == 0x55
                && bytes[range.lowerBound + 2] == 0x12 && bytes[range.lowerBound + 3] == 0x20
        }

        mutating func byte() -> UInt8? {
            guard i < bytes.count else { return nil }
            defer { i += 1 }
            return bytes[i]
        }

        /// A canonical head of `major`; returns its argument.
        mutating func head(_ major: UInt8) -> Int? {
            guard let b = byte(), b >> 5 == major else { return nil }
            let info = b & 0x1f
            switch info {
            case 0..<24: return Int(info)
            case 24:
                guard let v = byte(), v >= 24 else { return nil }
                return Int(v)
            case 25:
                guard let hi = byte(), let lo = byte() else { return nil }
                let v = Int(hi) << 8 | Int(lo)
                return v > 0xff ? v : nil
            default: return nil
            }
        }

        mutating func bytesItem() -> [UInt8]? {
            guard let n = head(2), bytes.count - i >= n else { return nil }
            defer { i += n }
            return Array(UnsafeBufferPointer(rebasing: bytes[i..<(i + n)]))
        }

        mutating func link() -> Cid? {
            guard byte() == 0xd8, byte() == 42, let n = head(2), n > 1, bytes.count - i >= n, bytes[i] == 0 else { return nil }
            let cidBytes = Array(UnsafeBufferPointer(rebasing: bytes[(i + 1)..<(i + n)]))
            i += n
            return try? Cid(bytes: cidBytes)
        }
    }

    static func decode(_ bytes: [UInt8]) -> ChampNode? {
        bytes.withUnsafeBufferPointer { buffer -> ChampNode? in
            var r = Reader(bytes: buffer)
            let mapForm = r.mapFormStart()
            guard r.byte() == 0x83, let dataBits = r.bytesItem(), dataBits.count <= 1, let nodeBits = r.bytesItem(), nodeBits.count <= 1,
                  let count = r.head(4), count <= 8 else { return nil }  // 8 slots: more goes to the general path, which refuses it
            var contents: [ChampNode.Payload] = []
            contents.reserveCapacity(count)
            for _ in 0..<count {
                guard r.i < buffer.count else { return nil }
                if buffer[r.i] == 0xd8 {
                    guard let cid = r.link() else { return nil }
                    contents.append(.child(cid))
                    continue
                }
                guard let items = r.head(4), items % 2 == 0, items <= 2 * Champ.maxCollisions,
                      let mappings = r.mappings(pairs: items / 2) else { return nil }
                contents.append(.bucket(mappings))
            }
            var mirrorBat: Cid? = nil
            if mapForm {
                guard let range = r.batTrailer(), let bat = try? Cid(bytes: Array(UnsafeBufferPointer(rebasing: buffer[range]))) else { return nil }
                mirrorBat = bat
            }
            guard r.i == buffer.count else { return nil }
            return ChampNode(dataMap: dataBits.first ?? 0, nodeMap: nodeBits.first ?? 0, contents: contents, mirrorBat: mirrorBat)
        }
    }

    static func headSize(_ n: Int) -> Int { n < 24 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 5 }

    static func encode(_ node: ChampNode) -> [UInt8] {
        func linkSize(_ cid: Cid) -> Int { 2 + headSize(cid.bytes.count + 1) + 1 + cid.bytes.count }
        var size = (node.mirrorBat.map { mapPrefix.count + batsKey.count + headSize($0.bytes.count) + $0.bytes.count } ?? 0)
        size += 1 + (node.dataMap == 0 ? 1 : 2) + (node.nodeMap == 0 ? 1 : 2) + headSize(node.contents.count)
        for p in node.contents {
            switch p {
            case .child(let cid): size += linkSize(cid)
            case .bucket(let mappings):
                size += headSize(mappings.count * 2)
                for m in mappings { size += headSize(m.key.count) + m.key.count + (m.value.map(linkSize) ?? 1) }
            }
        }
        return [UInt8](unsafeUninitializedCapacity: size) { buffer, initialized in
            var i = 0
            func put(_ b: UInt8) { buffer[i] = b; i += 1 }
            func head(_ major: UInt8, _ n: Int) {
                let m = major << 5
                if n < 24 { put(m | UInt8(n)) }
                else if n <= 0xff { put(m | 24); put(UInt8(n)) }
                else if n <= 0xffff { put(m | 25); put(UInt8(n >> 8)); put(UInt8(n & 0xff)) }
                else { put(m | 26); for s in [24, 16, 8, 0] { put(UInt8(truncatingIfNeeded: n >> s)) } }
            }
            func raw(_ b: [UInt8]) {
                b.withUnsafeBufferPointer { src in
                    if let base = src.baseAddress, src.count > 0 { (buffer.baseAddress! + i).update(from: base, count: src.count) }
                }
                i += b.count
            }
            func link(_ cid: Cid) { put(0xd8); put(42); head(2, cid.bytes.count + 1); put(0); raw(cid.bytes) }
            if node.mirrorBat != nil { raw(mapPrefix) }
            put(0x83)
            if node.dataMap == 0 { put(0x40) } else { put(0x41); put(node.dataMap) }
            if node.nodeMap == 0 { put(0x40) } else { put(0x41); put(node.nodeMap) }
            head(4, node.contents.count)
            for p in node.contents {
                switch p {
                case .child(let cid): link(cid)
                case .bucket(let mappings):
                    head(4, mappings.count * 2)
                    for m in mappings {
                        head(2, m.key.count)
                        raw(m.key)
                        if let v = m.value { link(v) } else { put(0xf6) }
                    }
                }
            }
            if let bat = node.mirrorBat {
                raw(batsKey)
                head(2, bat.bytes.count)
                raw(bat.bytes)
            }
            initialized = i
        }
    }

    /// Where a slot's payload starts in a canonically encoded node.
    enum SlotPosition {
        case bucket(at: Int)
        case child(at: Int)
        case empty
    }

    /// Finds the payload of `slot` in a canonically encoded node; nil if the bytes are not in the
    /// fast form (the caller then takes the general path, which decodes and validates the node).
    static func position(_ buffer: UnsafeBufferPointer<UInt8>, slot: Int) -> SlotPosition? {
        guard let layout = layout(buffer, slot: slot) else { return nil }
        switch layout.kind {
        case .empty: return .empty
        case .bucket: return .bucket(at: layout.start)
        case .child: return .child(at: layout.start)
        }
    }

    /// What a node says about one key, read straight from its bytes without building the node.
    enum Lookup {
        case value(Cid?)
        case absent
        case child(Cid)
    }

    /// Looks `key` up in the slot `slot` of a canonically encoded node; nil if not canonical.
    static func lookup(_ bytes: [UInt8], slot: Int, key: [UInt8]) -> Lookup? {
        bytes.withUnsafeBufferPointer { buffer -> Lookup? in
            switch position(buffer, slot: slot) {
            case nil: return nil
            case .empty?: return .absent
            case .child(let at)?:
                var r = Reader(bytes: buffer, i: at)
                return r.link().map { .child($0) }
            case .bucket(let at)?:
                var r = Reader(bytes: buffer, i: at)
                guard let items = r.head(4), items % 2 == 0 else { return nil }
                for _ in 0..<(items / 2) {
                    guard let n = r.head(2), buffer.count - r.i >= n else { return nil }
                    let matches = n == key.count && key.withUnsafeBufferPointer { k in
                        n == 0 || memcmp(k.baseAddress!, buffer.baseAddress! + r.i, n) == 0
                    }
                    r.i += n
                    guard r.i < buffer.count else { return nil }
                    if buffer[r.i] == 0xf6 {
                        r.i += 1
                        if matches { return .value(nil) }
                    } else if matches {
                        return r.link().map { .value($0) }
                    } else {
                        guard r.skipLink() else { return nil }
                    }
                }
                return .absent
            }
        }
    }
}
