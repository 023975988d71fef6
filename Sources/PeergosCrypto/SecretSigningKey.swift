import CSodium
import PeergosCBOR

/// An Ed25519 secret key (type 1) in the 64-byte form `seed ‖ public key`. CBOR: `[1, bytes(64)]`.
public struct SecretSigningKey: Hashable, Sendable, CborCodable {
    public static let type: Int64 = 1
    public let bytes: [UInt8]

    /// - Throws: ``CryptoError/invalidLength(what:expected:actual:)`` unless 64 bytes.
    public init(bytes: [UInt8]) throws {
        try CryptoError.checkLength(bytes, 64, "Ed25519 secret key")
        self.bytes = bytes
    }

    /// The attached signature `signature(64) ‖ message`, as upstream's `signMessage`.
    public func signMessage(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filled(64 + message.count) { out in
            _ = crypto_sign(out, nil, message, UInt64(message.count), bytes)
        }
    }

    /// The 64-byte signature alone (upstream's `signatureOnly`).
    public func signatureOnly(_ message: [UInt8]) -> [UInt8] {
        Sodium.ensureReady()
        return .filled(64) { out in
            _ = crypto_sign_detached(out, nil, message, UInt64(message.count), bytes)
        }
    }

    public func toCbor() -> CborObject { .list([.integer(Self.type), .bytes(bytes)]) }

    public init(cbor: CborObject) throws {
        try self.init(bytes: KeyCbor.readBytes(cbor, type: Self.type, length: 64, "secret signing key"))
    }
}
