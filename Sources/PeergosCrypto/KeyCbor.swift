import PeergosCBOR

/// The shared shape of key CBOR: an array whose first element is the key type number.
enum KeyCbor {
    /// The type number and the remaining elements of a typed key array.
    static func read(_ cbor: CborObject, _ what: String) throws -> (type: Int64, fields: Slice<CborList>) {
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

    /// A hybrid key: `[2, {"c": [1, curve25519 bytes], "m": {field: ML-KEM bytes}}]` (field "p" or "s").
    static func hybrid(curve: [UInt8], mlkemField: String, mlkem: [UInt8]) -> CborObject {
        .list([.integer(2), .map(["c": .list([.integer(1), .bytes(curve)]), "m": .map([mlkemField: .bytes(mlkem)])])])
    }

    /// The Curve25519 and ML-KEM bytes of a hybrid key array whose type is already known to be 2.
    static func readHybrid(_ fields: Slice<CborList>, mlkemField: String, _ what: String) throws -> (curve: [UInt8], mlkem: [UInt8]) {
        guard fields.count == 1, let body = try fields.first?.asMap(what) else {
            throw CborSchemaError.invalidValue("\(what): expected [2, {c, m}]")
        }
        let curve = try readBytes(try body.required("c"), type: 1, length: 32, "\(what) Curve25519 part")
        let mlkem = try body.required("m").asMap("\(what) ML-KEM part").required(mlkemField).asBytes(mlkemField)
        return (curve, mlkem)
    }
}
