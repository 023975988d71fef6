import PeergosCBOR
import PeergosCrypto

/// Upstream's signed time (the `auth` of `login/getLogin`, `storage/quota`, `storage/usage`,
/// `social/getFollowRequests`): the key's attached signature over the CBOR unsigned integer of
/// the epoch time in milliseconds, sent as hex (vectors: Vectors/peergos/client-wire.json,
/// `signed_time`).
public enum SignedTime {
    /// `CBOR(uint millis)`.
    public static func payload(millis: Int64) -> [UInt8] { CborObject.integer(millis).serialize() }

    /// The attached signature (signature ‖ payload).
    public static func sign(_ key: SigningKeyPair, millis: Int64) -> [UInt8] { key.signMessage(payload(millis: millis)) }

    /// The time inside `signed`, which must open with `key` and hold a CBOR integer.
    public static func open(_ signed: [UInt8], key: PublicSigningKey) throws -> Int64 {
        try CborObject.decode(try key.unsignMessage(signed), options: .upstreamCompatible).asInteger("signed time")
    }
}

/// Upstream's `TimeLimitedClient.SignedRequest` (the `auth` of `bats/getUserBats`): the key's
/// attached signature over the CBOR map `{p: api path, t: epoch millis}`, sent as hex (vectors:
/// Vectors/peergos/client-wire.json, `signed_request`).
public enum SignedRequest {
    /// `CBOR({p: path, t: millis})`.
    public static func payload(path: String, millis: Int64) -> [UInt8] {
        CborObject.map(["p": .text(path), "t": .integer(millis)]).serialize()
    }

    public static func sign(_ key: SigningKeyPair, path: String, millis: Int64) -> [UInt8] {
        key.signMessage(payload(path: path, millis: millis))
    }

    /// The path and time inside `signed`, which must open with `key`.
    public static func open(_ signed: [UInt8], key: PublicSigningKey) throws -> (path: String, millis: Int64) {
        let m = try CborObject.decode(try key.unsignMessage(signed), options: .upstreamCompatible).asMap("SignedRequest")
        return (try m.required("p").asText("p"), try m.required("t").asInteger("t"))
    }
}

/// Upstream `QuotaControl.SpaceRequest`: `{u: username, s: bytes, a: annual, t: epoch millis,
/// p?: payment proof}`, sent to `storage/request` signed (attached) by the owner's identity
/// (vectors: Vectors/peergos/client-wire.json, `space_request`).
public struct SpaceRequest: Hashable, Sendable, CborCodable {
    public let username: String
    public let bytes: Int64
    public let annual: Bool
    public let utcMillis: Int64
    public let paymentProof: [UInt8]?

    public init(username: String, bytes: Int64, annual: Bool, utcMillis: Int64, paymentProof: [UInt8]? = nil) {
        self.username = username
        self.bytes = bytes
        self.annual = annual
        self.utcMillis = utcMillis
        self.paymentProof = paymentProof
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["u": .text(username), "s": .integer(bytes), "a": .bool(annual), "t": .integer(utcMillis)]
        if let paymentProof { m["p"] = .bytes(paymentProof) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("SpaceRequest")
        username = try m.required("u").asText("u")
        bytes = try m.required("s").asInteger("s")
        annual = try m["a"]?.asBool("a") ?? false
        utcMillis = try m.required("t").asInteger("t")
        paymentProof = try m["p"]?.asBytes("p")
    }

    /// The attached signature over the CBOR, as `storage/request` carries it (hex) in `req`.
    public func sign(_ identity: SigningKeyPair) -> [UInt8] { identity.signMessage(serialize()) }
}
