/// One decoded item in a ``CborTape``: its kind and its value, in 16 bytes, holding no
/// reference (so a table of them is freed without visiting each one).
///
/// What `payload` and `length` hold, by kind:
/// - `integer`: the value's bit pattern; `length` unused.
/// - `text`: the index of the string in the tape's `strings` (high 32 bits of `payload`) and
///   the offset of its UTF-8 in the tape's `input` (low 32 bits), `length` bytes: the string's
///   UTF-8 is exactly that run of the input.
/// - `ownedText`: the index of the string in `strings`, whose UTF-8 is not a run of the input
///   (text read from invalid UTF-8 upstream's way, or past the first 4 GiB of an input).
/// - `bytes`, `link`: the offset of the bytes (a link's CID, after its `0x00`) in the tape's
///   `input`, and their count.
/// - `ownedBytes`, `ownedLink`: the index of the bytes in the tape's `owned` (bytes that are not
///   a run of the input: a CID read from text, or a run too long for `length`).
/// - `list`: the index in the tape's `nodes` of the first of `length` items.
/// - `map`: the index of the first of `length` pairs, each a key node (always `text`) followed
///   by its value node, in canonical key order.
/// - `bool`, `null`: nothing.
struct CborNode {
        enum Kind: UInt8 {
        case integer, text, ownedText, bytes, ownedBytes, falseValue, trueValue, null, list, map, link, ownedLink
    }

    var payload: UInt64
    var length: UInt32
    var kind: Kind

    @inline(__always)
    init(_ kind: Kind, _ payload: UInt64 = 0, _ length: UInt32 = 0) {
        self.kind = kind
        self.payload = payload
        self.length = length
    }

    @inline(__always) var index: Int { Int(truncatingIfNeeded: payload) }
    /// The index in `strings` of a `text` or `ownedText` node.
    @inline(__always) var stringIndex: Int { kind == .text ? Int(truncatingIfNeeded: payload >> 32) : index }
    /// Whether the node is a text (either kind).
    @inline(__always) var isText: Bool { kind == .text || kind == .ownedText }
    @inline(__always) var count: Int { Int(length) }
}

/// The value tree of one decode, held flat in one allocation: after the header, every item
/// decoded from one input as a ``CborNode``, then every text as a `String`; byte strings and
/// links are runs of `input`. A list or map decoded from it is a view of the tape (``CborList``,
/// ``CborMap``), so a whole decode is one allocation, whatever its number of items.
///
/// The tree is complete when decoding ends: every item has been read, checked and converted
/// (integers, texts, the order of map keys), and nothing is parsed again when it is read.
/// Reading an item makes its ``CborObject`` from its node: a copy of a scalar (a text's `String`
/// included) or a view, with the one reference count a view of the input or of the tape takes.
///
/// Invariants: immutable once made; the elements are `nodeCount` initialised nodes followed by
/// `stringCount` initialised strings (memory bound to `String`, as big as a node); a container's
/// items are the nodes `start ..< start + count` (twice that for a map), all below `nodeCount`;
/// a map's pairs are in canonical key order with no duplicate; every text's string index is below
/// `stringCount`, every `owned*` index within `owned`, and every run within `input`; every index
/// and count fits in 32 bits.
///
/// Sharing across threads: `ManagedBuffer` is not `Sendable`, but a tape is written only in
/// ``make(input:nodes:strings:owned:)``, before any reference to it escapes, and only read after;
/// the views that hold it (``CborList``, ``CborMap``) are therefore `@unchecked Sendable`.
final class CborTape: ManagedBuffer<CborTape.Header, CborNode> {

    struct Header {
        let input: [UInt8]
        let owned: [[UInt8]]
        let nodeCount: Int
        let stringCount: Int
    }

    /// A tape holding a copy of `nodes` and the strings of `strings`, moved out of it (which is
    /// left empty).
    static func make(input: [UInt8], nodes: UnsafeBufferPointer<CborNode>, strings: inout LentBuffer<String>, owned: [[UInt8]]) -> CborTape {
        let nodeCount = nodes.count
        let stringCount = strings.count
        let buffer = CborTape.create(minimumCapacity: nodeCount + stringCount) { _ in
            Header(input: input, owned: owned, nodeCount: nodeCount, stringCount: stringCount)
        }
        let tape = unsafeDowncast(buffer, to: CborTape.self)
        tape.withUnsafeMutablePointerToElements { elements in
            if let source = nodes.baseAddress, nodeCount > 0 { elements.initialize(from: source, count: nodeCount) }
            let texts = UnsafeMutableRawPointer(elements + nodeCount).bindMemory(to: String.self, capacity: stringCount)
            strings.moveAll(to: texts)
        }
        return tape
    }

