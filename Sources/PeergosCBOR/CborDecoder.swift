extension CborObject {
    /// Decodes exactly one CBOR item from `bytes`.
    ///
    /// In ``CborDecodingOptions/Mode/strict`` mode the input must be the canonical encoding of
    /// the result and nothing else; in ``CborDecodingOptions/Mode/upstreamCompatible`` mode bytes
    /// after the first item are ignored, as upstream ignores them.
    /// - Throws: ``CborError`` naming the rule broken and the offset, never traps on any input.
    /// Byte strings and links in the result share `bytes` (see ``CborBytes``) rather than copy it.
    public static func decode(_ bytes: [UInt8], options: CborDecodingOptions = .strict) throws -> CborObject {
        try bytes.withUnsafeBufferPointer { try decode(input: bytes, buffer: $0, options: options) }
    }

    /// Decodes exactly one CBOR item from a slice (see ``decode(_:options:)``).
    /// The slice is copied once, into the storage its byte strings then share.
    public static func decode(_ bytes: ArraySlice<UInt8>, options: CborDecodingOptions = .strict) throws -> CborObject {
        try decode(Array(bytes), options: options)
    }

    /// Decodes the first CBOR item of `bytes` and reports how many bytes it took, whatever follows.
    /// Strict-mode rules apply to the item itself; trailing bytes are the caller's business.
    public static func decodePrefix(_ bytes: [UInt8], options: CborDecodingOptions = .strict) throws -> (value: CborObject, length: Int) {
        try bytes.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { throw CborError(.emptyInput, at: 0, "empty input") }
            return try CborReader.withReader(input: bytes, base: base, count: buffer.count, options: options) { reader in
                let root = try reader.readItem(depth: 0)
                return (reader.finish(root), reader.position)
            }
        }
    }

    /// - Precondition: `buffer` is `input`'s storage.
    private static func decode(input: [UInt8], buffer: UnsafeBufferPointer<UInt8>, options: CborDecodingOptions) throws -> CborObject {
        guard let base = buffer.baseAddress, buffer.count > 0 else { throw CborError(.emptyInput, at: 0, "empty input") }
        return try CborReader.withReader(input: input, base: base, count: buffer.count, options: options) { reader in
            let root = try reader.readItem(depth: 0)
            if reader.strict && reader.position != buffer.count {
                throw CborError(.trailingBytes, at: reader.position, "\(buffer.count - reader.position) bytes after the item")
            }
            return reader.finish(root)
        }
    }
}

/// A cursor over CBOR input, building the value tree in one pass, as a ``CborTape``. Internal:
/// the public surface is ``CborObject/decode(_:options:)``.
///
/// Invariants: `base` points at the `count` bytes of `input`'s storage (`count` > 0), valid while
/// the reader is; `0 <= position <= count`; every read first checks the bytes it needs against
/// `count`. A container's items are pushed on `pending` as they are read (so memory follows
/// the items actually present, never a declared count) and, once all are read, moved to the end
/// of `nodes` as one run, which the container's node then names. Byte strings and links are
/// runs of `input` (no allocation, no reference count).
struct CborReader {
    /// The input, which byte strings and links share.
    let input: [UInt8]
    let base: UnsafePointer<UInt8>
    let count: Int
    let strict: Bool
    let maximumDepth: Int
    let textLinkDecoder: (@Sendable (String) throws -> [UInt8])?
    var position = 0
    /// The items of every finished container, each container's as one run.
    var nodes: LentBuffer<CborNode>
    /// The items of the containers being read, innermost last.
    var pending: LentBuffer<CborNode>
    /// Every text read, in order.
    var strings: LentBuffer<String>
    /// Bytes that are not a run of the input (see ``CborNode``).
    var owned: [[UInt8]] = []

    /// What a decode holds on the stack before it allocates (the items and texts of most Peergos
    /// blocks fit): finished nodes, nodes of containers being read, and texts.
    static let stackNodes = 64
    static let stackPending = 32
    static let stackStrings = 16

