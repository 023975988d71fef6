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
    /// bytes), base58btc, base64, and the decimal array form of its first 8 bytes (as Swift prints
    /// and dumps `[UInt8]`; dumps are also compared without their indentation). Forms shorter than
    /// 8 characters are left out (they occur by chance).
    ///
    /// 8 bytes, not fewer: a dump of a decoded value shows whole blocks (a byte string's view
    /// prints the input it shares), and there a run of 3 given bytes (24 bits) can occur by chance
    /// or as shared structure: a CI run once failed on `130, 2, 162`, the start of a hybrid key's
    /// CBOR, public and secret alike. A real leak prints the whole array, so its first 8 bytes are
    /// there in a row.
    public static func forbiddenForms(of secret: [UInt8]) -> [String] {
        let hexText = hex(secret)
        let decimals = secret.prefix(8).map { String($0) }
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
