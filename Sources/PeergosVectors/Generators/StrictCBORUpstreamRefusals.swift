import PeergosCBOR
import PeergosMultiformats

/// For the strict-CBOR cases that upstream's lenient decoder refuses too: the rule our
/// upstream-compatible decoder must name, written by hand where it is not the strict rule (for
/// example a tag-42 link upstream reads as a CID string and refuses as such). Every other refused
/// case expects the strict rule. The generator refuses to publish a case the decoder disagrees with.
enum StrictCBORUpstreamRefusals {
    /// Case id → the rule the upstream-compatible decoder breaks, where it differs from the strict one.
    static let differentRule: [String: CborError.Rule] = [:]

    /// The code the upstream-compatible decoder must raise for case `c`, checked against the decoder.
    static func checkedCode(_ c: StrictCBORCases.Case, _ bytes: [UInt8]) throws -> String {
        let expected = CborError(differentRule[c.id] ?? c.rule, at: 0).code
        do {
            let value = try CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks)
            throw VectorMismatch("\(c.id): the upstream-compatible decoder accepts it as \(value)")
        } catch let e as CborError {
            guard e.code == expected else { throw VectorMismatch("\(c.id): the upstream-compatible decoder says \(e.code), the table \(expected)") }
        }
        return expected
    }
}