    /// Calls `body` with a reader of the `count` bytes at `base`, `input`'s storage, whose
    /// buffers start on the stack and are released when `body` returns or throws.
    static func withReader<R>(input: [UInt8], base: UnsafePointer<UInt8>, count: Int, options: CborDecodingOptions,
                              _ body: (inout CborReader) throws -> R) throws -> R {
        try withUnsafeTemporaryAllocation(of: CborNode.self, capacity: stackNodes) { nodeSpace in
            try withUnsafeTemporaryAllocation(of: CborNode.self, capacity: stackPending) { pendingSpace in
                try withUnsafeTemporaryAllocation(of: String.self, capacity: stackStrings) { stringSpace in
                    var reader = CborReader(input: input, base: base, count: count, options: options, nodes: LentBuffer(lent: nodeSpace),
                                            pending: LentBuffer(lent: pendingSpace), strings: LentBuffer(lent: stringSpace))
                    defer {
                        reader.nodes.release()
                        reader.pending.release()
                        reader.strings.release()
                    }
                    return try body(&reader)
                }
            }
        }
    }

    private init(input: [UInt8], base: UnsafePointer<UInt8>, count: Int, options: CborDecodingOptions,
                 nodes: LentBuffer<CborNode>, pending: LentBuffer<CborNode>, strings: LentBuffer<String>) {
        self.nodes = nodes
        self.pending = pending
        self.strings = strings
        self.input = input
        self.base = base
        self.count = count
        self.strict = options.mode == .strict
        self.maximumDepth = options.maximumDepth
        self.textLinkDecoder = options.textLinkDecoder
    }

    /// The value of the decode whose top-level item is `root`.
    mutating func finish(_ root: CborNode) -> CborObject {
        CborTape.make(input: input, nodes: nodes.values, strings: &strings, owned: owned).object(root)
    }

    /// A decoded head: major type, additional info and argument (0 for indefinite length).
    struct Head {
        let major: UInt8
        let info: UInt8
        let argument: UInt64
        var indefinite: Bool { info == 31 }
    }

    /// Reads a head at `position` and moves past it. The common heads (argument in the initial
    /// byte or in one more byte) are read inline; the rest by ``readLongHead(major:info:start:)``.
    @inline(__always)
    mutating func readHead() throws -> Head {
        let start = position
        guard start < count else { throw CborError(.truncated, at: start, "expected an item") }
        let initial = base[start]
        let major = initial >> 5
        let info = initial & 0x1f
        if info < 24 {
            position = start + 1
            return Head(major: major, info: info, argument: UInt64(info))
        }
        if info == 24 && start + 1 < count {
            let v = base[start + 1]
            if v < 24 && strict && major != 7 { throw CborError(.nonMinimalHead, at: start, "argument \(v) fits in the initial byte") }
            position = start + 2
            return Head(major: major, info: info, argument: UInt64(v))
        }
        return try readLongHead(major: major, info: info, start: start)
    }

    /// The heads with an argument of 2, 4 or 8 bytes, a truncated 1-byte argument, an indefinite
    /// length, or a reserved additional-information value.
    @inline(never)
    mutating func readLongHead(major: UInt8, info: UInt8, start: Int) throws -> Head {
        position = start + 1
        switch info {
        case 24:
            // Only reached at the end of the input.
            if strict { throw CborError(.truncated, at: start, "missing 1-byte argument") }
            // Upstream reads end-of-input as the byte 0xff here.
            return Head(major: major, info: info, argument: 0xff)
        case 25, 26, 27:
            let width = 1 << Int(info - 24)
            guard count - position >= width else {
                throw CborError(.truncated, at: start, "missing \(width)-byte argument")
            }
            var v: UInt64 = 0
            for i in 0..<width { v = (v << 8) | UInt64(base[position + i]) }
            position += width
            if strict && major != 7 {  // major 7 carries floats here, not arguments
                let minimal: Bool
                switch width {
                case 2: minimal = v > 0xff
                case 4: minimal = v > 0xffff
                default: minimal = v > 0xffff_ffff
                }
                if !minimal { throw CborError(.nonMinimalHead, at: start, "argument \(v) encoded in \(width) bytes") }
            }
            return Head(major: major, info: info, argument: v)
        case 31:
            return Head(major: major, info: info, argument: 0)
        default:
            throw CborError(.reservedAdditionalInfo, at: start, "additional information \(info) is reserved")
        }
    }

