/// Peergos' canonical CBOR encoding.
///
/// Rules (byte-exact with upstream `CborEncoder`): every head uses its shortest form; negative
/// integers use major type 1 with argument `-1 - n`; lengths are always definite; map entries
/// follow ``CborMap``'s canonical order; a link is `d8 2a` then the byte string `00 || cid`.
///
/// Encoding makes two passes over the value, both borrowing its items in place (no copies, so
/// no reference counting per item): one sums ``encodedSize``, the other writes every byte into
/// one array allocated at exactly that size. A decoded list or map is encoded from its tape's
/// nodes (see ``CborTape``), without making a ``CborObject`` of any item: byte strings, links and
/// texts read verbatim are copied from the decode's input.
extension CborObject {
    /// The canonical encoding of this value.
    public func serialize() -> [UInt8] {
        Array(CborEncoding(value: self, count: CborWriter.size(of: self)))
    }

    /// Appends the canonical encoding of this value to `out`.
    public func serialize(into out: inout [UInt8]) {
        out.append(contentsOf: CborEncoding(value: self, count: CborWriter.size(of: self)))
    }

    /// Appends the head of a definite-length list of `count` items (for callers that append
    /// already-encoded items after it).
    public static func writeListHead(_ count: Int, into out: inout [UInt8]) {
        var head: (UInt64, UInt64) = (0, 0)
        withUnsafeMutableBytes(of: &head) { raw in
            let base = raw.baseAddress.unsafelyUnwrapped.assumingMemoryBound(to: UInt8.self)
            var writer = CborWriter(base: base)
            writer.head(major: 4, UInt64(count))
            out.append(contentsOf: UnsafeBufferPointer(start: base, count: writer.pointer - base))
        }
    }

    /// The exact length of ``serialize()``'s output.
    public var encodedSize: Int { CborWriter.size(of: self) }
}

/// The encoding of one value as a collection of bytes, so that `Array(_:)` and
/// `append(contentsOf:)` allocate once, at the final size, and have
/// ``_copyContents(initializing:)`` write the whole encoding in place.
///
/// Invariant: `count == CborWriter.size(of: value)`. Read element by element it is still the
/// encoding, only slowly (each access encodes the whole value).
struct CborEncoding: RandomAccessCollection {
    let value: CborObject
    let count: Int

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index out of range")
        return Array(self)[position]
    }

    struct Iterator: IteratorProtocol {
        let encoding: CborEncoding
        var position: Int
        mutating func next() -> UInt8? {
            guard position < encoding.count else { return nil }
            defer { position += 1 }
            return encoding[position]
        }
    }

    func makeIterator() -> Iterator { Iterator(encoding: self, position: 0) }

    /// Writes the whole encoding when `buffer` can hold it (always so for `Array(_:)` and
    /// `append(contentsOf:)`, which size the buffer by `count`), else its first `buffer.count` bytes.
    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<UInt8>) -> (Iterator, Int) {
        guard count > 0, let base = buffer.baseAddress else { return (Iterator(encoding: self, position: 0), 0) }
        if buffer.count >= count {
            var writer = CborWriter(base: base)
            writer.write(value)
            precondition(writer.pointer == base + count, "encoded size mismatch")
            return (Iterator(encoding: self, position: count), count)
        }
        let whole = Array(self)
        whole.withUnsafeBufferPointer { base.initialize(from: $0.baseAddress.unsafelyUnwrapped, count: buffer.count) }
        return (Iterator(encoding: self, position: buffer.count), buffer.count)
    }
}

/// Writes canonical CBOR into memory already sized by ``CborWriter/size(of:)``.
struct CborWriter {
    var pointer: UnsafeMutablePointer<UInt8>

    init(base: UnsafeMutablePointer<UInt8>) { pointer = base }

    /// Bytes taken by a head with this argument in its shortest form.
    @inline(__always)
    static func headSize(_ value: UInt64) -> Int {
        value < 24 ? 1 : value <= 0xff ? 2 : value <= 0xffff ? 3 : value <= 0xffff_ffff ? 5 : 9
    }

