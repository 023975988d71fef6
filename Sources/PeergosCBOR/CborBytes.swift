/// The bytes of a CBOR byte string or of a merkle link's CID: an immutable view of a run of bytes,
/// indexed from 0.
///
/// A decode keeps its byte strings as runs of its input (see ``CborTape``); reading one gives a view
/// that shares the input instead of copying the bytes out (one reference count, no allocation):
/// the view keeps the input's storage alive and reads `count` bytes of it from `offset`. A view made from an array (``init(_:)``) is the whole
/// array, so ``array`` gives that array back without a copy.
///
/// Invariants: `offset + count <= storage.count`; element `i` is `storage[offset + i]`.
/// Equality and hashing are by content, never by the storage shared.
///
/// A view keeps all of its storage alive, so a protocol object that keeps bytes for longer than a
/// decode should keep ``array`` (a copy of just these bytes), as ``CborObject/asBytes(_:)`` does.
public struct CborBytes: RandomAccessCollection, Hashable, Sendable {
    @usableFromInline let storage: [UInt8]
    // A 32-bit offset and length keep the view (and so every `CborObject`) at 16 bytes. A view
    // whose bounds do not fit below 2^32 - 1 owns its bytes instead: a copy, or the array it was
    // made from, held whole with `length` = ``wholeStorage`` (then `offset` is 0 and the count is
    // `storage.count`, however long). Every other view has `length` < ``wholeStorage``.
    @usableFromInline let offset: UInt32
    @usableFromInline let length: UInt32

    /// The `length` of a view that is the whole of its storage, of any length.
    @usableFromInline static let wholeStorage = UInt32.max

    @usableFromInline
    init(storage: [UInt8], offset: UInt32, length: UInt32) {
        self.storage = storage
        self.offset = offset
        self.length = length
    }

    /// The whole of `bytes`, without a copy.
    @inlinable
    public init(_ bytes: [UInt8]) {
        let length = bytes.count < Int(CborBytes.wholeStorage) ? UInt32(truncatingIfNeeded: bytes.count) : CborBytes.wholeStorage
        self.init(storage: bytes, offset: 0, length: length)
    }

    /// The `count` bytes of `storage` from `offset`, sharing `storage` when the bounds fit in 32
    /// bits, else a copy of just those bytes (4 GiB or more into an input: never a Peergos block).
    /// - Precondition: `0 <= offset`, `0 <= count`, `offset + count <= storage.count`: the decoder
    ///   checks each length against the input before making a view, so this does not check again.
    @inline(__always)
    init(sharing storage: [UInt8], offset: Int, count: Int) {
        if offset + count < Int(CborBytes.wholeStorage) {
            self.init(storage: storage, offset: UInt32(truncatingIfNeeded: offset), length: UInt32(truncatingIfNeeded: count))
        } else {
            self.init(Array(storage[offset..<(offset + count)]))
        }
    }

    @inlinable public var startIndex: Int { 0 }
    @inlinable public var endIndex: Int { count }
    @inlinable public var count: Int { length == CborBytes.wholeStorage ? storage.count : Int(length) }

    @inlinable
    public subscript(position: Int) -> UInt8 {
        precondition(position >= 0 && position < count, "index out of range")
        return storage[Int(offset) + position]
    }

    /// These bytes as an array: the storage itself when the view is all of it, otherwise a copy.
    @inlinable
    public var array: [UInt8] {
        if offset == 0 && count == storage.count { return storage }
        return Array(storage[Int(offset)..<(Int(offset) + count)])
    }

    /// Calls `body` with the bytes, contiguous in memory, valid only during the call.
    @inlinable
    public func withUnsafeBufferPointer<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R {
        try storage.withUnsafeBufferPointer { all in
            try body(UnsafeBufferPointer(rebasing: all[Int(offset)..<(Int(offset) + count)]))
        }
    }

    /// Calls `body` with the bytes as raw memory, valid only during the call.
    @inlinable
    public func withUnsafeBytes<R>(_ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try withUnsafeBufferPointer { try body(UnsafeRawBufferPointer($0)) }
    }

    public func withContiguousStorageIfAvailable<R>(_ body: (UnsafeBufferPointer<UInt8>) throws -> R) rethrows -> R? {
        try withUnsafeBufferPointer(body)
    }

    public static func == (a: CborBytes, b: CborBytes) -> Bool {
        guard a.count == b.count else { return false }
        return a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in x.elementsEqual(y) }
        }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(count)
        withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

extension CborBytes: ExpressibleByArrayLiteral {
    public init(arrayLiteral elements: UInt8...) { self.init(elements) }
}

extension CborBytes: CustomStringConvertible, CustomDebugStringConvertible {
    /// The bytes as an array literal, as `[UInt8]` prints.
    public var description: String { array.description }
    public var debugDescription: String { "CborBytes(\(array.description))" }
}

extension Array where Element == UInt8 {
    /// The bytes of a view (see ``CborBytes/array``).
    @inlinable
    public init(_ bytes: CborBytes) { self = bytes.array }
}
