/// Bytes laid end to end from ranges of arrays, then a run of zeros, addressed by offset without
/// being concatenated: the padded plaintext of a file chunk (CBOR head, content, padding) and the
/// ciphertext of a fragmented chunk (header, then each fragment block past its prefix).
///
/// Invariants: `count` is the sum of the pieces' range lengths plus the zeros; every range lies
/// within its array (checked when appended); zeros come after every piece.
struct PieceSequence {
    private var pieces: [(bytes: [UInt8], range: Range<Int>)] = []
    private var zeros = 0
    private(set) var count = 0

    /// Appends `bytes[range]` (shared, not copied).
    mutating func append(_ bytes: [UInt8], _ range: Range<Int>) {
        precondition(zeros == 0, "pieces come before the zeros")
        precondition(range.lowerBound >= 0 && range.upperBound <= bytes.count, "piece range outside its array")
        guard !range.isEmpty else { return }
        pieces.append((bytes, range))
        count += range.count
    }

    /// Appends all of `bytes` (shared, not copied).
    mutating func append(_ bytes: [UInt8]) { append(bytes, 0..<bytes.count) }

    /// Appends `n` zero bytes (none stored).
    mutating func appendZeros(_ n: Int) {
        precondition(n >= 0, "a negative run of zeros")
        zeros += n
        count += n
    }

    /// Calls `body(source, length, offset)` for consecutive runs that together cover `range` in
    /// order: `source` points at `length` bytes found at `offset` in the sequence, or is nil for a
    /// run of zeros. The pointer is valid only during the call.
    func forEachRun(in range: Range<Int>, _ body: (UnsafePointer<UInt8>?, Int, Int) throws -> Void) rethrows {
        precondition(range.lowerBound >= 0 && range.upperBound <= count, "run range outside the sequence")
        var offset = range.lowerBound
        var start = 0
        for piece in pieces where offset < range.upperBound {
            let end = start + piece.range.count
            if offset < end {
                let upTo = min(end, range.upperBound)
                let from = piece.range.lowerBound + (offset - start)
                try piece.bytes.withUnsafeBufferPointer { buffer in try body(buffer.baseAddress! + from, upTo - offset, offset) }
                offset = upTo
            }
            start = end
        }
        if offset < range.upperBound { try body(nil, range.upperBound - offset, offset) }
    }

    /// The bytes of `range`, copied into one array.
    func copy(_ range: Range<Int>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(range.count)
        forEachRun(in: range) { source, length, _ in
            if let source {
                out.append(contentsOf: UnsafeBufferPointer(start: source, count: length))
            } else {
                out.append(contentsOf: repeatElement(0, count: length))
            }
        }
        return out
    }
}
