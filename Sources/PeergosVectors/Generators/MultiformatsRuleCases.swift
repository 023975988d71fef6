import PeergosMultiformats

/// The project's vectors for the multiformats reading rules of Spec/multiformats.md
/// (Vectors/peergos/multiformats-rules.json, area "multiformats"): the order of the varint checks,
/// refusal of unknown codecs and multihash types, the identity size limit when reading, what a
/// CID reader checks first, and base36 (alphabet, case, leading zeros).
///
/// Expected values are written here by hand (the one positive CID's text forms were computed
/// independently of this code base); the generator publishes the file only if every vector passes
/// the checker (``VectorGenerator/selfChecked(_:)``).
enum MultiformatsRuleCases {
    static func repeated(_ byte: String, _ n: Int) -> String { String(repeating: byte, count: n) }
    static let zeros32 = repeated("00", 32)

    /// `varint_decode`: bytes → decoded value (decimal) or the error.
    static let varints: [(id: String, description: String, bytes: String, result: Result)] = [
        ("varint_zero", "a single 00 is 0 (Spec/multiformats.md#varint)", "00", .value("0")),
        ("varint_stops_at_final_byte", "05 ff: the first byte without the high bit ends the varint; what follows is not read (Spec/multiformats.md#varint)", "05ff", .value("5")),
        ("varint_two_byte_zero", "80 00: a final 00 after the first byte (Spec/multiformats.md#varint)", "8000", .error("multiformats.non_minimal_varint")),
        ("varint_nine_continuations_truncated", "nine bytes with the high bit, then the end (Spec/multiformats.md#varint-check-order)", repeated("80", 9), .error("multiformats.truncated_varint")),
        ("varint_ten_continuations_too_long", "ten bytes with the high bit, then the end: the tenth byte decides, too long, not truncated (Spec/multiformats.md#varint-check-order)", repeated("80", 10), .error("multiformats.varint_too_long")),
        ("varint_eleven_bytes_final_zero", "ten bytes with the high bit, then 00: too long, decided at the tenth byte before the zero is seen (Spec/multiformats.md#varint-check-order)", repeated("80", 10) + "00", .error("multiformats.varint_too_long")),
        ("varint_tenth_byte_zero", "nine 80 then 00: non-minimal, although ten bytes long (Spec/multiformats.md#varint-check-order)", repeated("80", 9) + "00", .error("multiformats.non_minimal_varint")),
        ("varint_tenth_byte_two", "nine 80 then 02: more than 64 bits (Spec/multiformats.md#varint-check-order)", repeated("80", 9) + "02", .error("multiformats.varint_overflow")),
        ("varint_tenth_byte_one", "nine 80 then 01: 2^63, a ten-byte varint that fits (Spec/multiformats.md#varint)", repeated("80", 9) + "01", .value("9223372036854775808")),
        ("varint_max", "nine ff then 01: 2^64-1 (Spec/multiformats.md#varint)", repeated("ff", 9) + "01", .value("18446744073709551615")),
    ]

    enum Result {
        case value(String)
        case error(String)
    }

