/// A growable run of values for a decode in progress: first in memory the caller lends (on its
/// stack, uninitialised), then, once that fills, in memory of its own. ``release()``
/// deinitialises what it holds and frees what it allocated; ``moveAll(to:)`` hands the values
/// over instead. The decoder keeps its nodes (``CborNode``, trivial, so deinitialising them costs
/// nothing) and its strings in these.
///
/// Invariants: `base` holds `count` initialised values and room for `capacity`; `ownsBase` tells
/// whether `base` was allocated here; the lent memory outlives the buffer.
struct LentBuffer<Element> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private var capacity: Int
    private var ownsBase = false

    /// A buffer that starts in `lent` (uninitialised), which must outlive it.
    init(lent: UnsafeMutableBufferPointer<Element>) {
        base = lent.baseAddress.unsafelyUnwrapped
        capacity = lent.count
    }

    /// The values held, valid until the buffer changes.
    var values: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(to: count + 1) }
        (base + count).initialize(to: value)
        count += 1
    }

    /// Appends copies of `n` values from `source`, which must not be within this buffer.
    @inline(__always)
    mutating func append(_ source: UnsafePointer<Element>, count n: Int) {
        if count + n > capacity { grow(to: count + n) }
        (base + count).initialize(from: source, count: n)
        count += n
    }

    /// Removes the last `n` values.
    @inline(__always)
    mutating func removeLast(_ n: Int) {
        count -= n
        (base + count).deinitialize(count: n)
    }

    subscript(i: Int) -> Element {
        get { base[i] }
        set { base[i] = newValue }
    }

    @inline(never)
    private mutating func grow(to minimum: Int) {
        let newCapacity = Swift.max(minimum, 2 * capacity, 16)
        let newBase = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        newBase.moveInitialize(from: base, count: count)
        if ownsBase { base.deallocate() }
        base = newBase
        capacity = newCapacity
        ownsBase = true
    }

    /// Moves every value to `destination` (uninitialised memory for `count` values); the buffer
    /// is then empty.
    mutating func moveAll(to destination: UnsafeMutablePointer<Element>) {
        destination.moveInitialize(from: base, count: count)
        count = 0
    }

    /// Deinitialises the values held and frees memory allocated here (never the lent memory).
    mutating func release() {
        base.deinitialize(count: count)
        if ownsBase { base.deallocate() }
        ownsBase = false
        count = 0
        capacity = 0
    }
}
