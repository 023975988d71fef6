extension CborObject {
    /// Decodes exactly one CBOR item from `bytes`.
    ///
    /// In ``CborDecodingOptions/Mode/strict`` mode the input must be the canonical encoding of
    /// the result and nothing else; in ``CborDecodingOptions/Mode/upstreamCompatible`` mode bytes
    /// after the first item are ignored, as upstream ignores them.
    /// - Throws: ``CborError`` naming the rule broken and the offset, never traps on any input.
    public static func decode(_ bytes: [UInt8], options: CborDecodingOptions = .strict) throws -> CborObject {
        try bytes.withUnsafeBufferPointer { try decode(buffer: $0, options: options) }
    }

    /// Decodes exactly one CBOR item from a slice (see ``decode(_:options:)``).
    public static func decode(_ bytes: ArraySlice<UInt8>, options: CborDecodingOptions = .strict) throws -> CborObject {
        try bytes.withUnsafeBufferPointer { try decode(buffer: $0, options: options) }
    }

    /// Decodes the first CBOR item of `bytes` and reports how many bytes it took, whatever follows.
    /// Strict-mode rules apply to the item itself; trailing bytes are the caller's business.
    public static func decodePrefix(_ bytes: [UInt8], options: CborDecodingOptions = .strict) throws -> (value: CborObject, length: Int) {
        try bytes.withUnsafeBufferPointer { buffer in
            if buffer.isEmpty { throw CborError(.emptyInput, at: 0, "empty input") }
            var reader = CborReader(buffer: buffer, options: options)
            let value = try reader.readItem(depth: 0)
            return (value, reader.position)
        }
    }

    private static func decode(buffer: UnsafeBufferPointer<UInt8>, options: CborDecodingOptions) throws -> CborObject {
        if buffer.isEmpty { throw CborError(.emptyInput, at: 0, "empty input") }
        var reader = CborReader(buffer: buffer, options: options)
        let value = try reader.readItem(depth: 0)
        if options.mode == .strict && reader.position != buffer.count {
            throw CborError(.trailingBytes, at: reader.position, "\(buffer.count - reader.position) bytes after the item")
        }
        return value
    }
}

/// A cursor over CBOR input. Internal: the public surface is ``CborObject/decode(_:options:)``.
struct CborReader {
    let buffer: UnsafeBufferPointer<UInt8>
    let options: CborDecodingOptions
    let strict: Bool
    var position = 0

    init(buffer: UnsafeBufferPointer<UInt8>, options: CborDecodingOptions) {
        self.buffer = buffer
        self.options = options
        self.strict = options.mode == .strict
    }

    /// A decoded head: major type, additional info and argument (`nil` for indefinite length).
    struct Head {
        let major: UInt8
        let info: UInt8
        let argument: UInt64
        let indefinite: Bool
    }

    @inline(__always)
    mutating func readHead() throws -> Head {
        let start = position
        guard position < buffer.count else { throw CborError(.truncated, at: start, "expected an item") }
        let initial = buffer[position]
        position += 1
        let major = initial >> 5
        let info = initial & 0x1f
        switch info {
        case 0..<24:
            return Head(major: major, info: info, argument: UInt64(info), indefinite: false)
        case 24:
            guard position < buffer.count else {
                if strict { throw CborError(.truncated, at: start, "missing 1-byte argument") }
                // Upstream reads end-of-input as the byte 0xff here.
                return Head(major: major, info: info, argument: 0xff, indefinite: false)
            }
            let v = UInt64(buffer[position])
            position += 1
            if strict && major != 7 && v < 24 { throw CborError(.nonMinimalHead, at: start, "argument \(v) fits in the initial byte") }
            return Head(major: major, info: info, argument: v, indefinite: false)
        case 25, 26, 27:
            let width = 1 << Int(info - 24)
            guard buffer.count - position >= width else {
                throw CborError(.truncated, at: start, "missing \(width)-byte argument")
            }
            var v: UInt64 = 0
            for i in 0..<width { v = (v << 8) | UInt64(buffer[position + i]) }
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
            return Head(major: major, info: info, argument: v, indefinite: false)
        case 31:
            return Head(major: major, info: info, argument: 0, indefinite: true)
        default:
            throw CborError(.reservedAdditionalInfo, at: start, "additional information \(info) is reserved")
        }
    }

