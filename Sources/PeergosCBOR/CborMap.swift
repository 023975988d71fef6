/// A CBOR map with text keys, held in Peergos' canonical key order.
///
/// Invariant: `entries` is sorted by ``CborMap/keyPrecedes(_:_:)`` (shorter UTF-16 length first,
/// then UTF-16 code-unit order, as Java's `String.compareTo` after a length comparison) and holds
/// no duplicate key. This is the order upstream serialises in; it differs from RFC 8949's
/// length-first-bytewise order for non-ASCII keys (`"é"` precedes `"ab"`).
///
/// Keys are compared as Java compares strings, by code units, never by Swift's `String ==`
/// (Unicode canonical equivalence): `"\u{E9}"` and `"e\u{301}"` are two different keys here, as
/// they are upstream, although Swift calls them equal. Ordering, duplicate detection and lookup
/// all use ``compareKeys(_:_:)`` / ``keysEqual(_:_:)``.
public struct CborMap: Hashable, Sendable {
    /// One key and its value. (A struct rather than a tuple: arrays of it are copied and
    /// destroyed by code specialised for it, not by the runtime's generic tuple functions.)
    public struct Entry: Sendable {
        public let key: String
        public var value: CborObject

        @inlinable
        public init(key: String, value: CborObject) {
            self.key = key
            self.value = value
        }
    }

    // @unchecked: a tape is immutable once made (see ``CborTape``).
    enum Storage: @unchecked Sendable {
        case entries([Entry])
        /// `count` pairs of `tape` from node `start` (key node, value node, ...).
        case tape(CborTape, start: UInt32, count: UInt32)
    }

    var storage: Storage

    /// An empty map.
    public init() { storage = .entries([]) }

    /// A map of the given entries in any order.
    /// - Throws: ``CborSchemaError/duplicateKey(_:)`` if a key occurs twice.
    public init<S: Sequence>(_ entries: S) throws where S.Element == (String, CborObject) {
        var sorted = entries.map { Entry(key: $0.0, value: $0.1) }
        sorted.sort { CborMap.keyPrecedes($0.key, $1.key) }
        for i in sorted.indices.dropFirst() where CborMap.keysEqual(sorted[i - 1].key, sorted[i].key) {
            throw CborSchemaError.duplicateKey(sorted[i].key)
        }
        storage = .entries(sorted)
    }

    /// Internal: entries already known to be sorted and unique.
    init(uncheckedSortedEntries: [Entry]) {
        storage = .entries(uncheckedSortedEntries)
    }

    /// Internal: a decoded map, a view of its tape.
    init(tape: CborTape, start: UInt32, count: UInt32) {
        storage = .tape(tape, start: start, count: count)
    }

    /// The entries, in canonical order.
    public var entries: Entries { Entries(storage: storage) }

    /// The entries of a map in canonical order, indexed from 0, whichever way the map holds them
    /// (an array of its own, or a view of a decoded tape: see ``CborTape``).
    public struct Entries: RandomAccessCollection, Sendable {
        let storage: Storage

        public var startIndex: Int { 0 }
        public var endIndex: Int { count }

        public var count: Int {
            switch storage {
            case .entries(let entries): return entries.count
            case .tape(_, _, let count): return Int(count)
            }
        }

        public subscript(position: Int) -> Entry {
            switch storage {
            case .entries(let entries):
                return entries[position]
            case .tape(let tape, let start, let count):
                precondition(position >= 0 && position < Int(count), "index out of range")
                let keyNode = Int(start) + 2 * position
                return Entry(key: tape.key(at: keyNode), value: tape.object(at: keyNode + 1))
            }
        }

        /// The entries as an array.
        public var array: [Entry] {
            switch storage {
            case .entries(let entries): return entries
            case .tape:
                var out: [Entry] = []
                out.reserveCapacity(count)
                for i in 0..<count { out.append(self[i]) }
                return out
            }
        }
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether the map has no entries.
    public var isEmpty: Bool { count == 0 }

