/// Upstream's reading of text that is not UTF-8 (Java's `new String(bytes, UTF_8)` on the JVM),
/// used by the upstream-compatible decoder.
///
/// Invariant: the result equals Swift's own replacement (one U+FFFD per maximal subpart, Unicode
/// chapter 3) except for encoded UTF-16 surrogates: `ED` followed by `A0`–`BF` is one sequence to
/// Java, so `ED xx` plus a following continuation byte, if any, becomes a single U+FFFD where the
/// maximal-subpart rule gives one per byte. `ED` is never a continuation byte, so splitting the
/// input there leaves every other subpart intact.
enum UpstreamUTF8 {
    static func decode(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        var out = ""
        var segmentStart = 0
        var i = 0
        while i + 1 < bytes.count {
            guard bytes[i] == 0xED, bytes[i + 1] >= 0xA0, bytes[i + 1] <= 0xBF else {
                i += 1
                continue
            }
            out += String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart..<i]), as: UTF8.self)
            out.append("\u{FFFD}")
            i += (i + 2 < bytes.count && bytes[i + 2] & 0xC0 == 0x80) ? 3 : 2
            segmentStart = i
        }
        out += String(decoding: UnsafeBufferPointer(rebasing: bytes[segmentStart...]), as: UTF8.self)
        return out
    }
}