    mutating func readItem(depth: Int) throws -> CborNode {
        let start = position
        let head = try readHead()
        switch head.major {
        case 0:
            guard head.argument <= UInt64(Int64.max) else {
                throw CborError(.integerOutOfRange, at: start, "unsigned integer \(head.argument) exceeds 2^63-1")
            }
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite integer") }
            return CborNode(.integer, head.argument)
        case 1:
            guard head.argument <= UInt64(Int64.max) else {
                throw CborError(.integerOutOfRange, at: start, "negative integer -1-\(head.argument) below -2^63")
            }
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite integer") }
            return CborNode(.integer, UInt64(bitPattern: -1 - Int64(head.argument)))
        case 2:
            let length = try payloadLength(head, start: start, what: .byteString)
            return bytesNode(.bytes, from: position - length, count: length)
        case 3:
            let length = try payloadLength(head, start: start, what: .textString)
            return try readText(at: position - length, length: length, start: start)
        case 4:
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite-length array") }
            let count = try CborReader.checkCount(head.argument, remaining: self.count - position, bytesPerItem: 1, start: start, what: "array")
            try CborReader.checkDepth(depth, maximum: maximumDepth, start: start)
            return try readListItems(count: count, depth: depth, start: start)
        case 5:
            if head.indefinite {
                if strict { throw CborError(.indefiniteLength, at: start, "indefinite-length map") }
                // Upstream reads the length as -1 and so reads no entries.
                return CborNode(.map)
            }
            let count = try CborReader.checkCount(head.argument, remaining: self.count - position, bytesPerItem: 2, start: start, what: "map")
            try CborReader.checkDepth(depth, maximum: maximumDepth, start: start)
            return try readMapEntries(count: count, depth: depth, start: start)
        case 6:
            guard head.argument == 42, !head.indefinite else {
                throw CborError(.unknownTag, at: start, "tag \(head.argument) (only 42 is allowed)")
            }
            try CborReader.checkDepth(depth, maximum: maximumDepth, start: start)
            return try readLinkContent(depth: depth)
        default:
            switch head.info {
            case 20: return CborNode(.falseValue)
            case 21: return CborNode(.trueValue)
            case 22: return CborNode(.null)
            case 25, 26, 27: throw CborError(.unsupportedSimpleValue, at: start, "floating-point numbers are not supported")
            case 31: throw CborError(.unsupportedSimpleValue, at: start, "unexpected break")
            default: throw CborError(.unsupportedSimpleValue, at: start, "simple value \(head.argument)")
            }
        }
    }

    /// The node of `count` input bytes from `offset`: a run of the input, or (for a run too
    /// long for a node's 32-bit length, never a Peergos block) a copy.
    @inline(__always)
    private mutating func bytesNode(_ kind: CborNode.Kind, from offset: Int, count length: Int) -> CborNode {
        if length < Int(UInt32.max) {
            return CborNode(kind, UInt64(offset), UInt32(truncatingIfNeeded: length))
        }
        return ownedNode(kind == .bytes ? .ownedBytes : .ownedLink, Array(input[offset..<(offset + length)]))
    }

    private mutating func ownedNode(_ kind: CborNode.Kind, _ bytes: [UInt8]) -> CborNode {
        owned.append(bytes)
        return CborNode(kind, UInt64(owned.count - 1))
    }

