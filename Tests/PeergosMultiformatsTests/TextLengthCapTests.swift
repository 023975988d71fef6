import PeergosCBOR
import PeergosMultiformats
import Testing

/// Base58 and base36 decoding is quadratic, so untrusted text over the cap is refused before any
/// decoding (Spec/http.md, "Limits on untrusted text").
@Suite("Base58 and base36 length cap")
struct TextLengthCapTests {
    static let cap = Base58.maximumDecodedTextLength
    static let hundredKB = 100_000

    @Test("a 100 KB base58 text is refused with textTooLong, by every entry point")
    func hundredKilobytes() {
        let huge = String(repeating: "z", count: Self.hundredKB)
        let tooLong = MultiformatsError.textTooLong(length: Self.hundredKB, maximum: Self.cap)
        #expect(throws: tooLong) { try Base58.decode(huge) }
        #expect(throws: MultiformatsError.textTooLong(length: Self.hundredKB - 1, maximum: Self.cap)) { try Multibase.decode(huge) }
        #expect(throws: MultiformatsError.textTooLong(length: Self.hundredKB - 1, maximum: Self.cap)) { try Cid(string: huge) }
        let base36 = "k" + String(repeating: "1", count: Self.hundredKB)
        #expect(throws: tooLong) { try Multibase.decode(base36) }
        #expect(throws: tooLong) { try Multibase.decode("K" + String(repeating: "1", count: Self.hundredKB)) }
        #expect(tooLong.code == "multiformats.text_too_long")
    }

    @Test("text at the cap still decodes; one more character is refused")
    func boundary() throws {
        let atCap = String(repeating: "1", count: Self.cap)  // leading '1's are zero bytes in base58
        #expect(try Base58.decode(atCap) == [UInt8](repeating: 0, count: Self.cap))
        #expect(throws: MultiformatsError.textTooLong(length: Self.cap + 1, maximum: Self.cap)) { try Base58.decode(atCap + "1") }
        // A realistic long value well under the cap round-trips (non-zero digits exercise the loop).
        let bytes = (0..<4_112).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let text = Base58.encode(bytes)
        #expect(text.utf8.count <= Self.cap)
        #expect(try Base58.decode(text) == bytes)
        #expect(try Multibase.decode(Multibase.encode(bytes, .base36)) == bytes)
    }
}
