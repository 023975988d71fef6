import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// A block write carried with a login update: `{w: writer, s: signature over sha256(block), b: block, r: isRaw}`.
public struct BlockWrite: Hashable, Sendable, CborCodable {
    public let writer: PublicKeyHash
    public let signature: [UInt8]
    public let block: [UInt8]
    public let isRaw: Bool

    public init(writer: PublicKeyHash, signature: [UInt8], block: [UInt8], isRaw: Bool) {
        self.writer = writer
        self.signature = signature
        self.block = block
        self.isRaw = isRaw
    }

    public func toCbor() -> CborObject { .map(["w": writer.toCbor(), "s": .bytes(signature), "b": .bytes(block), "r": .bool(isRaw)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("BlockWrite")
        writer = try PublicKeyHash(cbor: m.required("w"))
        signature = try m.required("s").asBytes("s")
        block = try m.required("b").asBytes("b")
        isRaw = try m.required("r").asBool("r")
    }
}

/// A pointer write carried with a login update: `{w: writer, s: signed PointerUpdate}`.
public struct PointerWrite: Hashable, Sendable, CborCodable {
    public let writer: PublicKeyHash
    public let signedUpdate: [UInt8]

    public init(writer: PublicKeyHash, signedUpdate: [UInt8]) {
        self.writer = writer
        self.signedUpdate = signedUpdate
    }

    public func toCbor() -> CborObject { .map(["w": writer.toCbor(), "s": .bytes(signedUpdate)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("PointerWrite")
        writer = try PublicKeyHash(cbor: m.required("w"))
        signedUpdate = try m.required("s").asBytes("s")
    }
}

/// What the home server keeps per (username, login key):
/// `{u: username, e: UserStaticData, r: login public key, b?: BlockWrite, p?: PointerWrite}`.
public struct LoginData: Hashable, Sendable, CborCodable {
    public let username: String
    public let entryPoints: UserStaticData
    public let authorisedReader: PublicSigningKey
    public let identityUpdate: (block: BlockWrite, pointer: PointerWrite)?

    public init(username: String, entryPoints: UserStaticData, authorisedReader: PublicSigningKey, identityUpdate: (block: BlockWrite, pointer: PointerWrite)? = nil) {
        self.username = username
        self.entryPoints = entryPoints
        self.authorisedReader = authorisedReader
        self.identityUpdate = identityUpdate
    }

    public static func == (a: LoginData, b: LoginData) -> Bool { a.serialize() == b.serialize() }
    public func hash(into h: inout Hasher) { h.combine(serialize()) }

    public func toCbor() -> CborObject {
        var m: CborMap = ["u": .text(username), "e": entryPoints.toCbor(), "r": authorisedReader.toCbor()]
        if let identityUpdate {
            m["b"] = identityUpdate.block.toCbor()
            m["p"] = identityUpdate.pointer.toCbor()
        }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("LoginData")
        username = try m.required("u").asText("u")
        entryPoints = try UserStaticData(cbor: m.required("e"))
        authorisedReader = try PublicSigningKey(cbor: m.required("r"))
        switch (m["b"], m["p"]) {
        case (nil, nil): identityUpdate = nil
        case (let b?, let p?): identityUpdate = (try BlockWrite(cbor: b), try PointerWrite(cbor: p))
        default: throw CborSchemaError.invalidValue("LoginData: b and p go together")
        }
    }
}
