import Foundation
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosStorage

extension PeergosClient {
    /// Creates an account the way upstream's `UserContext.signUpGeneral` does, in one atomic
    /// `core/signup` (claim + OpLog): a random identity key and hybrid boxing key (its public key
    /// published as a block and named by `inbound`), a password-derived login key, a home writer
    /// proved owned by the identity, the home folder with `shared`, `.transactions` and
    /// `.capabilitycache`, the mirror BAT, and the login data holding the entry point.
    /// Solves the proof of work when the server asks for one, at the difficulty it asks, and sends
    /// again, up to ``signupAttempts`` sends in all. Upstream's client sends twice; but while
    /// others sign up, the difficulty can rise between an answer and the next send, and the
    /// answer is then another request for work, so a few more rounds let a signup through a burst
    /// (as the conformance run's own proof-of-work case makes). Throws
    /// ``PeergosClientError/signupRefused(_:)`` with upstream's text when the last send is also
    /// asked for work.
    public func signup(username: String, password: String) async throws -> PeergosSession {
        try await signup(username: username, password: password, legacy: false)
    }

    /// The most `core/signup` requests one signup sends (the first with no proof of work).
    public static let signupAttempts = 4

    func signup(username: String, password: String, legacy: Bool) async throws -> PeergosSession {
        guard Usernames.isValid(username) else { throw PeergosClientError.signupRefused("invalid username \(username)") }
        guard password != username else { throw PeergosClientError.signupRefused("the password must differ from the username") }
        guard try await api.chain(username: username).isEmpty else { throw PeergosClientError.signupRefused("User already exists!") }
        let nodeId = try await api.nodeId()
        let plan = try SignupPlan(username: username, password: password, nodeId: nodeId, random: random, legacy: legacy)
        let claimList = CborObject.list([plan.claim.toCbor()]).serialize()
        var proof = ProofOfWork.generate(difficulty: 0, data: claimList)
        for attempt in 0..<Self.signupAttempts {
            let required: Int?
            do { required = try await api.signup(username: username, claim: plan.claim, opLog: plan.opLog, proof: proof) } catch PeergosClientError.refused(_, let message) {
                throw PeergosClientError.signupRefused(message)
            }
            guard let difficulty = required else {
                return try PeergosSession(client: self, username: username, identity: plan.identity, algorithm: plan.algorithm,
                                          loginKeys: plan.loginKeys, entryPoints: plan.entryPoints, mirrorBat: plan.mirror)
            }
            guard attempt < Self.signupAttempts - 1 else { break }
            proof = ProofOfWork.generate(difficulty: difficulty, data: claimList)
        }
        throw PeergosClientError.signupRefused("Server is under load please try again later")
    }
}

/// Everything a signup writes, built without the network (so it can be checked on its own).
struct SignupPlan {
    let identity: SigningKeyPair
    let algorithm: SecretGenerationAlgorithm
    let loginKeys: LoginKeys
    let entryPoints: EntryPoints
    let mirror: BatWithId
    let claim: UserPublicKeyLink
    let opLog: CborObject

    /// Upstream's special folders in every home folder (created hidden, `h: true`).
    static let specialFolders = ["shared", ".transactions", ".capabilitycache"]

