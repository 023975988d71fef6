import PeergosCBOR
import Testing

/// The upstream-compatible decoder replaces invalid UTF-8 as upstream does on the JVM. The
/// expected UTF-16 code units below were produced by OpenJDK 17's `new String(bytes, "UTF-8")`
/// (the call upstream's `CborDecoder.readTextString` makes), not by this code base.
@Suite("Upstream-compatible UTF-8 replacement")
struct UpstreamUTF8Tests {
    /// Text content (hex) → the UTF-16 code units Java reads.
    static let java: [(String, [UInt16])] = [
        ("e28228", [0xfffd, 0x28]),
        ("c0af", [0xfffd, 0xfffd]),
        ("f09f98", [0xfffd]),
        ("f09f9841", [0xfffd, 0x41]),
        ("f888808080", [0xfffd, 0xfffd, 0xfffd, 0xfffd, 0xfffd]),
        ("80", [0xfffd]),
        ("f4908080", [0xfffd, 0xfffd, 0xfffd, 0xfffd]),
        ("e08080", [0xfffd, 0xfffd, 0xfffd]),
        ("c328", [0xfffd, 0x28]),
        ("efbfbd", [0xfffd]),
        ("f0288cbc", [0xfffd, 0x28, 0xfffd, 0xfffd]),
        ("e2", [0xfffd]),
        ("f08f8080", [0xfffd, 0xfffd, 0xfffd, 0xfffd]),
        ("f0908080", [0xd800, 0xdc00]),
        ("ed9fbf", [0xd7ff]),
        ("ed80", [0xfffd]),
        // Encoded surrogates: one U+FFFD for the whole sequence (or its cut-off prefix).
        ("eda080", [0xfffd]),
        ("eda0", [0xfffd]),
        ("eda041", [0xfffd, 0x41]),
        ("edbfbf", [0xfffd]),
        ("eda080eda080", [0xfffd, 0xfffd]),
        ("edb080", [0xfffd]),
        ("eda0c328", [0xfffd, 0xfffd, 0x28]),
    ]

    /// A definite text string head for `n` bytes (n < 24).
    static func text(_ hex: String) -> [UInt8] {
        let content = TestHex.decode(hex)
        return [0x60 | UInt8(content.count)] + content
    }

    @Test("each invalid sequence becomes the U+FFFD Java makes of it", arguments: java)
    func matchesJava(hex: String, units: [UInt16]) throws {
        let value = try CborObject.decode(Self.text(hex), options: .upstreamCompatible)
        guard case .text(let s) = value else { Issue.record("not text: \(value)"); return }
        #expect(Array(s.utf16) == units, "\(hex)")
    }

    @Test("strict mode still refuses every one of them, at the text's head")
    func strictRefuses() {
        for (hex, _) in Self.java where hex != "efbfbd" && hex != "f0908080" && hex != "ed9fbf" {
            #expect(throws: CborError(.invalidUTF8, at: 0), "\(hex)") { try CborObject.decode(Self.text(hex)) }
        }
    }
}
