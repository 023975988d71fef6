import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServerStorage

/// `/peergos/v0/core/`: the PKI. This server is its own PKI node: names are first come, first
/// served; chains are validated and merged as upstream does; signup applies the new account's
/// writes (blocks, pointers, login data) atomically with its claim.
struct CoreRoutes: Sendable {
    let server: PeergosServer

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        router.postBlocking("/peergos/v0/core/getChain", bodyLimit: 4096) { request, body in
            var r = DataStreamReader(body)
            return Responses.bytes(try db.chain(username: try r.string()) ?? [0x80])
        }
        router.postBlocking("/peergos/v0/core/getPublicKey", bodyLimit: 4096) { request, body in
            var r = DataStreamReader(body)
            var w = DataStreamWriter()
            if let bytes = try db.chain(username: try r.string()), let owner = try PKIChainBlock.decode(bytes).last?.owner {
                w.bool(true)
                w.byteArray(owner.serialize())
            } else {
                w.bool(false)
            }
            return Responses.bytes(w.bytes)
        }
        router.postBlocking("/peergos/v0/core/getUsername", bodyLimit: 4096) { request, body in
            var r = DataStreamReader(body)
            let owner: PublicKeyHash
            do { owner = try PublicKeyHash(cborBytes: try r.byteArray()) } catch { throw PeergosServerError("Invalid key hash") }
            guard let name = try db.username(owner: owner) else { throw PeergosServerError("Unknown username for key \(owner)") }
            var w = DataStreamWriter()
            w.string(name)
            return Responses.bytes(w.bytes)
        }
        // Upstream answers every name whatever the prefix; this server filters by it (a client
        // asking for "" gets the same answer).
        router.postBlocking("/peergos/v0/core/getUsernamesGzip/**") { request, _ in
            let prefix = request.uri.path.components(separatedBy: "/getUsernamesGzip/").dropFirst().first ?? ""
            return try Responses.gzipJson(try db.usernames(prefix: prefix.removingPercentEncoding ?? prefix))
        }
        router.postBlocking("/peergos/v0/core/getUsernamesGzip") { _, _ in try Responses.gzipJson(try db.usernames(prefix: "")) }
        router.postBlocking("/peergos/v0/core/signup", bodyLimit: Self.maxSignupBody) { request, body in
            var r = DataStreamReader(body)
            let username = try r.string()
            // Upstream's per-field bounds (CoreNodeHandler.signup).
            let linkBytes = try r.byteArray(max: 4 << 20)
            let opLogBytes = try r.byteArray(max: 64 * 1024)
            let proof = try Self.proofOfWork(try r.byteArray(max: 100))
            return Self.difficultyAnswer(try Self.signup(db: db, gate: server.proofOfWork, pki: server.pki, username: username, linkBytes: linkBytes,
                                                         opLogBytes: opLogBytes, proof: proof))
        }
        router.postBlocking("/peergos/v0/core/updateChain", bodyLimit: Self.maxSignupBody) { request, body in
            var r = DataStreamReader(body)
            let username = try r.string()
            let chainBytes = try r.byteArray(max: 4 << 20)
            let proof = try Self.proofOfWork(try r.byteArray(max: 100))
            guard let existingBytes = try db.chain(username: username) else { throw PeergosServerError("Unknown username \(username)") }
            let updated: [UserPublicKeyLink]
            do { updated = try PKIChainBlock.decode(chainBytes) } catch { throw PeergosServerError("Invalid chain: \(error)") }
            guard updated.last?.claim.username == username else { throw PeergosServerError("Chain is for another username") }
            let existing = try PKIChainBlock.decode(existingBytes)
            // Upstream asks work only past the free identity changes (IpfsCoreNode.MAX_FREE_IDENTITY_CHANGES).
            if existing.count > Self.freeIdentityChanges, let required = server.proofOfWork.shortfall(proof, links: PKIChainBlock.encode(updated)) {
                return Self.difficultyAnswer(required)
            }
            let merged: [UserPublicKeyLink]
            do { merged = try ChainValidator.merge(existing: existing, updated: updated) } catch {
                throw PeergosServerError("\(error)")
            }
            guard let owner = merged.last?.owner else { throw PeergosServerError("Empty chain") }
            let applied = try server.pki.update(username: username, chain: merged) { change in
                try db.updateChain(username: username, expected: existingBytes, owner: owner, chain: PKIChainBlock.encode(merged),
                                   blocks: change.blocks, pointers: [change.pointer])
            }
            guard applied else { throw PeergosServerError("Concurrent chain update for \(username)") }
            return Self.difficultyAnswer(nil)
        }
    }

    static let maxSignupBody = 9 << 20
    static let freeIdentityChanges = 10

    /// `bool accepted`, then the required difficulty as an int32 when refused for too little work.
    static func difficultyAnswer(_ required: Int?) -> Response {
        var w = DataStreamWriter()
        w.bool(required == nil)
        if let required { w.int32(required) }
        return Responses.bytes(w.bytes)
    }

    static func proofOfWork(_ bytes: [UInt8]) throws -> ProofOfWork {
        do { return try ProofOfWork(cborBytes: bytes, options: .upstreamCompatible) } catch {
            throw PeergosServerError("Invalid proof of work: \(error)")
        }
    }

    /// Applies a signup; returns the difficulty the proof fell short of, or nil once applied.
    static func signup(db: ServerDatabase, gate: ProofOfWorkGate, pki: PKITree, username: String, linkBytes: [UInt8], opLogBytes: [UInt8], proof: ProofOfWork) throws -> Int? {
        guard Usernames.isValid(username) else { throw PeergosServerError("Invalid username \(username)") }
        let link: UserPublicKeyLink
        do { link = try UserPublicKeyLink(cborBytes: linkBytes, options: .upstreamCompatible) } catch { throw PeergosServerError("Invalid claim: \(error)") }
        if case .invalid(let failures) = ChainValidator.validate([link], username: username) {
            throw PeergosServerError("Invalid claim chain: \(failures.map(\.description).joined(separator: ", "))")
        }
        if let required = gate.shortfall(proof, links: CborObject.list([link.toCbor()]).serialize()) { return required }
        if try db.chain(username: username) != nil { throw PeergosServerError("User already exists: \(username)") }

        let opLog: CborMap
        do { opLog = try CborObject.decode(opLogBytes, options: .upstreamCompatibleWithTextLinks).asMap("OpLog") } catch {
            throw PeergosServerError("Invalid OpLog: \(error)")
        }
        var blocks: [(cid: Cid, data: [UInt8])] = []
        var pending: [Cid: [UInt8]] = [:]
        var pointers: [PublicKeyHash: ServerDatabase.PointerSwap] = [:]
        var order: [PublicKeyHash] = []
        for op in try opLog["ops"]?.asList("ops") ?? [] {
            let m = try op.asMap("operation")
            if m["b"] != nil {
                let write = try BlockWrite(cbor: op)
                let key = try StorageRoutes.signingKey(write.writer)
                let digest = Hash.sha256(write.block)
                guard (try? key.unsignMessage(write.signature)) == digest else { throw PeergosServerError("Invalid signature for block!") }
                let cid = try Cid.sha256(codec: write.isRaw ? .raw : .dagCbor, digest: digest)
                blocks.append((cid, write.block))
                pending[cid] = write.block
            } else {
                let write = try PointerWrite(cbor: op)
                let key = try? StorageRoutes.signingKey(write.writer)
                let storedSigned = try pointers[write.writer].map(\.new) ?? db.pointer(writer: write.writer)
                var current: PointerUpdate? = nil
                if let storedSigned, let key, let payload = try? key.unsignMessage(storedSigned) {
                    current = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible))
                }
                var controller: PublicKeyHash? = nil
                if let key, let payload = try? key.unsignMessage(write.signedUpdate),
                   let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)), let target = update.updated,
                   let block = try pending[target] ?? db.block(target),
                   let data = try? WriterData(cbor: CborObject.decode(block, options: .upstreamCompatibleWithTextLinks)) {
                    controller = data.controller
                }
                switch PointerValidator.validate(signed: write.signedUpdate, writer: write.writer, writerKey: key, current: current, updatedController: controller) {
                case .success:
                    let expected = try pointers[write.writer]?.expected ?? db.pointer(writer: write.writer)
                    if pointers[write.writer] == nil { order.append(write.writer) }
                    pointers[write.writer] = .init(writer: write.writer, expected: expected, new: write.signedUpdate)
                case .failure(let refusal):
                    throw PeergosServerError("Invalid pointer write for \(write.writer): \(refusal)")
                }
            }
        }
        // The writers the account owns from the start: each pointer write by the identity, or by
        // a key proved owned (in any order of the OpLog), registers the keys its WriterData proves
        // owned. Each writer is read once, so this ends after at most one pass per pointer write.
        let store = DatabaseBlockStore(db)
        for block in blocks { _ = try store.put(block.data, codec: block.cid.codec) }
        var owned: [PublicKeyHash] = []
        var writers: Set<PublicKeyHash> = [link.owner]
        var read: Set<PublicKeyHash> = []
        while let writer = order.first(where: { writers.contains($0) && !read.contains($0) }) {
            read.insert(writer)
            guard let signed = pointers[writer]?.new, let key = try? StorageRoutes.signingKey(writer),
                  let payload = try? key.unsignMessage(signed),
                  let target = (try? PointerUpdate(cbor: CborObject.decode(payload, options: .upstreamCompatible)))?.updated,
                  let block = try store.get(target),
                  let data = try? WriterData(cbor: CborObject.decode(block, options: .upstreamCompatibleWithTextLinks)) else { continue }
            for key in OwnedWriters.direct(writer: writer, data: data, store: store) where writers.insert(key).inserted { owned.append(key) }
        }
        var login: (reader: [UInt8], data: [UInt8])? = nil
        if let loginCbor = opLog["login"] {
            let data = try LoginData(cbor: loginCbor)
            let auth = try opLog.required("loginAuth").asBytes("loginAuth")
            guard let identity = link.owner.inlineKeyCbor.flatMap({ try? PublicSigningKey(cborBytes: $0) }),
                  identity.verify(signature: auth, message: data.serialize()) else {
                throw PeergosServerError("Invalid login data signature")
            }
            guard data.username == username else { throw PeergosServerError("Login data for another user") }
            login = (data.authorisedReader.serialize(), data.serialize())
        }
        // The account's mirror BAT (upstream keeps it for `bats/getUserBats`); it must be a BatWithId.
        var mirrorBat: [UInt8]? = nil
        if let bat = opLog["b"] {
            do { mirrorBat = try BatWithId(cbor: bat).serialize() } catch { throw PeergosServerError("Invalid mirror BAT: \(error)") }
        }
        let applied = try pki.update(username: username, chain: [link]) { change in
            try db.signup(username: username, owner: link.owner, chain: PKIChainBlock.encode([link]), blocks: blocks,
                          pointers: order.compactMap { pointers[$0] } + [change.pointer], login: login, mirrorBat: mirrorBat,
                          serverBlocks: change.blocks, ownedWriters: owned)
        }
        guard applied else { throw PeergosServerError("User already exists: \(username)") }
        return nil
    }
}
