/// The items of a definite-length list, read from the input straight into the storage of the
/// array that will hold them: `Array(_:)` allocates `count` elements once and calls
/// ``_copyContents(initializing:)``, which has the decoder read each item in place (no growth
/// checks, no intermediate copies).
///
/// As a collection it is pure: its elements are the items of the list whose first item starts
/// at `start` (reading an element by index re-reads the input up to it, slowly, with a copy of
/// the reader; an item that fails to decode reads as `.null`). ``_copyContents(initializing:)``
/// reads with the decoder's own reader, so that it ends after the list, and records the first
/// error in `failure`, which the decoder then throws.
///
/// Invariant: `reader` and `failure` are valid while this exists (the decoder makes them in
/// `withUnsafeMutablePointer` scopes and uses this collection only within them), and
/// `reader.pointee.position == start` until `_copyContents` runs.
struct CborListReading: RandomAccessCollection {
    let reader: UnsafeMutablePointer<CborReader>
    let start: Int
    let count: Int
    /// The depth of the list; its items are read at `depth + 1`.
    let depth: Int
    let failure: UnsafeMutablePointer<(any Error)?>

    var startIndex: Int { 0 }
    var endIndex: Int { count }

    subscript(index: Int) -> CborObject {
        precondition(index >= 0 && index < count, "index out of range")
        var r = reader.pointee
        r.position = start
        do {
            for _ in 0..<index { _ = try r.readItem(depth: depth + 1) }
            return try r.readItem(depth: depth + 1)
        } catch {
            return .null
        }
    }

    struct Iterator: IteratorProtocol {
        let items: CborListReading
        var index: Int
        mutating func next() -> CborObject? {
            guard index < items.count else { return nil }
            defer { index += 1 }
            return items[index]
        }
    }

    func makeIterator() -> Iterator { Iterator(items: self, index: 0) }

    /// Reads the items in order into `buffer` (as many as fit). On an error the remaining slots
    /// are filled with `.null`, so the buffer is always fully initialised, and `failure` holds
    /// the error.
    func _copyContents(initializing buffer: UnsafeMutableBufferPointer<CborObject>) -> (Iterator, Int) {
        let n = Swift.min(count, buffer.count)
        guard n > 0, let base = buffer.baseAddress else { return (Iterator(items: self, index: 0), 0) }
        var i = 0
        do {
            while i < n {
                (base + i).initialize(to: try reader.pointee.readItem(depth: depth + 1))
                i += 1
            }
        } catch {
            failure.pointee = error
            while i < n {
                (base + i).initialize(to: .null)
                i += 1
            }
        }
        return (Iterator(items: self, index: n), n)
    }
}
