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
            do { owner = try PublicKeyHash(cborBytes: try r.byteArray()) } catch { throw PeergosServerError.malformed("Invalid key hash") }
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
            Self.difficultyAnswer(try Self.signup(db: db, gate: server.proofOfWork, pki: server.pki, request: try SignupBody.read(body, faults: server.faults)))
        }
        router.postBlocking("/peergos/v0/core/updateChain", bodyLimit: Self.maxSignupBody) { request, body in
            let request = try ChainUpdateBody.read(body)
            let (username, updated, proof) = (request.username, request.chain, request.proof)
            guard let existingBytes = try db.chain(username: username) else { throw PeergosServerError("Unknown username \(username)") }
            let existing = try PKIChainBlock.decode(existingBytes)
            // Upstream asks work only past the free identity changes (IpfsCoreNode.MAX_FREE_IDENTITY_CHANGES).
            if existing.count > Self.freeIdentityChanges, let required = server.proofOfWork.shortfall(proof, links: PKIChainBlock.encode(updated)) {
                return Self.difficultyAnswer(required)
            }
            var merged = updated  // stored as sent under ServerFaults.acceptInvalidChains
            if !server.faults.contains(.acceptInvalidChains) {
                do { merged = try ChainValidator.merge(existing: existing, updated: updated) } catch {
                    throw PeergosServerError("\(error)")
                }
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
            throw PeergosServerError.malformed("Invalid proof of work: \(error)")
        }
    }

    /// Applies a signup; returns the difficulty the proof fell short of, or nil once applied.
    static func signup(db: ServerDatabase, gate: ProofOfWorkGate, pki: PKITree, request: SignupBody) throws -> Int? {
        let (username, link, proof) = (request.username, request.claim, request.proof)
        if let required = gate.shortfall(proof, links: CborObject.list([link.toCbor()]).serialize()) { return required }
        if try db.chain(username: username) != nil { throw PeergosServerError("User already exists: \(username)") }
        let opLog = try SignupOpLog.read(request.opLogBytes, username: username, owner: link.owner)

        var blocks: [(cid: Cid, data: [UInt8])] = []
        var pending: [Cid: [UInt8]] = [:]
        var pointers: [PublicKeyHash: ServerDatabase.PointerSwap] = [:]
        var order: [PublicKeyHash] = []
        for op in opLog.operations {
            switch op {
            case .block(let cid, let data):
                blocks.append((cid, data))
                pending[cid] = data
            case .pointer(let write):
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
        let login = opLog.login.map { (reader: $0.authorisedReader.serialize(), data: $0.serialize()) }
        // The account's mirror BAT (upstream keeps it for `bats/getUserBats`).
        let mirrorBat = opLog.mirrorBat?.serialize()
        let applied = try pki.update(username: username, chain: [link]) { change in
            try db.signup(username: username, owner: link.owner, chain: PKIChainBlock.encode([link]), blocks: blocks,
                          pointers: order.compactMap { pointers[$0] } + [change.pointer], login: login, mirrorBat: mirrorBat,
                          serverBlocks: change.blocks, ownedWriters: owned)
        }
        guard applied else { throw PeergosServerError("User already exists: \(username)") }
        return nil
    }
}