    /// The keys, in canonical order.
    public var keys: [String] { entries.map(\.key) }

    /// The key of entry `i`.
    @inline(__always)
    private func key(at i: Int) -> String {
        switch storage {
        case .entries(let entries): return entries[i].key
        case .tape(let tape, let start, _): return tape.key(at: Int(start) + 2 * i)
        }
    }

    /// The value under `key`; setting `nil` removes the entry.
    public subscript(key: String) -> CborObject? {
        get {
            guard case .found(let i) = index(of: key) else { return nil }
            switch storage {
            case .entries(let entries): return entries[i].value
            case .tape(let tape, let start, _): return tape.object(at: Int(start) + 2 * i + 1)
            }
        }
        set {
            let position = index(of: key)
            var entries = self.entries.array
            // Drop this map's hold on the storage first, so that a map made from an array is
            // changed in place rather than copied.
            storage = .entries([])
            switch (position, newValue) {
            case (.found(let i), .some(let v)): entries[i].value = v
            case (.found(let i), .none): entries.remove(at: i)
            case (.insertAt(let i), .some(let v)): entries.insert(Entry(key: key, value: v), at: i)
            case (.insertAt, .none): break
            }
            storage = .entries(entries)
        }
    }

    private enum Position { case found(Int), insertAt(Int) }

    private func index(of key: String) -> Position {
        var lo = 0
        var hi = count
        while lo < hi {
            let mid = (lo + hi) / 2
            let order = CborMap.compareKeys(self.key(at: mid), key)
            if order == 0 { return .found(mid) }
            if order < 0 { lo = mid + 1 } else { hi = mid }
        }
        return .insertAt(lo)
    }

    /// Peergos' map-key order: shorter UTF-16 length first, then UTF-16 code units in order.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool { compareKeys(a, b) < 0 }

    /// Three-way comparison in Peergos' map-key order (Java's `String.length()`, then
    /// `String.compareTo`): negative if `a` sorts first, 0 only if the UTF-16 code units are
    /// identical, positive otherwise.
    public static func compareKeys(_ a: String, _ b: String) -> Int {
        let la = a.utf16.count
        let lb = b.utf16.count
        if la != lb { return la < lb ? -1 : 1 }
        var ib = b.utf16.makeIterator()
        for ua in a.utf16 {
            guard let ub = ib.next() else { return 1 }
            if ua != ub { return ua < ub ? -1 : 1 }
        }
        return 0
    }

    /// Whether two keys are the same Java string (same code units); canonically equivalent but
    /// differently written strings are different keys. (Valid Swift strings have the same UTF-8
    /// bytes exactly when they have the same UTF-16 code units.)
    @inline(__always)
    public static func keysEqual(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    public static func == (lhs: CborMap, rhs: CborMap) -> Bool {
        if case .tape(let ta, let sa, let ca) = lhs.storage, case .tape(let tb, let sb, let cb) = rhs.storage,
            ta === tb && sa == sb && ca == cb {
            return true
        }
        return lhs.count == rhs.count
            && zip(lhs.entries, rhs.entries).allSatisfy { keysEqual($0.key, $1.key) && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries {
            CborObject.hashText(e.key, into: &hasher)
            hasher.combine(e.value)
        }
    }
}

extension CborMap: ExpressibleByDictionaryLiteral {
    /// A map from a literal. Duplicate keys in a literal are a programming error and trap.
    public init(dictionaryLiteral elements: (String, CborObject)...) {
        do {
            try self.init(elements)
        } catch {
            preconditionFailure("duplicate key in CborMap literal: \(error)")
        }
    }
}

extension CborMap: CustomReflectable {
    /// The entries, whichever way the map holds them (so a decoded map prints as one built by hand).
    public var customMirror: Mirror { Mirror(self, children: ["entries": entries.array]) }
}
