/// The table from upstream's exception text (the `upstream_exception` field of upstream's golden
/// vectors) to our error codes, per vector area.
///
/// Invariant: a negative upstream vector is checked against exactly one code: the first entry
/// of its area whose `prefix` starts its `upstream_exception` (entries naming the vector's id
/// first). An exception with no entry is a format failure, never a pass. Upstream sometimes throws
/// one exception class for several causes where our errors are finer: an entry then names the
/// longer message when it carries the cause (`CidEncodingException: Invalid cid bytes: <hex>`), or
/// the vector's id when it does not (TweetNaCl's `InvalidCipherTextException` for a ciphertext
/// shorter than its tag, which we report as `crypto.ciphertext_too_short`).
public enum UpstreamExceptions {
    public struct Entry: Sendable {
        public let area: String
        public let prefix: String
        public let code: String
        /// When set, the entry applies to this vector only.
        public let vectorId: String?

        public init(area: String, prefix: String, code: String, vectorId: String? = nil) {
            self.area = area
            self.prefix = prefix
            self.code = code
            self.vectorId = vectorId
        }
    }

    public static let table: [Entry] = [
        // cbor: upstream-compatible decoding (CborObject.fromByteArray)
        Entry(area: "cbor", prefix: "IllegalArgumentException: Empty cbor byte array!", code: "cbor.empty_input"),
        Entry(area: "cbor", prefix: "EOFException", code: "cbor.truncated"),
        // Upstream reads 0x1b ff..ff as a negative Java long length: our integer range rule.
        Entry(area: "cbor", prefix: "IOException: Not well-formed CBOR integer found, invalid length", code: "cbor.integer_out_of_range"),
        Entry(area: "cbor", prefix: "IllegalStateException: Duplicate map key in cbor!", code: "cbor.duplicate_map_key"),
        Entry(area: "cbor", prefix: "IllegalStateException: Unimplemented simple type!", code: "cbor.unsupported_simple_value"),
        Entry(area: "cbor", prefix: "IllegalStateException: Unknown TAG in CBOR", code: "cbor.unknown_tag"),
        Entry(area: "cbor", prefix: "IOException: Infinite-length", code: "cbor.indefinite_length"),
        // Upstream reads past the end of an array whose count exceeds the bytes left (a null item).
        Entry(area: "cbor", prefix: "NullPointerException: Cannot invoke \"peergos.shared.cbor.CborType.getMajorType()\"", code: "cbor.length_exceeds_input"),
        Entry(area: "cbor", prefix: "IOException: Invalid cbor: byte string longer than original bytes", code: "cbor.length_exceeds_input"),
        Entry(area: "cbor", prefix: "IllegalStateException: Invalid cbor: more map elements than original bytes", code: "cbor.length_exceeds_input"),
        // multiformats
        Entry(area: "multiformats", prefix: "IllegalStateException: Exceeded maximum size for identity multihashes!", code: "multiformats.identity_too_large"),
        Entry(area: "multiformats", prefix: "IllegalStateException: Non minimal varint encoding!", code: "multiformats.non_minimal_varint"),
        Entry(area: "multiformats", prefix: "EOFException", code: "multiformats.truncated_varint"),
        Entry(area: "multiformats", prefix: "IllegalStateException: Overflow reading varint!", code: "multiformats.varint_overflow"),
        Entry(area: "multiformats", prefix: "IllegalStateException: Varint too long!", code: "multiformats.varint_too_long"),
        Entry(area: "multiformats", prefix: "IllegalStateException: Cid too short!", code: "multiformats.invalid_cid"),
        Entry(area: "multiformats", prefix: "CidEncodingException: Invalid cid bytes: 02", code: "multiformats.unsupported_cid_version"),
        Entry(area: "multiformats", prefix: "CidEncodingException: Invalid cid bytes: 0199", code: "multiformats.unknown_codec"),
        Entry(area: "multiformats", prefix: "CidEncodingException: Invalid cid bytes: 0171121f", code: "multiformats.invalid_digest_length"),
        // crypto, follow (TweetNaCl)
        Entry(area: "crypto", prefix: "InvalidSignatureException", code: "crypto.invalid_signature"),
        Entry(area: "crypto", prefix: "InvalidCipherTextException", code: "crypto.ciphertext_too_short", vectorId: "secretbox_open_fail_too_short"),
        Entry(area: "crypto", prefix: "InvalidCipherTextException", code: "crypto.decryption_failed"),
        Entry(area: "follow", prefix: "InvalidCipherTextException", code: "crypto.decryption_failed"),
        // capability
        Entry(area: "capability", prefix: "IllegalStateException: Invalid public link", code: "capability.wrong_link_part_count"),
        Entry(area: "capability", prefix: "IllegalStateException: Link labels must be positive!", code: "capability.non_positive_label"),
        // cryptree
        Entry(area: "cryptree", prefix: "IllegalStateException: Invalid character in filename!", code: "cryptree.invalid_file_name"),
        Entry(area: "cryptree", prefix: "IllegalStateException: Invalid filename", code: "cryptree.invalid_file_name"),
        // login
        Entry(area: "login", prefix: "IllegalStateException: Your password cannot be the same as your username!", code: "login.password_equals_username"),
        Entry(area: "login", prefix: "IllegalStateException: Scrypt memory cost must be >=", code: "login.memory_cost_too_low"),
        // pki: chain validation (each rule) and merge
        Entry(area: "pki", prefix: "IllegalStateException: More than 1 storage providers in claim", code: "pki.last_link_provider_count"),
        Entry(area: "pki", prefix: "IllegalStateException: Non empty storage providers in old claim", code: "pki.earlier_link_has_providers"),
        // Upstream's validator returns false for a bad claim signature; it throws this only when a
        // key change proof does not open under the old key.
        Entry(area: "pki", prefix: "InvalidSignatureException", code: "pki.key_change_proof_invalid"),
        Entry(area: "pki", prefix: "IllegalStateException: You cannot reuse a previous password!", code: "pki.reused_key"),
        Entry(area: "pki", prefix: "IllegalStateException: New claim chain expiry before existing!", code: "pki.expiry_before_existing"),
        Entry(area: "pki", prefix: "IllegalStateException: User already exists: Invalid key change attempt!", code: "pki.user_already_exists"),
        // champ
        Entry(area: "champ", prefix: "IllegalStateException: Hash collision!", code: "champ.hash_collision"),
    ]

    /// Our code for an upstream exception seen in `area` (by vector `id`, when an entry names it),
    /// or nil when the table has no entry.
    public static func code(area: String, exception: String, vectorId: String? = nil) -> String? {
        let matching = table.filter { $0.area == area && exception.hasPrefix($0.prefix) && ($0.vectorId == nil || $0.vectorId == vectorId) }
        return (matching.first { $0.vectorId != nil } ?? matching.first)?.code
    }
}

extension Vector {
    /// The code a negative vector expects: its `code` field, else its `upstream_exception` mapped
    /// through ``UpstreamExceptions``. Throws a format error when there is neither, or when the
    /// exception has no table entry (reported as a failure, never as a pass).
    public func expectedErrorCode() throws -> String {
        if has("code") { return try string("code") }
        if let exception = try optionalString("upstream_exception") {
            guard let code = UpstreamExceptions.code(area: area, exception: exception, vectorId: id) else {
                throw VectorFormatError.noErrorCode(vector: id, upstreamException: exception)
            }
            return code
        }
        throw VectorFormatError.noErrorCode(vector: id, upstreamException: nil)
    }
}