    /// The node of the text at `offset..<offset+length`, validated as UTF-8 (strict) or read as
    /// upstream reads invalid UTF-8 (upstream-compatible).
    @inline(__always)
    private mutating func readText(at offset: Int, length: Int, start: Int) throws -> CborNode {
        let (text, verbatim) = try makeString(at: offset, length: length, start: start)
        strings.append(text)
        let index = strings.count - 1
        // The offset and index share `payload`: 32 bits each, enough for any input below 4 GiB.
        if verbatim && offset < Int(UInt32.max) && index < Int(UInt32.max) && length < Int(UInt32.max) {
            return CborNode(.text, UInt64(index) << 32 | UInt64(offset), UInt32(truncatingIfNeeded: length))
        }
        return CborNode(.ownedText, UInt64(index))
    }

    /// Moves the `items` nodes pushed on `pending` from `first` to the end of `nodes` and returns
    /// the node of the container that holds them (`count` of them: `items`, or half that for a map).
    private mutating func commit(_ kind: CborNode.Kind, from first: Int, items: Int, count: Int, start: Int) throws -> CborNode {
        let run = nodes.count
        // Only an input of 4 GiB or more could make this many nodes.
        guard run + items < Int(UInt32.max) else {
            throw CborError(.lengthExceedsInput, at: start, "more items than one decode holds (2^32 - 1)")
        }
        nodes.append(pending.base + first, count: items)
        pending.removeLast(items)
        return CborNode(kind, UInt64(run), UInt32(truncatingIfNeeded: count))
    }

    @inline(__always)
    private mutating func push(_ node: CborNode) {
        pending.append(node)
    }

    /// What a string payload is, for error messages.
    enum Payload: String {
        case byteString = "byte string"
        case textString = "text string"
        case linkByteString = "link byte string"
    }

    /// Checks a string head's length against the input and moves past the payload.
    /// - Returns: the payload length; the payload is the `length` bytes before `position`.
    @inline(__always)
    private mutating func payloadLength(_ head: Head, start: Int, what: Payload) throws -> Int {
        let remaining = count - position
        guard !head.indefinite, head.argument <= UInt64(remaining) else {
            throw payloadError(head, start: start, what: what)
        }
        let length = Int(truncatingIfNeeded: head.argument)
        position += length
        return length
    }

    /// The error for a string head ``payloadLength(_:start:what:)`` refused, in the order the
    /// rules apply: indefinite length, longer than the whole input, longer than what is left.
    @inline(never)
    private func payloadError(_ head: Head, start: Int, what: Payload) -> CborError {
        if head.indefinite { return CborError(.indefiniteLength, at: start, "indefinite-length \(what.rawValue)") }
        if head.argument > UInt64(count) {
            return CborError(.lengthExceedsInput, at: start, "\(what.rawValue) of length \(head.argument) in \(count) bytes of input")
        }
        return CborError(.truncated, at: start, "\(what.rawValue) needs \(head.argument) bytes, \(count - position) left")
    }

    /// Checks a declared element count against the bytes left after its head: every array item
    /// takes at least one byte and every map pair two (a one-byte key and a one-byte value), so a
    /// count above `remaining / bytesPerItem` cannot be satisfied and is refused at the head.
    /// - Returns: the count as an `Int`, at most the remaining input length.
    ///
    /// This and ``checkDepth(_:maximum:start:)`` are static and take the values they check: as
    /// methods of the reader, inlined into the mutating ``readItem(depth:)``, they had the
    /// optimiser copy the whole 64-byte reader to the stack at every array and map head.
    @inline(__always)
    private static func checkCount(_ declared: UInt64, remaining: Int, bytesPerItem: Int, start: Int, what: StaticString) throws -> Int {
        guard declared <= UInt64(remaining / bytesPerItem) else {
            throw countError(declared, remaining: remaining, bytesPerItem: bytesPerItem, start: start, what: what)
        }
        return Int(truncatingIfNeeded: declared)
    }