    /// - Parameter legacy: an account of upstream's old style (output 96): the password derives
    ///   the identity and Curve25519 boxing keys, and the entry points are in the identity
    ///   WriterData's `static` field instead of login data. Upstream no longer creates these; we
    ///   build them only to check that such accounts still sign in.
    init(username: String, password: String, nodeId: Cid, random: RandomSource, now: Date = Date(), legacy: Bool = false) throws {
        let salt = Hex.encode(random.bytes(32))
        algorithm = legacy ? .legacy(extraSalt: salt) : .default(extraSalt: salt)
        loginKeys = try LoginKeys.derive(username: username, password: password, algorithm: algorithm)
        let boxing: BoxingKeyPair
        if legacy, let derived = loginKeys.boxingKeyPair {
            identity = loginKeys.signingKeyPair
            boxing = derived
        } else {
            identity = try SigningKeyPair.random(using: random)
            boxing = try BoxingKeyPair.randomHybrid(using: random)
        }
        let writer = try SigningKeyPair.random(using: random)
        let mirrorBat = Bat.random(using: random)
        mirror = BatWithId(bat: mirrorBat, id: mirrorBat.mirrorId)  // upstream's BatId.sha256 of the bare secret
        let id = identity.publicKey.publicKeyHash
        let writerId = writer.publicKey.publicKeyHash
        let store = PeergosStorage.InMemoryBlockStore()

        // Identity: the boxing key (a block when too big for an identity hash, as a hybrid key is),
        // the owner proof of the home writer in the owned-keys CHAMP, and the identity WriterData.
        let boxerBlock = boxing.publicKey.serialize()
        let boxer = boxerBlock.count <= Multihash.maximumIdentitySize
            ? try PublicKeyHash(keyCbor: boxerBlock) : try PublicKeyHash(cid: store.put(boxerBlock, codec: .dagCbor))
        let proofBlock = OwnerProof.build(owned: writer, owner: id).serialize()
        let proofCid = try store.put(proofBlock, codec: .dagCbor)
        let ownedChamp = Champ(hasher: .identity, store: store)
        let emptyOwned = try ownedChamp.createEmpty()
        let owned = try ownedChamp.put(root: emptyOwned, key: Array(writerId.serialize().reversed()), value: proofCid, expected: nil)

        // Home writer: the home folder and its special folders in the file-tree CHAMP.
        let tree = Champ(hasher: .identity, store: store)
        var root = try tree.createEmpty()
        let homeCap = try AbsoluteCapability(owner: id, writer: writerId, mapKey: random.bytes(32), bat: Bat.random(using: random),
                                             readBaseKey: SymmetricKey.random(using: random), writeBaseKey: SymmetricKey.random(using: random))
        let seconds = Int64(now.timeIntervalSince1970)
        var children: [NamedRelativeCapability] = []
        let homeParentKey = SymmetricKey.random(using: random)
        for name in Self.specialFolders {
            let made = try FolderFactory.newFolder(name: name, in: homeCap, parentKey: homeParentKey, hidden: true, mirror: mirror.id, now: now, random: random)
            root = try tree.put(root: root, key: made.capability.mapKey, value: store.put(made.node.node.serialize(), codec: .dagCbor), expected: nil)
            children.append(made.link)
        }
        let home = try FolderFactory.folderNode(capability: homeCap, parentKey: homeParentKey, name: username, parent: nil,
                                                signer: writer, children: children, mirror: mirror.id, seconds: seconds, random: random)
        root = try tree.put(root: root, key: homeCap.mapKey, value: store.put(home.node.serialize(), codec: .dagCbor), expected: nil)
        let writerData = WriterData(controller: writerId, ownedKeys: emptyOwned, tree: root)

        entryPoints = EntryPoints(entries: [EntryPoint(capability: homeCap, ownerName: username)], boxingKeyPair: legacy ? nil : boxing,
                                  identity: legacy ? nil : identity)
        let identityData = WriterData(controller: id, algorithm: algorithm, followRequestReceiver: boxer, ownedKeys: owned,
                                      staticData: legacy ? .encrypt(entryPoints, rootKey: loginKeys.rootKey, random: random) : nil)

        // The OpLog: the identity's blocks then its pointer, the writer's blocks then its pointer.
        var ops: [CborObject] = []
        func blocks(from rootCid: Cid, extra: [Cid], signer: SigningKeyPair) throws {
            var stack = [rootCid] + extra
            var seen: Set<Cid> = []
            while let cid = stack.popLast() {
                guard seen.insert(cid).inserted, let block = try store.get(cid) else { continue }
                ops.append(BlockWrite(writer: signer.publicKey.publicKeyHash, signature: signer.signMessage(Hash.sha256(block)), block: block,
                                      isRaw: cid.codec == .raw).toCbor())
                if cid.codec == .dagCbor { StagedBlocks.links(try CborObject.decode(block, options: .upstreamCompatible), into: &stack) }
            }
        }
        func pointer(_ signer: SigningKeyPair, to data: WriterData) throws {
            let cid = try store.put(data.serialize(), codec: .dagCbor)
            ops.append(PointerWrite(writer: signer.publicKey.publicKeyHash,
                                    signedUpdate: signer.signMessage(try PointerUpdate(original: nil, updated: cid, sequence: 1).serialize())).toCbor())
        }
        let identityCid = try store.put(identityData.serialize(), codec: .dagCbor)
        try blocks(from: identityCid, extra: [], signer: identity)
        try pointer(identity, to: identityData)
        let writerCid = try store.put(writerData.serialize(), codec: .dagCbor)
        try blocks(from: writerCid, extra: home.blocks.map { try Cid.sha256(codec: .raw, digest: Hash.sha256($0)) }, signer: writer)
        for block in home.blocks { _ = try store.put(block, codec: .raw) }
        try pointer(writer, to: writerData)

        let batAuth = identity.signMessage(CborObject.map(["p": .text("peergos/v0/bats/addBat"), "t": .integer(Int64(now.timeIntervalSince1970 * 1000))]).serialize())
        var log: CborMap = ["ops": .list(ops), "b": mirror.toCbor(), "a": .bytes(batAuth)]
        if !legacy {
            let login = LoginData(username: username, entryPoints: .encrypt(entryPoints, rootKey: loginKeys.rootKey, random: random),
                                  authorisedReader: loginKeys.signingKeyPair.publicKey)
            log["login"] = login.toCbor()
            log["loginAuth"] = .bytes(identity.secretKey.signatureOnly(login.serialize()))
        }
        opLog = .map(log)
        let expiry = Self.expiry(now)
        claim = UserPublicKeyLink.createInitial(signer: identity, username: username, expiry: expiry, storageProviders: [nodeId.bytes])[0]
    }

    /// Upstream's claim expiry at signup: today plus two months (UTC calendar).
    static func expiry(_ now: Date) -> PKIDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let later = calendar.date(byAdding: .month, value: 2, to: now) ?? now
        let c = calendar.dateComponents([.year, .month, .day], from: later)
        return (try? PKIDate(year: c.year!, month: c.month!, day: c.day!)) ?? PKIDate.max
    }
}