    /// `cid_decode_bytes` refusals: input → error code.
    static let cidRefusals: [(id: String, description: String, input: String, code: String)] = [
        ("cid_bytes_empty", "no bytes (Spec/multiformats.md#cid-reading)", "", "multiformats.invalid_cid"),
        ("cid_bytes_one_byte", "01 alone: fewer than 2 bytes (Spec/multiformats.md#cid-reading)", "01", "multiformats.invalid_cid"),
        ("cid_bytes_nonminimal_version", "version written 81 00 (Spec/multiformats.md#cid-reading)", "810071" + "1220" + zeros32, "multiformats.non_minimal_varint"),
        ("cid_bytes_version_zero_in_v1_form", "00 71 12 20 ...: version 0 is only the bare 34-byte form; upstream reads this, we refuse it (Spec/multiformats.md#cid-reading)", "0071" + "1220" + zeros32, "multiformats.unsupported_cid_version"),
        ("cid_bytes_short_v0", "12 20 and a 31-byte digest (33 bytes): not the v0 form, so read as v1 with version 0x12 (Spec/multiformats.md#cid-reading)", "1220" + repeated("00", 31), "multiformats.unsupported_cid_version"),
        ("cid_bytes_truncated_codec", "01 80: the codec varint is cut off (Spec/multiformats.md#cid-reading)", "0180", "multiformats.truncated_varint"),
        ("cid_bytes_unknown_codec_zero", "codec 0x00 (Spec/multiformats.md#cid-reading)", "0100" + "1220" + zeros32, "multiformats.unknown_codec"),
        ("cid_bytes_unknown_codec_before_multihash", "codec 0x99 followed by a cut-off varint: the codec is refused before the multihash is read (Spec/multiformats.md#cid-reading)", "019901ff", "multiformats.unknown_codec"),
        ("cid_bytes_unknown_multihash_sha1", "multihash code 0x11 (sha1) with a 20-byte digest (Spec/multiformats.md#cid-reading)", "017111" + "14" + repeated("00", 20), "multiformats.unknown_multihash_type"),
        ("cid_bytes_unknown_type_before_length", "multihash code 0x11 then a cut-off length: the type is refused before the length is read (Spec/multiformats.md#cid-reading)", "017111ff", "multiformats.unknown_multihash_type"),
        ("cid_bytes_digest_beyond_input", "sha2-256 declaring 33 digest bytes with 32 present (Spec/multiformats.md#cid-reading)", "01711221" + zeros32, "multiformats.invalid_digest_length"),
        ("cid_bytes_trailing_byte", "a sha2-256 CIDv1 and one more byte (37 bytes) (Spec/multiformats.md#cid-reading)", "01711220" + zeros32 + "00", "multiformats.invalid_cid"),
        ("cid_bytes_identity_4113", "an identity multihash of 4,113 bytes: over the reading limit of 4,112 (Spec/multiformats.md#identity-limits)", "01710091" + "20" + repeated("ab", 4113), "multiformats.identity_too_large"),
        ("cid_bytes_identity_declared_beyond_input", "an identity multihash declaring 4,113 bytes with 10 present: the declared size is checked against the input first (Spec/multiformats.md#identity-limits)", "01710091" + "20" + repeated("ab", 10), "multiformats.invalid_digest_length"),
    ]

    /// `multihash_decode`: input → (type name, code, digest) or error code.
    static let multihashes: [(id: String, description: String, input: String, result: (type: String, code: Int, digest: String)?, error: String?)] = [
        ("mh_identity_empty", "an identity multihash of nothing (Spec/multiformats.md#identity-limits)", "0000", ("id", 0, ""), nil),
        ("mh_identity_4112_accepted", "an identity multihash of 4,112 bytes: the largest a reader accepts (Spec/multiformats.md#identity-limits)", "009020" + repeated("ab", 4112), ("id", 0, repeated("ab", 4112)), nil),
        ("mh_identity_4113_refused", "an identity multihash of 4,113 bytes (Spec/multiformats.md#identity-limits)", "009120" + repeated("ab", 4113), nil, "multiformats.identity_too_large"),
        ("mh_sha2_512_accepted", "sha2-512 (0x13) with 64 bytes: known types are read though Peergos writes only sha2-256 and identity (Spec/multiformats.md#multihash)", "1340" + repeated("11", 64), ("sha2_512", 0x13, repeated("11", 64)), nil),
        ("mh_sha2_256_short", "sha2-256 with a 31-byte digest (Spec/multiformats.md#multihash)", "121f" + repeated("00", 31), nil, "multiformats.invalid_digest_length"),
        ("mh_unknown_sha1", "code 0x11 (sha1) (Spec/multiformats.md#multihash)", "1114" + repeated("00", 20), nil, "multiformats.unknown_multihash_type"),
        ("mh_unknown_two_byte_code", "code 0xb220 (blake2b-256), a two-byte varint (Spec/multiformats.md#multihash)", "a0e40220" + zeros32, nil, "multiformats.unknown_multihash_type"),
        ("mh_trailing_byte", "a sha2-256 multihash and one more byte (Spec/multiformats.md#multihash)", "1220" + zeros32 + "00", nil, "multiformats.invalid_cid"),
    ]