    @inline(never)
    private static func countError(_ declared: UInt64, remaining: Int, bytesPerItem: Int, start: Int, what: StaticString) -> CborError {
        let unit = bytesPerItem == 1 ? "items" : "pairs"
        return CborError(.lengthExceedsInput, at: start, "\(what) of \(declared) \(unit) with \(remaining) bytes left")
    }

    @inline(__always)
    private static func checkDepth(_ depth: Int, maximum: Int, start: Int) throws {
        guard depth < maximum else {
            throw CborError(.nestingTooDeep, at: start, "nesting deeper than \(maximum)")
        }
    }

    /// Reads `count` items (pushed on `pending`, then moved to `nodes` as one run).
    private mutating func readListItems(count: Int, depth: Int, start: Int) throws -> CborNode {
        if count == 0 { return CborNode(.list) }
        let first = pending.count
        for _ in 0..<count {
            let item = try readItem(depth: depth + 1)
            push(item)
        }
        return try commit(.list, from: first, items: count, count: count, start: start)
    }

    /// The text at `offset..<offset+length`, validated as UTF-8 (strict) or read as upstream reads
    /// invalid UTF-8 (upstream-compatible), and whether its UTF-8 is exactly those bytes.
    @inline(__always)
    private func makeString(at offset: Int, length: Int, start: Int) throws -> (String, verbatim: Bool) {
        let bytes = base + offset
        if length == 1 && bytes[0] < 0x80 { return (CborReader.asciiCharacter(bytes[0]), true) }
        // "bats" (block access tokens) is a key of every cryptree node, twice in most: the literal
        // is a small string, made with no validation and no copy. (0x73746162 is "bats" read as a
        // little-endian UInt32; `littleEndian:` swaps it on a big-endian machine.)
        if length == 4 && UnsafeRawPointer(bytes).loadUnaligned(as: UInt32.self) == UInt32(littleEndian: 0x7374_6162) { return ("bats", true) }
        return try makeLongString(UnsafeBufferPointer(start: bytes, count: length), start: start)
    }

    private func makeLongString(_ slice: UnsafeBufferPointer<UInt8>, start: Int) throws -> (String, verbatim: Bool) {
        if slice.count <= 32 {
            var ascii = true
            for b in slice where b >= 0x80 { ascii = false; break }
            if ascii { return (String(decoding: slice, as: UTF8.self), true) }
        }
        if let s = String(validating: slice, as: UTF8.self) { return (s, true) }
        if strict { throw CborError(.invalidUTF8, at: start, "text string is not valid UTF-8") }
        return (UpstreamUTF8.decode(slice), false)
    }

    /// The one-character string of an ASCII byte (most Peergos map keys are one letter). The
    /// literals are small strings: no allocation, no reference counting.
    @inline(__always)
    static func asciiCharacter(_ b: UInt8) -> String {
        switch b {
        case 0x61: return "a"
        case 0x62: return "b"
        case 0x63: return "c"
        case 0x64: return "d"
        case 0x65: return "e"
        case 0x66: return "f"
        case 0x67: return "g"
        case 0x68: return "h"
        case 0x69: return "i"
        case 0x6a: return "j"
        case 0x6b: return "k"
        case 0x6c: return "l"
        case 0x6d: return "m"
        case 0x6e: return "n"
        case 0x6f: return "o"
        case 0x70: return "p"
        case 0x71: return "q"
        case 0x72: return "r"
        case 0x73: return "s"
        case 0x74: return "t"
        case 0x75: return "u"
        case 0x76: return "v"
        case 0x77: return "w"
        case 0x78: return "x"
        case 0x79: return "y"
        case 0x7a: return "z"
        default: return String(decoding: CollectionOfOne(b), as: UTF8.self)
        }
    }

