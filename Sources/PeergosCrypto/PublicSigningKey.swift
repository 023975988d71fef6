import CSodium
import PeergosCBOR
import PeergosMultiformats

/// An Ed25519 public key (type 1). CBOR: `[1, bytes(32)]`.
///
/// Invariant: ``publicKeyHash`` is the identity CID of this key's CBOR, computed once at init.
public struct PublicSigningKey: Hashable, Sendable, CborCodable {
    public static let type: Int64 = 1
    public let bytes: [UInt8]
    /// The key's name: the identity CID of its CBOR.
    public let publicKeyHash: PublicKeyHash

    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 32 bytes.
    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 32, "Ed25519 public key")
        self.bytes = bytes
        // An Ed25519 key's CBOR is 36 bytes, within the identity CID limit.
        self.publicKeyHash = try PublicKeyHash(keyCbor: CborObject.list([.integer(Self.type), .bytes(bytes)]).serialize())
    }

    public static func == (a: PublicSigningKey, b: PublicSigningKey) -> Bool { a.bytes == b.bytes }
    public func hash(into hasher: inout Hasher) { hasher.combine(bytes) }

    /// Verifies the attached form `signature(64) ‖ message` and returns the message.
    /// - Throws: ``CryptoError/invalidSignature`` if it does not verify.
    public func unsignMessage(_ signed: [UInt8]) throws -> [UInt8] {
        Sodium.ensureReady()
        guard signed.count >= 64 else { throw CryptoError.invalidSignature }
        var length: UInt64 = 0
        var status: Int32 = -1
        let message = [UInt8](unsafeUninitializedCapacity: signed.count) { buffer, initialized in
            status = crypto_sign_open(buffer.baseAddress, &length, signed, UInt64(signed.count), bytes)
            if status == 0 && length > UInt64(signed.count) { status = -1 }
            initialized = status == 0 ? Int(length) : 0
        }
        guard status == 0 else { throw CryptoError.invalidSignature }
        return message
    }

    /// Whether `signature` (64 bytes, detached) is valid for `message`.
    public func verify(signature: [UInt8], message: [UInt8]) -> Bool {
        Sodium.ensureReady()
        guard signature.count == 64 else { return false }
        return crypto_sign_verify_detached(signature, message, UInt64(message.count), bytes) == 0
    }

    public func toCbor() -> CborObject { .list([.integer(Self.type), .bytes(bytes)]) }

    public init(cbor: CborObject) throws {
        try self.init(bytes: KeyCbor.readBytes(cbor, type: Self.type, length: 32, "public signing key"))
    }
}
