import PeergosCBOR

/// The shared shape of key CBOR: an array whose first element is the key type number.
enum KeyCbor {
    /// The type number and the remaining elements of a typed key array.
    static func read(_ cbor: CborObject, _ what: String) throws -> (type: Int64, fields: ArraySlice<CborObject>) {
        let list = try cbor.asList(what)
        guard let first = list.first else { throw CborSchemaError.invalidValue("\(what): empty array") }
        return (try first.asInteger("\(what) type"), list.dropFirst())
    }

    /// The bytes of `[expectedType, bytes(length)]`.
    static func readBytes(_ cbor: CborObject, type expectedType: Int64, length: Int, _ what: String) throws -> [UInt8] {
        let (type, fields) = try read(cbor, what)
        guard type == expectedType else { throw CryptoError.unknownKeyType(what, type) }
        guard fields.count == 1, let field = fields.first else { throw CborSchemaError.invalidValue("\(what): expected [type, bytes]") }
        let bytes = try field.asBytes(what)
        try CryptoError.checkLength(bytes, length, what)
        return bytes
    }

    static func pair(_ a: CborObject, _ b: CborObject) -> CborObject { .list([a, b]) }

    /// The two elements of a key pair array.
    static func readPair(_ cbor: CborObject, _ what: String) throws -> (CborObject, CborObject) {
        let list = try cbor.asList(what)
        guard list.count == 2 else { throw CborSchemaError.invalidValue("\(what): expected [public, secret]") }
        return (list[0], list[1])
    }
}