    /// The encoded size of `value`.
    ///
    /// `@_effects(readonly)` is true of this function (it only reads) and lets callers pass each
    /// item of a list or map straight from the array's storage, without a retained copy.
    @_effects(readonly)
    static func size(of value: borrowing CborObject) -> Int {
        switch value {
        case .integer(let v): return headSize(v >= 0 ? UInt64(v) : UInt64(bitPattern: -1 - v))
        case .bytes(let b): return headSize(UInt64(b.count)) + b.count
        case .text(let s):
            let n = s.utf8.count
            return headSize(UInt64(n)) + n
        case .link(let c): return 2 + headSize(UInt64(c.count + 1)) + 1 + c.count
        case .bool, .null: return 1
        case .list(let list):
            switch list.storage {
            case .items(let items):
                return items.withUnsafeBufferPointer { buffer in
                    var n = headSize(UInt64(buffer.count))
                    for i in 0..<buffer.count { n += size(of: buffer[i]) }
                    return n
                }
            case .tape(let tape, let start, let count):
                return headSize(UInt64(count)) + size(ofNodes: Int(start), count: Int(count), of: tape)
            }
        case .map(let m):
            switch m.storage {
            case .entries(let entries):
                return entries.withUnsafeBufferPointer { buffer in
                    var n = headSize(UInt64(buffer.count))
                    for i in 0..<buffer.count {
                        let k = buffer[i].key.utf8.count
                        n += headSize(UInt64(k)) + k + size(of: buffer[i].value)
                    }
                    return n
                }
            case .tape(let tape, let start, let count):
                return headSize(UInt64(count)) + size(ofNodes: Int(start), count: 2 * Int(count), of: tape)
            }
        }
    }

    /// The encoded size of the `count` nodes of `tape` from `start`, one after another (a list's
    /// items, or a map's keys and values), without the container's head.
    static func size(ofNodes start: Int, count: Int, of tape: CborTape) -> Int {
        tape.withContents { nodes, _, strings in size(ofNodes: start, count: count, nodes: nodes, strings: strings, tape: tape) }
    }

    private static func size(ofNodes start: Int, count: Int, nodes: UnsafeBufferPointer<CborNode>,
                             strings: UnsafeBufferPointer<String>, tape: CborTape) -> Int {
        var n = 0
        for i in start..<(start + count) {
            let node = nodes[i]
            switch node.kind {
            case .integer:
                let v = Int64(bitPattern: node.payload)
                n += headSize(v >= 0 ? UInt64(v) : UInt64(bitPattern: -1 - v))
            case .text: n += headSize(UInt64(node.length)) + node.count
            case .ownedText:
                let k = strings[node.stringIndex].utf8.count
                n += headSize(UInt64(k)) + k
            case .bytes: n += headSize(UInt64(node.length)) + node.count
            case .ownedBytes:
                let k = tape.owned[node.index].count
                n += headSize(UInt64(k)) + k
            case .falseValue, .trueValue, .null: n += 1
            case .list:
                n += headSize(UInt64(node.length)) + size(ofNodes: node.index, count: node.count, nodes: nodes, strings: strings, tape: tape)
            case .map:
                n += headSize(UInt64(node.length)) + size(ofNodes: node.index, count: 2 * node.count, nodes: nodes, strings: strings, tape: tape)
            case .link: n += 2 + headSize(UInt64(node.count + 1)) + 1 + node.count
            case .ownedLink:
                let k = tape.owned[node.index].count
                n += 2 + headSize(UInt64(k + 1)) + 1 + k
            }
        }
        return n
    }

    @inline(__always)
    mutating func byte(_ b: UInt8) {
        pointer.pointee = b
        pointer += 1
    }

    /// Writes a head in its shortest form.
    @inline(__always)
    mutating func head(major: UInt8, _ value: UInt64) {
        let m = major << 5
        if value < 24 {
            byte(m | UInt8(truncatingIfNeeded: value))
        } else if value <= 0xff {
            pointer[0] = m | 24
            pointer[1] = UInt8(truncatingIfNeeded: value)
            pointer += 2
        } else {
            longHead(m, value)
        }
    }

