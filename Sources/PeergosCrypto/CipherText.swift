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
    /// `paddingBlockSize` (a protocol constant, not input), the CBOR is first zero-padded to the
    /// next multiple of it.
    public static func build(key: SymmetricKey, plaintext: CborObject, paddingBlockSize: Int? = nil, random: RandomSource) -> CipherText {
        var bytes = plaintext.serialize()
        if let block = paddingBlockSize, block > 0, bytes.count % block != 0 {
            bytes.append(contentsOf: repeatElement(0, count: block - bytes.count % block))
        }
        // Exactly 24 bytes: a RandomSource fills a buffer of the size asked for.
        let nonce = SymmetricKey.createNonce(using: random)
        return CipherText(checkedNonce: nonce, ciphertext: SymmetricKey.secretbox(bytes, nonce: nonce, key: key.secret))
    }

    private init(checkedNonce nonce: [UInt8], ciphertext: [UInt8]) {
        self.nonce = nonce
        self.ciphertext = ciphertext
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
