import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosServerStorage

/// `/peergos/v0/login/` and `/peergos/v0/social/`: login data behind a login key, and blinded
/// follow requests held for their target.
struct AccountRoutes: Sendable {
    let server: PeergosServer
    static let followRequestLimit = 100
    static let followRequestMaxSize = 4096

    /// The current identity key of `username` (the last link of its chain).
    static func identity(_ db: ServerDatabase, username: String) throws -> PublicSigningKey {
        guard let bytes = try db.chain(username: username), let owner = try PKIChainBlock.decode(bytes).last?.owner else {
            throw PeergosServerError("Unknown username \(username)")
        }
        return try StorageRoutes.signingKey(owner)
    }

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        router.postBlocking("/peergos/v0/login/getLogin") { request, _ in
            let username = try request.required("username")
            let authorBytes = try SignedTime.hex(try request.required("author"))
            guard let author = try? PublicSigningKey(cborBytes: authorBytes) else { throw PeergosServerError.malformed("Invalid author key") }
            try SignedTime.check(try SignedTime.hex(try request.required("auth")), key: author, window: 24 * 3600)
            guard let login = try db.login(username: username), login.reader == author.serialize() else {
                throw PeergosServerError("Incorrect username or password")
            }
            let data = try LoginData(cborBytes: login.data)
            return Responses.bytes(CborObject.map(["a": .bool(true), "r": data.entryPoints.toCbor()]).serialize())
        }
        router.postBlocking("/peergos/v0/login/setLogin", bodyLimit: 1 << 20) { request, body in
            let auth = try SignedTime.hex(try request.required("auth"))
            let data: LoginData
            do { data = try LoginData(cborBytes: body, options: .upstreamCompatibleWithTextLinks) } catch { throw PeergosServerError.malformed("Invalid login data: \(error)") }
            let identity = try Self.identity(db, username: data.username)
            guard identity.verify(signature: auth, message: body) else { throw PeergosServerError("Invalid signature for login data") }
            var block: (cid: Cid, data: [UInt8])? = nil
            var accepted: MutableRoutes.Authorised? = nil
            if let update = data.identityUpdate {
                // The identity update's block and pointer are the account's own writes: its writers only.
                guard try db.writerOwner(update.block.writer) == data.username else { throw MutableRoutes.notAllowed(update.block.writer) }
                let key = try StorageRoutes.signingKey(update.block.writer)
                let digest = Hash.sha256(update.block.block)
                guard (try? key.unsignMessage(update.block.signature)) == digest else { throw PeergosServerError("Invalid signature for block!") }
                block = (try Cid.sha256(codec: update.block.isRaw ? .raw : .dagCbor, digest: digest), update.block.block)
                guard let authorised = try MutableRoutes.validate(db: db, writer: update.pointer.writer, signed: update.pointer.signedUpdate, pendingBlock: block)
                else { return Responses.bool(false) }
                guard authorised.username == data.username else { throw MutableRoutes.notAllowed(update.pointer.writer) }
                accepted = authorised
            }
            guard try db.setLogin(username: data.username, reader: data.authorisedReader.serialize(), data: data.serialize(), block: block,
                                  pointer: accepted?.swap, ownedWriters: accepted?.ownedWriters ?? []) else {
                throw PeergosServerError("PointerCAS:concurrent update")
            }
            return Responses.bool(true)
        }
        router.postBlocking("/peergos/v0/social/followRequest", bodyLimit: Self.followRequestMaxSize) { request, body in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            guard try db.username(owner: owner) != nil else { throw PeergosServerError("Unknown user \(owner)") }
            do { _ = try BlindFollowRequestShape.check(body) } catch { throw PeergosServerError.malformed("Invalid follow request: \(error)") }
            return Responses.bool(try db.addFollowRequest(owner: owner, data: body, limit: Self.followRequestLimit))
        }
        router.postBlocking("/peergos/v0/social/getFollowRequests") { request, _ in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            try SignedTime.check(try SignedTime.hex(try request.required("auth")), key: try StorageRoutes.signingKey(owner), window: 300)
            var list: [UInt8] = []
            let items = try db.followRequests(owner: owner)
            CborObject.writeListHead(items.count, into: &list)
            for item in items { list += item }
            var w = DataStreamWriter()
            w.byteArray(list)
            return Responses.bytes(w.bytes)
        }
        router.postBlocking("/peergos/v0/social/removeFollowRequest", bodyLimit: Self.followRequestMaxSize + 64) { request, body in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            guard let unsigned = try? StorageRoutes.signingKey(owner).unsignMessage(body) else { return Responses.bool(false) }
            return Responses.bool(try db.removeFollowRequest(owner: owner, data: unsigned))
        }
    }
}

/// A follow request must at least be a `{f: bytes, k: boxing key}` map before it is stored.
enum BlindFollowRequestShape {
    static func check(_ bytes: [UInt8]) throws {
        let m = try CborObject.decode(bytes, options: .upstreamCompatible).asMap("BlindFollowRequest")
        _ = try m.required("f").asBytes("f")
        _ = try PublicBoxingKey(cbor: m.required("k"))
    }
}
