import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto

/// What a user's login unlocks: `{v: 2, e: [EntryPoint], b?: BoxingKeyPair, i?: SigningKeyPair}`.
/// Current accounts keep their (random) identity signing pair in `i` and hybrid boxing pair in `b`.
public struct EntryPoints: Hashable, Sendable, CborCodable {
    public static let version: Int64 = 2

    public let entries: [EntryPoint]
    public let boxingKeyPair: BoxingKeyPair?
    public let identity: SigningKeyPair?

    public init(entries: [EntryPoint], boxingKeyPair: BoxingKeyPair?, identity: SigningKeyPair?) {
        self.entries = entries
        self.boxingKeyPair = boxingKeyPair
        self.identity = identity
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["v": .integer(Self.version), "e": .list(entries.map { $0.toCbor() })]
        if let boxingKeyPair { m["b"] = boxingKeyPair.toCbor() }
        if let identity { m["i"] = identity.toCbor() }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("EntryPoints")
        let version = try m.required("v").asInteger("v")
        guard version <= Self.version else { throw LoginError.unsupportedVersion(version) }
        entries = try m.required("e").asList("e").map(EntryPoint.init(cbor:))
        boxingKeyPair = try m["b"].map(BoxingKeyPair.init(cbor:))
        identity = try m["i"].map(SigningKeyPair.init(cbor:))
    }
}

/// Entry points encrypted under the root key, zero-padded to a multiple of 4096 bytes so their
/// size says little (upstream's `UserStaticData`, a PaddedCipherText).
public struct UserStaticData: Hashable, Sendable, CborCodable {
    public static let paddingBlockSize = 4096
    public let cipherText: CipherText

    public init(cipherText: CipherText) { self.cipherText = cipherText }

    public static func encrypt(_ entryPoints: EntryPoints, rootKey: SymmetricKey, random: RandomSource) -> UserStaticData {
        UserStaticData(cipherText: CipherText.build(key: rootKey, plaintext: entryPoints.toCbor(), paddingBlockSize: paddingBlockSize, random: random))
    }

    public func decrypt(rootKey: SymmetricKey) throws -> EntryPoints {
        try EntryPoints(cbor: cipherText.decrypt(key: rootKey))
    }

    public func toCbor() -> CborObject { cipherText.toCbor() }
    public init(cbor: CborObject) throws { cipherText = try CipherText(cbor: cbor) }
}