    /// Reads `count` key/value pairs, checking keys as Java strings: in strict mode each key must
    /// follow the previous one in canonical order; upstream-compatible, unsorted keys are re-sorted.
    /// Each pair is pushed on `pending` as a key node and a value node.
    private mutating func readMapEntries(count: Int, depth: Int, start: Int) throws -> CborNode {
        if count == 0 { return CborNode(.map) }
        var sorted = true
        let first = pending.count
        var previous = KeyBytes.none
        var previousKey = -1
        for _ in 0..<count {
            let keyStart = position
            let (keyNode, keyBytes) = try readKey(depth: depth)
            let key = keyNode.stringIndex
            if previousKey >= 0 {
                if previous.length < 0 || keyBytes.length < 0 {
                    // A key that is not ASCII, or follows one: compare the strings.
                    let last = strings[previousKey]
                    try checkKeyOrder(CborMap.compareKeys(last, strings[key]), strings[key], lastKey: last, keyStart: keyStart, sorted: &sorted)
                } else {
                    let order = CborReader.compareASCII(base + previous.offset, previous.length, base + keyBytes.offset, keyBytes.length)
                    if order >= 0 { try checkKeyOrder(order, strings[key], lastKey: strings[previousKey], keyStart: keyStart, sorted: &sorted) }
                }
            }
            previous = keyBytes
            previousKey = key
            push(keyNode)
            let value = try readItem(depth: depth + 1)
            push(value)
        }
        if !sorted { try sortPairs(from: first, count: count) }
        return try commit(.map, from: first, items: 2 * count, count: count, start: start)
    }

    /// Sorts the `count` pairs pushed on `pending` from `first` into canonical key order
    /// (upstream-compatible mode), refusing a duplicate key.
    private mutating func sortPairs(from first: Int, count: Int) throws {
        var pairs: [(key: String, keyNode: CborNode, value: CborNode)] = []
        pairs.reserveCapacity(count)
        for i in 0..<count {
            let keyNode = pending[first + 2 * i]
            pairs.append((strings[keyNode.stringIndex], keyNode, pending[first + 2 * i + 1]))
        }
        pairs.sort { CborMap.keyPrecedes($0.key, $1.key) }
        for i in pairs.indices.dropFirst() where CborMap.keysEqual(pairs[i - 1].key, pairs[i].key) {
            throw CborError(.duplicateMapKey, at: position, "duplicate key \"\(pairs[i].key)\"")
        }
        for (i, pair) in pairs.enumerated() {
            pending[first + 2 * i] = pair.keyNode
            pending[first + 2 * i + 1] = pair.value
        }
    }

    /// Where a key's bytes are in the input, when they are all ASCII (then UTF-16 order is byte
    /// order and the UTF-16 length is the byte length, so keys compare without their strings).
    struct KeyBytes {
        var offset: Int
        /// -1: not known to be ASCII.
        var length: Int
        static let none = KeyBytes(offset: 0, length: -1)
    }

    /// Reads a map key, which must be a text string.
    /// - Returns: the key's node, and where its bytes are when they are ASCII.
    @inline(__always)
    private mutating func readKey(depth: Int) throws -> (CborNode, KeyBytes) {
        let keyStart = position
        if keyStart < count && base[keyStart] >> 5 == 3 {
            let head = try readHead()
            let length = try payloadLength(head, start: keyStart, what: .textString)
            let offset = position - length
            let key = try readText(at: offset, length: length, start: keyStart)
            return (key, CborReader.isASCII(base + offset, length) ? KeyBytes(offset: offset, length: length) : .none)
        }
        let item = try readItem(depth: depth + 1)
        guard item.isText else {
            throw CborError(.nonTextMapKey, at: keyStart, "map key is \(item.kindName), not text")
        }
        return (item, .none)
    }