    mutating func readItem(depth: Int) throws -> CborObject {
        let start = position
        let head = try readHead()
        switch head.major {
        case 0:
            guard head.argument <= UInt64(Int64.max) else {
                throw CborError(.integerOutOfRange, at: start, "unsigned integer \(head.argument) exceeds 2^63-1")
            }
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite integer") }
            return .integer(Int64(head.argument))
        case 1:
            guard head.argument <= UInt64(Int64.max) else {
                throw CborError(.integerOutOfRange, at: start, "negative integer -1-\(head.argument) below -2^63")
            }
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite integer") }
            return .integer(-1 - Int64(head.argument))
        case 2:
            let range = try payloadRange(head, start: start, what: "byte string")
            return .bytes(Array(UnsafeBufferPointer(rebasing: buffer[range])))
        case 3:
            let range = try payloadRange(head, start: start, what: "text string")
            return .text(try makeString(range, start: start))
        case 4:
            if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite-length array") }
            let count = try checkCount(head.argument, bytesPerItem: 1, start: start, what: "array")
            try checkDepth(depth, start: start)
            var items: [CborObject] = []
            items.reserveCapacity(Swift.min(count, CborReader.maximumReservation))
            for _ in 0..<count { items.append(try readItem(depth: depth + 1)) }
            return .list(items)
        case 5:
            if head.indefinite {
                if strict { throw CborError(.indefiniteLength, at: start, "indefinite-length map") }
                // Upstream reads the length as -1 and so reads no entries.
                return .map(CborMap())
            }
            let count = try checkCount(head.argument, bytesPerItem: 2, start: start, what: "map")
            try checkDepth(depth, start: start)
            return .map(try readMapEntries(count: count, depth: depth))
        case 6:
            guard head.argument == 42, !head.indefinite else {
                throw CborError(.unknownTag, at: start, "tag \(head.argument) (only 42 is allowed)")
            }
            try checkDepth(depth, start: start)
            return .link(try readLinkContent(start: start, depth: depth))
        default:
            switch head.info {
            case 20: return .bool(false)
            case 21: return .bool(true)
            case 22: return .null
            case 25, 26, 27: throw CborError(.unsupportedSimpleValue, at: start, "floating-point numbers are not supported")
            case 31: throw CborError(.unsupportedSimpleValue, at: start, "unexpected break")
            default: throw CborError(.unsupportedSimpleValue, at: start, "simple value \(head.argument)")
            }
        }
    }

    private mutating func payloadRange(_ head: Head, start: Int, what: String) throws -> Range<Int> {
        if head.indefinite { throw CborError(.indefiniteLength, at: start, "indefinite-length \(what)") }
        guard head.argument <= UInt64(buffer.count) else {
            throw CborError(.lengthExceedsInput, at: start, "\(what) of length \(head.argument) in \(buffer.count) bytes of input")
        }
        let length = Int(head.argument)
        guard buffer.count - position >= length else {
            throw CborError(.truncated, at: start, "\(what) needs \(length) bytes, \(buffer.count - position) left")
        }
        let range = position..<(position + length)
        position += length
        return range
    }

    /// At most this many elements are reserved ahead of reading them, whatever a head declares,
    /// so a hostile count (even one the remaining bytes could hold) cannot multiply memory use.
    static let maximumReservation = 64

    /// Checks a declared element count against the bytes left after its head: every array item
    /// takes at least one byte and every map pair two (a one-byte key and a one-byte value), so a
    /// count above `remaining / bytesPerItem` cannot be satisfied and is refused at the head.
    /// - Returns: the count as an `Int`, at most the remaining input length.
    private func checkCount(_ count: UInt64, bytesPerItem: Int, start: Int, what: String) throws -> Int {
        let remaining = buffer.count - position
        guard count <= UInt64(remaining / bytesPerItem) else {
            let unit = bytesPerItem == 1 ? "items" : "pairs"
            throw CborError(.lengthExceedsInput, at: start, "\(what) of \(count) \(unit) with \(remaining) bytes left")
        }
        return Int(count)
    }

