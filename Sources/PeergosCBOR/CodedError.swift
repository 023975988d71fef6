/// An error with a stable, machine-readable code of the form `area.rule` (for example
/// `cbor.non_minimal_head`, `champ.bad_bitmap`, `pki.expired_claim`).
///
/// Invariant: a code names the rule that was broken, never the input; it is stable across releases
/// and is the value published in the `code` field of negative vectors (`Vectors/SCHEMA.md`), so a
/// checker can assert WHICH error an operation raised, not merely that one was raised. Codes are
/// lowercase ASCII, `[a-z0-9_]+` separated by one dot after the area.
public protocol CodedError: Error {
    /// The stable code, `area.rule`.
    var code: String { get }
}

extension CborError: CodedError {
    /// `cbor.` followed by the rule in snake case, e.g. `cbor.non_minimal_head`.
    public var code: String { "cbor." + CodedErrors.snakeCase(rule.rawValue) }
}

/// Helpers for building codes.
public enum CodedErrors {
    /// `nonMinimalHead` → `non_minimal_head`; digits and lowercase letters pass unchanged.
    public static func snakeCase(_ camel: String) -> String {
        var out = ""
        for ch in camel {
            if ch.isUppercase {
                if !out.isEmpty { out.append("_") }
                out.append(contentsOf: ch.lowercased())
            } else {
                out.append(ch)
            }
        }
        return out
    }

    /// The code of any error: its own when it is a ``CodedError``, else `unknown.<type name>`.
    public static func code(of error: Error) -> String {
        (error as? CodedError)?.code ?? "unknown.\(String(describing: type(of: error)))"
    }
}