    /// A head with a 2-, 4- or 8-byte argument (big-endian).
    mutating func longHead(_ m: UInt8, _ value: UInt64) {
        if value <= 0xffff {
            pointer[0] = m | 25
            pointer[1] = UInt8(truncatingIfNeeded: value >> 8)
            pointer[2] = UInt8(truncatingIfNeeded: value)
            pointer += 3
        } else if value <= 0xffff_ffff {
            byte(m | 26)
            for shift in stride(from: 24, through: 0, by: -8) { byte(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        } else {
            byte(m | 27)
            for shift in stride(from: 56, through: 0, by: -8) { byte(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
        }
    }

    @inline(__always)
    mutating func raw(_ bytes: UnsafeBufferPointer<UInt8>) {
        guard let base = bytes.baseAddress, bytes.count > 0 else { return }
        pointer.update(from: base, count: bytes.count)
        pointer += bytes.count
    }

    /// A merkle link: tag 42 over the byte string `0x00 || cid`.
    @inline(__always)
    mutating func link(_ cid: UnsafeBufferPointer<UInt8>) {
        pointer[0] = 0xd8
        pointer[1] = 42
        pointer += 2
        head(major: 2, UInt64(cid.count + 1))
        byte(0)
        raw(cid)
    }

    @inline(__always)
    mutating func text(_ s: String) {
        if let done: Void = s.utf8.withContiguousStorageIfAvailable({ utf8 in
            head(major: 3, UInt64(utf8.count))
            raw(utf8)
        }) {
            return done
        }
        var copy = s
        copy.withUTF8 { utf8 in
            head(major: 3, UInt64(utf8.count))
            raw(utf8)
        }
    }

    /// Writes the encoding of `value` at `pointer` and moves past it.
    ///
    /// `@_effects(releasenone)` is true of this function (it borrows the value tree and writes
    /// only bytes at `pointer`: it never ends the life of an object its caller can see) and lets
    /// callers pass each item straight from its array's storage, without a retained copy.
    @_effects(releasenone)
    mutating func write(_ value: borrowing CborObject) {
        switch value {
        case .integer(let v):
            if v >= 0 { head(major: 0, UInt64(v)) } else { head(major: 1, UInt64(bitPattern: -1 - v)) }
        case .bytes(let b):
            head(major: 2, UInt64(b.count))
            b.withUnsafeBufferPointer { raw($0) }
        case .text(let s):
            text(s)
        case .list(let list):
            switch list.storage {
            case .items(let items):
                items.withUnsafeBufferPointer { buffer in
                    head(major: 4, UInt64(buffer.count))
                    for i in 0..<buffer.count { write(buffer[i]) }
                }
            case .tape(let tape, let start, let count):
                head(major: 4, UInt64(count))
                writeNodes(Int(start), count: Int(count), of: tape)
            }
        case .map(let map):
            switch map.storage {
            case .entries(let entries):
                entries.withUnsafeBufferPointer { buffer in
                    head(major: 5, UInt64(buffer.count))
                    for i in 0..<buffer.count {
                        text(buffer[i].key)
                        write(buffer[i].value)
                    }
                }
            case .tape(let tape, let start, let count):
                head(major: 5, UInt64(count))
                writeNodes(Int(start), count: 2 * Int(count), of: tape)
            }
        case .link(let cid):
            cid.withUnsafeBufferPointer { link($0) }
        case .bool(let b):
            byte(b ? 0xf5 : 0xf4)
        case .null:
            byte(0xf6)
        }
    }

    /// Writes the `count` nodes of `tape` from `start`, one after another (a list's items, or a
    /// map's keys and values), without making a ``CborObject`` of any.
    mutating func writeNodes(_ start: Int, count: Int, of tape: CborTape) {
        tape.withContents { nodes, input, strings in
            writeNodes(start, count: count, nodes: nodes, input: input, strings: strings, tape: tape)
        }
    }

    private mutating func writeNodes(_ start: Int, count: Int, nodes: UnsafeBufferPointer<CborNode>,
                                     input: UnsafeBufferPointer<UInt8>, strings: UnsafeBufferPointer<String>, tape: CborTape) {
        for i in start..<(start + count) {
            let node = nodes[i]
            switch node.kind {
            case .integer:
                let v = Int64(bitPattern: node.payload)
                if v >= 0 { head(major: 0, UInt64(v)) } else { head(major: 1, UInt64(bitPattern: -1 - v)) }
            case .text:
                // The text's UTF-8 is this run of the input (see ``CborNode``).
                head(major: 3, UInt64(node.length))
                let offset = Int(truncatingIfNeeded: node.payload & 0xffff_ffff)
                raw(UnsafeBufferPointer(rebasing: input[offset..<(offset + node.count)]))
            case .ownedText:
                text(strings[node.stringIndex])
            case .bytes:
                head(major: 2, UInt64(node.length))
                raw(UnsafeBufferPointer(rebasing: input[node.index..<(node.index + node.count)]))
            case .ownedBytes:
                let bytes = tape.owned[node.index]
                head(major: 2, UInt64(bytes.count))
                bytes.withUnsafeBufferPointer { raw($0) }
            case .falseValue: byte(0xf4)
            case .trueValue: byte(0xf5)
            case .null: byte(0xf6)
            case .list:
                head(major: 4, UInt64(node.length))
                writeNodes(node.index, count: node.count, nodes: nodes, input: input, strings: strings, tape: tape)
            case .map:
                head(major: 5, UInt64(node.length))
                writeNodes(node.index, count: 2 * node.count, nodes: nodes, input: input, strings: strings, tape: tape)
            case .link:
                link(UnsafeBufferPointer(rebasing: input[node.index..<(node.index + node.count)]))
            case .ownedLink:
                tape.owned[node.index].withUnsafeBufferPointer { link($0) }
            }
        }
    }
}
