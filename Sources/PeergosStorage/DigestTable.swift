/// A hash table from ``DigestKey`` to `Value`, placing keys by their digest's first 8 bytes
/// instead of running `Hasher` (SipHash) over them: a SHA-256 digest is already uniform.
///
/// Open addressing with linear probing over `slots` (a power of two, at most 3/4 full). A slot
/// holds the key's first digest word (to skip most non-matching entries without touching them)
/// and the index of its entry in `entries`, which only grows: growing the table rebuilds the
/// slots from the words they hold, never moving an entry or hashing a key again.
///
/// Placement mixes each word with a random per-table seed through a multiply before taking the
/// top bits, so which digests share a probe run cannot be predicted without the seed: building
/// blocks that pile into one run would take a brute-force search per block and per table.
///
/// Invariants: `slots.count` is a power of two, at least 8, with `entries.count * 4 <=
/// slots.count * 3`; every entry has exactly one slot, reachable from its home slot without
/// crossing an empty one; no two entries have equal keys.
struct DigestTable<Value> {
    private struct Slot {
        /// `key.d0` of the entry, or 0 when empty (an entry's word may be 0 too: `index` decides).
        var word: UInt64
        /// 1 + the entry's index in `entries`; 0 for an empty slot.
        var position: Int
    }

    private var slots: [Slot]
    private(set) var entries: ContiguousArray<(key: DigestKey, value: Value)> = []
    private let seed: UInt64
    private var shift: UInt64

    init() {
        slots = Array(repeating: Slot(word: 0, position: 0), count: 8)
        shift = 64 - 3
        var random = SystemRandomNumberGenerator()
        seed = random.next()
    }

    var count: Int { entries.count }

    @inline(__always)
    private func home(_ word: UInt64) -> Int {
        Int(truncatingIfNeeded: ((word ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always)
    private func find(_ key: DigestKey) -> (slot: Int, found: Bool) {
        let mask = slots.count - 1
        var i = home(key.d0)
        return slots.withUnsafeBufferPointer { s in
            while true {
                let slot = s[i]
                if slot.position == 0 { return (i, false) }
                if slot.word == key.d0 && entries[slot.position - 1].key == key { return (i, true) }
                i = (i + 1) & mask
            }
        }
    }

    subscript(key: DigestKey) -> Value? {
        let (slot, found) = find(key)
        return found ? entries[slots[slot].position - 1].value : nil
    }

    /// Stores `value` under `key`, replacing any value there.
    mutating func set(_ key: DigestKey, _ value: Value) {
        let (slot, found) = find(key)
        if found {
            entries[slots[slot].position - 1].value = value
            return
        }
        entries.append((key, value))
        slots[slot] = Slot(word: key.d0, position: entries.count)
        if entries.count * 4 > slots.count * 3 { grow() }
    }

    /// Doubles the slots and places every entry again from its stored word.
    private mutating func grow() {
        let old = slots
        slots = Array(repeating: Slot(word: 0, position: 0), count: old.count * 2)
        shift -= 1
        let mask = slots.count - 1
        let (seed, shift) = (self.seed, self.shift)
        slots.withUnsafeMutableBufferPointer { s in
            for slot in old where slot.position != 0 {
                var i = Int(truncatingIfNeeded: ((slot.word ^ seed) &* 0x9E37_79B9_7F4A_7C15) >> shift)
                while s[i].position != 0 { i = (i + 1) & mask }
                s[i] = slot
            }
        }
    }
}