    /// `multibase_decode`: text → bytes (and whether writing them in the same base gives the text back) or error code.
    static let multibases: [(id: String, description: String, input: String, data: String?, error: String?)] = [
        ("mb_base36_empty", "k alone: no bytes (Spec/multiformats.md#base36)", "k", "", nil),
        ("mb_base36_one_zero", "k0: one zero byte (Spec/multiformats.md#base36)", "k0", "00", nil),
        ("mb_base36_two_zeros", "k00: each leading 0 is a zero byte (Spec/multiformats.md#base36)", "k00", "0000", nil),
        ("mb_base36_zeros_then_value", "k0010: two zero bytes, then 36 (Spec/multiformats.md#base36)", "k0010", "000024", nil),
        ("mb_base36_upper", "K: the upper-case alphabet (Spec/multiformats.md#base36)", "KFUVRSIVVNFRBJWAJO", "68656c6c6f20776f726c64", nil),
        ("mb_base36_upper_text_lower_prefix", "k with upper-case digits: k takes lower case only (upstream accepts either case) (Spec/multiformats.md#base36)", "kFUVRSIVVNFRBJWAJO", nil, "multiformats.invalid_character"),
        ("mb_base36_lower_text_upper_prefix", "K with lower-case digits (Spec/multiformats.md#base36)", "Kfuvrsivvnfrbjwajo", nil, "multiformats.invalid_character"),
        ("mb_base36_mixed_case", "k with one upper-case digit (Spec/multiformats.md#base36)", "kfuvrsivvnfrbjwaJo", nil, "multiformats.invalid_character"),
        ("mb_unknown_prefix_base58flickr", "Z (base58flickr): upstream names it but decodes it no more than we do (Spec/multiformats.md#multibase)", "Z2", nil, "multiformats.unknown_multibase_prefix"),
        ("mb_unknown_prefix_base32hex", "v (base32hex), which upstream reads and no Peergos writer produces (Spec/multiformats.md#multibase)", "vco", nil, "multiformats.unknown_multibase_prefix"),
        ("mb_empty_text", "no text at all (Spec/multiformats.md#multibase)", "", nil, "multiformats.empty_input"),
    ]

    /// A CID with a 37-byte identity multihash: readable (legacy limit 4,112) though a writer may not
    /// create it (limit 36). Text forms computed independently (Python) from `cid_bytes`.
    static var identity37: [String: Any] { [
        "id": "cid_bytes_identity_37_readable", "kind": "cid_decode_bytes",
        "description": "an identity CID of 37 bytes is read (the writer's limit is 36, the reader's 4,112) (Spec/multiformats.md#identity-limits)",
        "input": "01710025000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324",
        "cid_bytes": "01710025000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324",
        "string": "zKLQxmxRTQPCe5oYtoDo4tknBjxMUWq6bZS2a8zvozZT9c2xjmFhp2VH",
        "base36": "kzsy5ied60lo2gs2zfyiy6gb8bfpgzzxn0uhv3wvq8myjjtrmbvb1j2rk9xc3s4",
        "version": 1, "codec": "DagCbor", "codec_code": 0x71, "multihash_type": "id", "multihash_code": 0,
        "digest": "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324",
        "multihash_bytes": "0025000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f2021222324",
        "multihash_base58": "16UTLbiWRWEibpCtTBY1KjUZe3fkt63Yn2DmEP6KF45XafGafmWsV",
    ] }

    static func vectors() -> [[String: Any]] {
        var out: [[String: Any]] = []
        for v in varints {
            var o: [String: Any] = ["id": v.id, "kind": "varint_decode", "description": v.description, "bytes": v.bytes]
            switch v.result {
            case .value(let d): o["decoded"] = d
            case .error(let code): o["error"] = true; o["code"] = code
            }
            out.append(o)
        }
        for c in cidRefusals {
            out.append(["id": c.id, "kind": "cid_decode_bytes", "description": c.description, "input": c.input, "error": true, "code": c.code])
        }
        out.append(identity37)
        for m in multihashes {
            var o: [String: Any] = ["id": m.id, "kind": "multihash_decode", "description": m.description, "input": m.input]
            if let r = m.result { o["type"] = r.type; o["multihash_code"] = r.code; o["digest"] = r.digest }
            if let e = m.error { o["error"] = true; o["code"] = e }
            out.append(o)
        }
        for m in multibases {
            var o: [String: Any] = ["id": m.id, "kind": "multibase_decode", "description": m.description, "input": m.input]
            if let d = m.data { o["data"] = d; o["reencodes"] = true }
            if let e = m.error { o["error"] = true; o["code"] = e }
            out.append(o)
        }
        return out
    }
}
