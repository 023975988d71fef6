import Foundation
import PeergosCrypto
import PeergosVectors
import Testing

/// Issue 8 item 3: the predictable stream used to reproduce vectors is not in a shipping module.
/// The only `RandomSource` a shipping module declares is `SystemRandom`; predictable ones
/// (`DetRandom`, the vector checkers' fixed-bytes source) live in PeergosVectors.
@Suite("RandomSource conformances")
struct RandomSourceConformanceTests {
    /// The package's `Sources` folder, found from this file's path.
    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// `(module, type name)` of every type declaration or extension whose header (up to its `{`,
    /// over any number of lines) names `RandomSource`, across every Swift file under `Sources/`.
    static func conformances() throws -> [(module: String, type: String)] {
        let pattern = try NSRegularExpression(
            pattern: #"\b(?:class|struct|enum|actor|extension)\s+(?!(?:var|let|func|subscript)\b)([A-Za-z_][A-Za-z0-9_.]*)[^{]*?:[^{]*?\bRandomSource\b"#)
        guard let files = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil) else { return [] }
        var found: [(String, String)] = []
        for case let url as URL in files where url.pathExtension == "swift" {
            let text = try String(contentsOf: url, encoding: .utf8)
            let module = url.path.dropFirst(sources.path.count + 1).split(separator: "/").first.map(String.init) ?? ""
            for match in pattern.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                guard let range = Range(match.range(at: 1), in: text) else { continue }
                found.append((module, String(text[range])))
            }
        }
        return found
    }

    @Test("only SystemRandom conforms to RandomSource outside PeergosVectors")
    func onlySystemRandomShips() throws {
        let all = try Self.conformances()
        let shipping = all.filter { $0.module != "PeergosVectors" }
        #expect(shipping.map(\.type) == ["SystemRandom"], "conformances outside PeergosVectors: \(shipping)")
        #expect(shipping.first?.module == "PeergosCrypto")
        // The scan is not vacuous: it sees the vectors' own deterministic stream.
        #expect(all.contains { $0.module == "PeergosVectors" && $0.type == "DetRandom" })
    }

    @Test("DetRandom is the vector stream, SHA-256(label#counter), consumed across calls")
    func detRandomStream() {
        let r = DetRandom(label: "ciphertext-build")
        #expect(r.bytes(10) + r.bytes(15) == hex("25704d98c5bc4335b219856853d415ee9791788699d4231376"))
    }
}