    deinit {
        // Nodes are trivial values; the strings are not.
        withUnsafeMutablePointers { header, elements in
            _ = CborTape.strings(elements, header.pointee.nodeCount).deinitialize(count: header.pointee.stringCount)
        }
    }

    /// Where the strings start: right after the nodes.
    @inline(__always)
    private static func strings(_ elements: UnsafeMutablePointer<CborNode>, _ nodeCount: Int) -> UnsafeMutablePointer<String> {
        UnsafeMutableRawPointer(elements + nodeCount).assumingMemoryBound(to: String.self)
    }

    // Every read goes through `withUnsafeMutablePointers`, not `header`: the header is a stored
    // `var` of a class, so each `header` access would be checked for exclusivity at run time.

    var input: [UInt8] { withUnsafeMutablePointerToHeader { $0.pointee.input } }
    var owned: [[UInt8]] { withUnsafeMutablePointerToHeader { $0.pointee.owned } }

    /// Calls `body` with the nodes, the input's bytes and the strings, valid only during the call.
    @inline(__always)
    func withContents<R>(_ body: (UnsafeBufferPointer<CborNode>, UnsafeBufferPointer<UInt8>, UnsafeBufferPointer<String>) throws -> R) rethrows -> R {
        try withUnsafeMutablePointers { header, elements in
            let nodeCount = header.pointee.nodeCount
            let nodes = UnsafeBufferPointer(start: elements, count: nodeCount)
            let strings = UnsafeBufferPointer(start: CborTape.strings(elements, nodeCount), count: header.pointee.stringCount)
            return try header.pointee.input.withUnsafeBufferPointer { input in try body(nodes, input, strings) }
        }
    }

    /// The value of node `i`.
    ///
    /// `@_effects(releasenone)` is true of this and the other readers below (they only read the
    /// tape and retain what the value they return holds: never release anything) and lets a
    /// view call them on its tape without retaining it around the call.
    @_effects(releasenone)
    func object(at i: Int) -> CborObject {
        withUnsafeMutablePointers { header, elements in
            let nodeCount = header.pointee.nodeCount
            precondition(i >= 0 && i < nodeCount, "node index out of range")
            return object(elements[i], header, CborTape.strings(elements, nodeCount))
        }
    }

    /// The value of `node`, a node of this tape.
    @_effects(releasenone)
    func object(_ node: CborNode) -> CborObject {
        withUnsafeMutablePointers { header, elements in
            object(node, header, CborTape.strings(elements, header.pointee.nodeCount))
        }
    }

    @inline(__always)
    private func object(_ node: CborNode, _ header: UnsafeMutablePointer<Header>, _ strings: UnsafeMutablePointer<String>) -> CborObject {
        switch node.kind {
        case .integer: return .integer(Int64(bitPattern: node.payload))
        case .text, .ownedText: return .text(strings[node.stringIndex])
        case .bytes: return .bytes(CborBytes(sharing: header.pointee.input, offset: node.index, count: node.count))
        case .ownedBytes: return .bytes(CborBytes(header.pointee.owned[node.index]))
        case .falseValue: return .bool(false)
        case .trueValue: return .bool(true)
        case .null: return .null
        case .list: return .list(CborList(tape: self, start: UInt32(truncatingIfNeeded: node.payload), count: node.length))
        case .map: return .map(CborMap(tape: self, start: UInt32(truncatingIfNeeded: node.payload), count: node.length))
        case .link: return .link(CborBytes(sharing: header.pointee.input, offset: node.index, count: node.count))
        case .ownedLink: return .link(CborBytes(header.pointee.owned[node.index]))
        }
    }

    /// The key of the map pair whose key node is node `i`.
    @_effects(releasenone)
    func key(at i: Int) -> String {
        withUnsafeMutablePointers { header, elements in
            let nodeCount = header.pointee.nodeCount
            precondition(i >= 0 && i < nodeCount, "node index out of range")
            return CborTape.strings(elements, nodeCount)[elements[i].stringIndex]
        }
    }
}
