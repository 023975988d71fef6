import PeergosCBOR
import PeergosMultiformats

/// A direct reader and writer for the canonical encoding of CHAMP nodes, used on the hot path of
/// every walk. It accepts only the canonical form ``ChampNode/serialize()`` writes (shortest heads,
/// byte-string keys, 36-byte-or-other CIDs in tag 42 with the 0x00 prefix); anything else falls
/// back to the general CBOR reader, so both paths give the same node for the same bytes.
enum ChampNodeCodec {
    struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var i = 0

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
            guard r.byte() == 0x83, let dataBits = r.bytesItem(), dataBits.count <= 1, let nodeBits = r.bytesItem(), nodeBits.count <= 1,
                  let count = r.head(4) else { return nil }
            var contents: [ChampNode.Payload] = []
            contents.reserveCapacity(count)
            for _ in 0..<count {
                guard r.i < buffer.count else { return nil }
                if buffer[r.i] == 0xd8 {
                    guard let cid = r.link() else { return nil }
                    contents.append(.child(cid))
                    continue
                }
                guard let items = r.head(4), items % 2 == 0 else { return nil }
                var mappings: [ChampMapping] = []
                mappings.reserveCapacity(items / 2)
                for _ in 0..<(items / 2) {
                    guard let key = r.bytesItem(), r.i < buffer.count else { return nil }
                    if buffer[r.i] == 0xf6 {
                        r.i += 1
                        mappings.append(ChampMapping(key: key, value: nil))
                    } else {
                        guard let value = r.link() else { return nil }
                        mappings.append(ChampMapping(key: key, value: value))
                    }
                }
                contents.append(.bucket(mappings))
            }
            guard r.i == buffer.count else { return nil }
            return ChampNode(dataMap: dataBits.first ?? 0, nodeMap: nodeBits.first ?? 0, contents: contents)
        }
    }

    static func headSize(_ n: Int) -> Int { n < 24 ? 1 : n <= 0xff ? 2 : n <= 0xffff ? 3 : 5 }

    static func encode(_ node: ChampNode) -> [UInt8] {
        func linkSize(_ cid: Cid) -> Int { 2 + headSize(cid.bytes.count + 1) + 1 + cid.bytes.count }
        var size = 1 + (node.dataMap == 0 ? 1 : 2) + (node.nodeMap == 0 ? 1 : 2) + headSize(node.contents.count)
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
            initialized = i
        }
    }
}
