import PeergosCBOR

/// A secret object encrypted under a symmetric key: CBOR `[nonce(24), MAC ‖ ciphertext]`, whose
/// plaintext is the object's CBOR, optionally zero-padded to a multiple of a block size
/// (upstream's `PaddedCipherText`, which has the same wire form).
public struct CipherText: Hashable, Sendable, CborCodable {
    public let nonce: [UInt8]
    public let ciphertext: [UInt8]

    public init(nonce: [UInt8], ciphertext: [UInt8]) throws {
        try CryptoError.checkLength(nonce, SymmetricKey.nonceLength, "CipherText nonce")
        self.nonce = nonce
        self.ciphertext = ciphertext
    }

    /// Encrypts the CBOR of `plaintext` under `key` with a nonce drawn from `random`. With a
    /// `paddingBlockSize`, the CBOR is first zero-padded to the next multiple of it.
    public static func build(key: SymmetricKey, plaintext: CborObject, paddingBlockSize: Int? = nil, random: RandomSource) -> CipherText {
        var bytes = plaintext.serialize()
        if let block = paddingBlockSize, block > 0 {
            let padded = (bytes.count + block - 1) / block * block
            bytes.append(contentsOf: repeatElement(0, count: padded - bytes.count))
        }
        let nonce = SymmetricKey.createNonce(using: random)
        // The nonce has the required length by construction.
        return try! CipherText(nonce: nonce, ciphertext: key.encrypt(bytes, nonce: nonce))
    }

    /// Decrypts and reads the plaintext CBOR (upstream-compatibly: padding is ignored).
    public func decrypt(key: SymmetricKey) throws -> CborObject {
        try CborObject.decode(try key.decrypt(ciphertext, nonce: nonce), options: .upstreamCompatible)
    }

    public func toCbor() -> CborObject { .list([.bytes(nonce), .bytes(ciphertext)]) }

    public init(cbor: CborObject) throws {
        let list = try cbor.asList("CipherText")
        guard list.count == 2 else { throw CborSchemaError.invalidValue("CipherText: expected [nonce, ciphertext]") }
        try self.init(nonce: list[0].asBytes("nonce"), ciphertext: list[1].asBytes("ciphertext"))
    }
}
