import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// Proof that a key is owned by another: `{o: owned key's hash, p: owned key's attached signature
/// over the owner's 45-byte PublicKeyHash CBOR}`.
public struct OwnerProof: Hashable, Sendable, CborCodable {
    public let owned: PublicKeyHash
    public let signedOwner: [UInt8]

    public init(owned: PublicKeyHash, signedOwner: [UInt8]) {
        self.owned = owned
        self.signedOwner = signedOwner
    }

    public static func build(owned: SigningKeyPair, owner: PublicKeyHash) -> OwnerProof {
        OwnerProof(owned: owned.publicKey.publicKeyHash, signedOwner: owned.secretKey.signMessage(owner.serialize()))
    }

    /// The owner this proof names, if the signature verifies under `ownedKey`.
    public func owner(verifiedWith ownedKey: PublicSigningKey) throws -> PublicKeyHash {
        try PublicKeyHash(cborBytes: ownedKey.unsignMessage(signedOwner))
    }

    public func toCbor() -> CborObject { .map(["o": owned.toCbor(), "p": .bytes(signedOwner)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("OwnerProof")
        owned = try PublicKeyHash(cbor: m.required("o"))
        signedOwner = try m.required("p").asBytes("p")
    }
}

/// The root each signing key publishes through its mutable pointer:
/// `{controller, algorithm?, public?, inbound?, owned?, named?, static?, tree?, links?}`.
/// Links (`public`, `owned`, `tree`, `links`) are CHAMP or inode roots; `inbound` names the
/// follow-request boxing key; `algorithm` is the login key generator, published in clear.
public struct WriterData: Hashable, Sendable, CborCodable {
    public let controller: PublicKeyHash
    public let algorithm: SecretGenerationAlgorithm?
    public let publicRoot: Cid?
    public let followRequestReceiver: PublicKeyHash?
    public let ownedKeys: Cid?
    public let namedOwnedKeys: [String: OwnerProof]
    public let staticData: UserStaticData?
    public let tree: Cid?
    public let secretLinks: Cid?

    public init(controller: PublicKeyHash, algorithm: SecretGenerationAlgorithm? = nil, publicRoot: Cid? = nil,
                followRequestReceiver: PublicKeyHash? = nil, ownedKeys: Cid? = nil, namedOwnedKeys: [String: OwnerProof] = [:],
                staticData: UserStaticData? = nil, tree: Cid? = nil, secretLinks: Cid? = nil) {
        self.controller = controller
        self.algorithm = algorithm
        self.publicRoot = publicRoot
        self.followRequestReceiver = followRequestReceiver
        self.ownedKeys = ownedKeys
        self.namedOwnedKeys = namedOwnedKeys
        self.staticData = staticData
        self.tree = tree
        self.secretLinks = secretLinks
    }

    public func toCbor() -> CborObject {
        var m: CborMap = ["controller": controller.toCbor()]
        if let algorithm { m["algorithm"] = algorithm.toCbor() }
        if let publicRoot { m["public"] = .link(publicRoot.bytes) }
        if let followRequestReceiver { m["inbound"] = followRequestReceiver.toCbor() }
        if let ownedKeys { m["owned"] = .link(ownedKeys.bytes) }
        if !namedOwnedKeys.isEmpty {
            // Keys are distinct dictionary keys, so the map cannot have duplicates.
            m["named"] = .map(try! CborMap(namedOwnedKeys.map { ($0.key, $0.value.toCbor()) }))
        }
        if let staticData { m["static"] = staticData.toCbor() }
        if let tree { m["tree"] = .link(tree.bytes) }
        if let secretLinks { m["links"] = .link(secretLinks.bytes) }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("WriterData")
        func link(_ key: String) throws -> Cid? { try m[key].map { try Cid(bytes: $0.asLink(key)) } }
        controller = try PublicKeyHash(cbor: m.required("controller"))
        algorithm = try m["algorithm"].map(SecretGenerationAlgorithm.init(cbor:))
        publicRoot = try link("public")
        followRequestReceiver = try m["inbound"].map(PublicKeyHash.init(cbor:))
        ownedKeys = try link("owned")
        var named: [String: OwnerProof] = [:]
        for entry in try m["named"]?.asMap("named").entries.array ?? [] {
            // CBOR keys differ by code units; a Swift dictionary merges canonically equivalent
            // ones ("\u{E9}", "e\u{301}"), which would silently drop a proof: refuse instead.
            guard named[entry.key] == nil else { throw CborSchemaError.duplicateKey(entry.key) }
            named[entry.key] = try OwnerProof(cbor: entry.value)
        }
        namedOwnedKeys = named
        staticData = try m["static"].map(UserStaticData.init(cbor:))
        tree = try link("tree")
        secretLinks = try link("links")
    }
}