    /// Acts on the order of `key` after the previous key `lastKey` (negative: in order; 0: a
    /// duplicate; positive: out of order, an error in strict mode that clears `sorted` otherwise).
    @inline(__always)
    private func checkKeyOrder(_ order: Int, _ key: String, lastKey: String, keyStart: Int, sorted: inout Bool) throws {
        if order < 0 { return }
        if order == 0 { throw CborError(.duplicateMapKey, at: keyStart, "duplicate key \"\(key)\"") }
        if strict { throw CborError(.unsortedMapKeys, at: keyStart, "key \"\(key)\" after \"\(lastKey)\"") }
        sorted = false
    }

    @inline(__always)
    static func isASCII(_ p: UnsafePointer<UInt8>, _ n: Int) -> Bool {
        var i = 0
        while i < n {
            if p[i] >= 0x80 { return false }
            i += 1
        }
        return true
    }

    /// Three-way comparison of two ASCII keys in Peergos' key order: length first, then bytes.
    @inline(__always)
    static func compareASCII(_ a: UnsafePointer<UInt8>, _ la: Int, _ b: UnsafePointer<UInt8>, _ lb: Int) -> Int {
        if la != lb { return la < lb ? -1 : 1 }
        var i = 0
        while i < la {
            if a[i] != b[i] { return a[i] < b[i] ? -1 : 1 }
            i += 1
        }
        return 0
    }

    /// The node of the CID bytes of a tag 42 whose head has just been read.
    @inline(__always)
    private mutating func readLinkContent(depth: Int) throws -> CborNode {
        let contentStart = position
        // Fast path: the canonical form, a byte string `0x00 || cid` with a one-byte length head.
        if contentStart + 2 < count && base[contentStart] == 0x58 && base[contentStart + 1] >= 24 {
            let length = Int(base[contentStart + 1])
            let offset = contentStart + 2
            if length <= count - offset && base[offset] == 0x00
                && CidShape.isWellFormed(UnsafeBufferPointer(start: base + offset + 1, count: length - 1)) {
                position = offset + length
                return CborNode(.link, UInt64(offset + 1), UInt32(truncatingIfNeeded: length - 1))
            }
        }
        return try readOtherLinkContent(depth: depth)
    }

    /// Tag 42 content in any form but the fast path's (and the errors of every form).
    private mutating func readOtherLinkContent(depth: Int) throws -> CborNode {
        let contentStart = position
        if position < count, base[position] >> 5 == 2 {
            let head = try readHead()
            let length = try payloadLength(head, start: contentStart, what: .linkByteString)
            let offset = position - length
            guard length > 0, base[offset] == 0x00 else {
                throw CborError(.invalidLink, at: contentStart, "tag 42 bytes must start with the 0x00 multibase prefix")
            }
            guard CidShape.isWellFormed(UnsafeBufferPointer(start: base + offset + 1, count: length - 1)) else {
                throw CborError(.invalidLink, at: contentStart, "tag 42 holds no well-formed CID")
            }
            return bytesNode(.link, from: offset + 1, count: length - 1)
        }
        let content = try readItem(depth: depth + 1)
        guard content.isText else {
            throw CborError(.invalidLink, at: contentStart, "tag 42 over \(content.kindName)")
        }
        guard !strict, let decodeText = textLinkDecoder else {
            throw CborError(.invalidLink, at: contentStart, "tag 42 over a CID string is not canonical")
        }
        let cid: [UInt8]
        do {
            cid = try decodeText(strings[content.stringIndex])
        } catch {
            throw CborError(.invalidLink, at: contentStart, "tag 42 string is not a CID: \(error)")
        }
        return ownedNode(.ownedLink, cid)
    }
}

extension CborNode {
    /// The name of the node's kind, as ``CborObject/kindName`` names it.
    var kindName: String {
        switch kind {
        case .integer: return "integer"
        case .text, .ownedText: return "text"
        case .bytes, .ownedBytes: return "bytes"
        case .falseValue, .trueValue: return "bool"
        case .null: return "null"
        case .list: return "list"
        case .map: return "map"
        case .link, .ownedLink: return "link"
        }
    }
}