    private func checkDepth(_ depth: Int, start: Int) throws {
        guard depth < options.maximumDepth else {
            throw CborError(.nestingTooDeep, at: start, "nesting deeper than \(options.maximumDepth)")
        }
    }

    private func makeString(_ range: Range<Int>, start: Int) throws -> String {
        let slice = UnsafeBufferPointer(rebasing: buffer[range])
        if slice.count <= 32 {
            var ascii = true
            for b in slice where b >= 0x80 { ascii = false; break }
            if ascii { return String(decoding: slice, as: UTF8.self) }
        }
        if strict {
            guard let s = String(validating: slice, as: UTF8.self) else {
                throw CborError(.invalidUTF8, at: start, "text string is not valid UTF-8")
            }
            return s
        }
        return UpstreamUTF8.decode(slice)
    }

    private mutating func readMapEntries(count: Int, depth: Int) throws -> CborMap {
        var entries: [(key: String, value: CborObject)] = []
        entries.reserveCapacity(Swift.min(count, CborReader.maximumReservation))
        var sorted = true
        for _ in 0..<count {
            let keyStart = position
            let key = try readItem(depth: depth + 1)
            guard case .text(let k) = key else {
                throw CborError(.nonTextMapKey, at: keyStart, "map key is \(key.kindName), not text")
            }
            if let last = entries.last?.key {
                // Keys compare as Java strings (UTF-16 code units), never by canonical equivalence.
                let order = CborMap.compareKeys(last, k)
                if order == 0 { throw CborError(.duplicateMapKey, at: keyStart, "duplicate key \"\(k)\"") }
                if order > 0 {
                    if strict { throw CborError(.unsortedMapKeys, at: keyStart, "key \"\(k)\" after \"\(last)\"") }
                    sorted = false
                }
            }
            let value = try readItem(depth: depth + 1)
            entries.append((key: k, value: value))
        }
        if !sorted {
            entries.sort { CborMap.keyPrecedes($0.key, $1.key) }
            for i in entries.indices.dropFirst() where CborMap.keysEqual(entries[i - 1].key, entries[i].key) {
                throw CborError(.duplicateMapKey, at: position, "duplicate key \"\(entries[i].key)\"")
            }
        }
        return CborMap(uncheckedSortedEntries: entries)
    }

    private mutating func readLinkContent(start: Int, depth: Int) throws -> [UInt8] {
        let contentStart = position
        // Fast path: the canonical form, a byte string `0x00 || cid`, copied once.
        if position < buffer.count, buffer[position] >> 5 == 2 {
            let head = try readHead()
            let range = try payloadRange(head, start: contentStart, what: "link byte string")
            guard range.count > 0, buffer[range.lowerBound] == 0x00 else {
                throw CborError(.invalidLink, at: contentStart, "tag 42 bytes must start with the 0x00 multibase prefix")
            }
            let cid = UnsafeBufferPointer(rebasing: buffer[(range.lowerBound + 1)..<range.upperBound])
            guard CidShape.isWellFormed(cid) else {
                throw CborError(.invalidLink, at: contentStart, "tag 42 holds no well-formed CID")
            }
            return Array(cid)
        }
        let content = try readItem(depth: depth + 1)
        switch content {
        case .text(let s):
            guard !strict, let decodeText = options.textLinkDecoder else {
                throw CborError(.invalidLink, at: contentStart, "tag 42 over a CID string is not canonical")
            }
            do {
                return try decodeText(s)
            } catch {
                throw CborError(.invalidLink, at: contentStart, "tag 42 string is not a CID: \(error)")
            }
        default:
            throw CborError(.invalidLink, at: contentStart, "tag 42 over \(content.kindName)")
        }
    }
}
