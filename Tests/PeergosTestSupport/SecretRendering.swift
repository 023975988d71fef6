import Foundation
import PeergosMultiformats

/// What the secret-redaction tests check: that no text rendering of a value shows a secret.
///
/// Invariant: ``leaks(of:secrets:texts:)`` is empty exactly when none of the four renderings
/// (`String(describing:)`, interpolation, `String(reflecting:)`, `dump`) contains any of the
/// ``forbiddenForms(of:)`` of any secret, nor any of the extra `texts`.
public enum SecretRendering {
    /// Every way a value can be turned into text.
    public static func renderings(_ value: Any) -> [(how: String, text: String)] {
        var dumped = ""
        dump(value, to: &dumped)
        return [
            ("String(describing:)", String(describing: value)),
            ("interpolation", "\(value)"),
            ("String(reflecting:)", String(reflecting: value)),
            ("dump", dumped),
        ]
    }

    /// Text forms of `secret` that must never appear: hex (both cases, whole and the first 16
    /// bytes), base58btc, base64, and the decimal array form of its first 4 bytes (as Swift prints
    /// and dumps `[UInt8]`; dumps are also compared without their indentation). Forms shorter than
    /// 8 characters are left out (they occur by chance).
    ///
    /// 4 bytes in the dump form too, not 3: a dump of a client's decoded values prints whole blocks
    /// (a byte string's view prints the input it shares), about 11,000 distinct runs of 3 bytes in
    /// the client redaction test, so with 15 secrets a 3-byte (24-bit) form matched by chance in
    /// about 1 run in 100 (a CI run failed on one). At 4 bytes that is about 1 in 26,000.
    public static func forbiddenForms(of secret: [UInt8]) -> [String] {
        let hexText = hex(secret)
        let decimals = secret.prefix(4).map { String($0) }
        return [
            hexText, hexText.uppercased(), hex(Array(secret.prefix(16))),
            Base58.encode(secret),
            Data(secret).base64EncodedString(),
            decimals.joined(separator: ", "),
            decimals.map { "- \($0)\n" }.joined(),
        ].filter { $0.count >= 8 }
    }

    /// One message per rendering of `value` that shows a secret (empty when redacted).
    public static func leaks(of value: Any, secrets: [[UInt8]], texts: [String] = []) -> [String] {
        let forms = secrets.flatMap(forbiddenForms) + texts
        return renderings(value).flatMap { how, text in
            // `dump` indents nested elements: compare its lines without their indentation too.
            let unindented = text.split(separator: "\n", omittingEmptySubsequences: false)
                .map { $0.drop(while: { $0 == " " }) }.joined(separator: "\n")
            return forms.filter { text.contains($0) || unindented.contains($0) }
                .map { "\(how) shows a secret (\($0.prefix(20))…): \(text.prefix(300))" }
        }
    }

    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef")
        return String(bytes.flatMap { [digits[Int($0 >> 4)], digits[Int($0 & 0x0f)]] })
    }
}
