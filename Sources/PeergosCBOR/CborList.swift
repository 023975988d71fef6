/// The items of a CBOR array (major type 4), indexed from 0.
///
/// A list is either made from an array of values (``init(_:)``, an array literal) or is a view
/// of a decoded tape (see ``CborTape``): the items of one decode are held in one table, not in
/// an array per list, and reading an item makes its ``CborObject`` from the table (a copy of a
/// scalar or a view; nothing is parsed again). Both kinds behave alike: equality and hashing are
/// by items, never by how they are held.
///
/// A view keeps its whole decode alive (the input's bytes included), so a protocol object that
/// keeps items for longer than a decode should keep ``array``.
public struct CborList: RandomAccessCollection, Hashable, Sendable {
    // @unchecked: a tape is immutable once made (see ``CborTape``).
    enum Storage: @unchecked Sendable {
        case items([CborObject])
        /// `count` items of `tape` from node `start`.
        case tape(CborTape, start: UInt32, count: UInt32)
    }

    let storage: Storage

    /// The list of `items` (no copy).
    public init(_ items: [CborObject]) { storage = .items(items) }

    init(tape: CborTape, start: UInt32, count: UInt32) {
        storage = .tape(tape, start: start, count: count)
    }

    public var startIndex: Int { 0 }

    public var endIndex: Int { count }

    public var count: Int {
        switch storage {
        case .items(let items): return items.count
        case .tape(_, _, let count): return Int(count)
        }
    }

    public subscript(position: Int) -> CborObject {
        switch storage {
        case .items(let items):
            return items[position]
        case .tape(let tape, let start, let count):
            precondition(position >= 0 && position < Int(count), "index out of range")
            return tape.object(at: Int(start) + position)
        }
    }

    /// The items as an array: the array itself when the list was made from one, else a new one.
    public var array: [CborObject] {
        switch storage {
        case .items(let items): return items
        case .tape(let tape, let start, let count):
            var items: [CborObject] = []
            items.reserveCapacity(Int(count))
            for i in Int(start)..<(Int(start) + Int(count)) { items.append(tape.object(at: i)) }
            return items
        }
    }

    public static func == (a: CborList, b: CborList) -> Bool {
        if case .tape(let ta, let sa, let ca) = a.storage, case .tape(let tb, let sb, let cb) = b.storage,
            ta === tb && sa == sb && ca == cb {
            return true
        }
        return a.count == b.count && a.elementsEqual(b)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        for item in self { hasher.combine(item) }
    }
}

extension CborList: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: CborObject...) { self.init(elements) }
}

extension CborList: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The items as an array literal, as `[CborObject]` prints.
    public var description: String { array.description }
    public var debugDescription: String { "CborList(\(array.debugDescription))" }
    /// The items, whichever way they are held.
    public var customMirror: Mirror { Mirror(self, unlabeledChildren: array, displayStyle: .collection) }
}

extension Array where Element == CborObject {
    /// The items of a list (see ``CborList/array``).
    public init(_ list: CborList) { self = list.array }
}
