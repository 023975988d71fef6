/// A CBOR map with text keys, held in Peergos' canonical key order.
///
/// Invariant: `entries` is sorted by ``CborMap/keyPrecedes(_:_:)`` (shorter UTF-16 length first,
/// then UTF-16 code-unit order, as Java's `String.compareTo` after a length comparison) and holds
/// no duplicate key. This is the order upstream serialises in; it differs from RFC 8949's
/// length-first-bytewise order for non-ASCII keys (`"é"` precedes `"ab"`).
public struct CborMap: Hashable, Sendable {
    /// The entries, in canonical order.
    public private(set) var entries: [(key: String, value: CborObject)]

    /// An empty map.
    public init() { entries = [] }

    /// A map of the given entries in any order.
    /// - Throws: ``CborSchemaError/duplicateKey(_:)`` if a key occurs twice.
    public init<S: Sequence>(_ entries: S) throws where S.Element == (String, CborObject) {
        var sorted = entries.map { (key: $0.0, value: $0.1) }
        sorted.sort { CborMap.keyPrecedes($0.key, $1.key) }
        for i in sorted.indices.dropFirst() where sorted[i - 1].key == sorted[i].key {
            throw CborSchemaError.duplicateKey(sorted[i].key)
        }
        self.entries = sorted
    }

    /// Internal: entries already known to be sorted and unique.
    init(uncheckedSortedEntries: [(key: String, value: CborObject)]) {
        self.entries = uncheckedSortedEntries
    }

    /// The number of entries.
    public var count: Int { entries.count }

    /// Whether the map has no entries.
    public var isEmpty: Bool { entries.isEmpty }

    /// The keys, in canonical order.
    public var keys: [String] { entries.map(\.key) }

    /// The value under `key`; setting `nil` removes the entry.
    public subscript(key: String) -> CborObject? {
        get {
            switch index(of: key) {
            case .found(let i): return entries[i].value
            case .insertAt: return nil
            }
        }
        set {
            switch (index(of: key), newValue) {
            case (.found(let i), .some(let v)): entries[i].value = v
            case (.found(let i), .none): entries.remove(at: i)
            case (.insertAt(let i), .some(let v)): entries.insert((key: key, value: v), at: i)
            case (.insertAt, .none): break
            }
        }
    }

    private enum Position { case found(Int), insertAt(Int) }

    private func index(of key: String) -> Position {
        var lo = 0
        var hi = entries.count
        while lo < hi {
            let mid = (lo + hi) / 2
            let k = entries[mid].key
            if k == key { return .found(mid) }
            if CborMap.keyPrecedes(k, key) { lo = mid + 1 } else { hi = mid }
        }
        return .insertAt(lo)
    }

    /// Peergos' map-key order: shorter UTF-16 length first, then UTF-16 code units in order.
    public static func keyPrecedes(_ a: String, _ b: String) -> Bool {
        let la = a.utf16.count
        let lb = b.utf16.count
        if la != lb { return la < lb }
        return a.utf16.lexicographicallyPrecedes(b.utf16)
    }

    public static func == (lhs: CborMap, rhs: CborMap) -> Bool {
        lhs.entries.count == rhs.entries.count
            && zip(lhs.entries, rhs.entries).allSatisfy { $0.key == $1.key && $0.value == $1.value }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(entries.count)
        for e in entries {
            hasher.combine(e.key)
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
