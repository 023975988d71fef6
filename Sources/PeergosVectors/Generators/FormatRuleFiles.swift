/// The vector files written for rules of Spec/cbor.md and Spec/multiformats.md that the upstream
/// vectors and cbor-strict.json leave without an example (error offsets, nesting depth, the order
/// of checks, declared sizes, upstream-compatible quirks; varint order, unknown codes, identity
/// limits, base36). Each file is checked by its area's checker before it is published.
enum FormatRuleFiles {
    static func files() throws -> [String: String] {
        let cborRules: [String: Any] = [
            "area": "cbor",
            "source": "swift-peergos (own vectors)",
            "description": "The finer CBOR decoding rules: the offset each error names, what the nesting limit counts, which rule wins when several apply, additional information 31, declared sizes, and the upstream-compatible quirks (see Spec/cbor.md#decoding).",
            "parameters": ["maximum_depth": 64],
            "vectors": try CBORRuleCases.vectors(),
        ]
        let multiformatsRules: [String: Any] = [
            "area": "multiformats",
            "source": "swift-peergos (own vectors)",
            "description": "Multiformats reading rules: varint check order, unknown codecs and multihash types, the identity size limit when reading, the order of CID checks, base36 (see Spec/multiformats.md).",
            "parameters": ["identity_limit_new": 36, "identity_limit_reading": 4112],
            "vectors": MultiformatsRuleCases.vectors(),
        ]
        return [
            "cbor-rules.json": try VectorGenerator.render(VectorGenerator.selfChecked(cborRules)),
            "multiformats-rules.json": try VectorGenerator.render(VectorGenerator.selfChecked(multiformatsRules)),
        ]
    }
}
