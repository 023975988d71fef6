import Foundation
import Hummingbird
import PeergosCBOR
import PeergosServerStorage

/// `/peergos/v0/storage/` (quota and usage, CBOR integers: every account has the server's default
/// quota; usage is the bytes of the distinct blocks its writers wrote) and `/peergos/v0/bats/getUserBats`
/// (the mirror BATs an account registered at signup).
struct SpaceRoutes: Sendable {
    let server: PeergosServer

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        router.postBlocking("/peergos/v0/storage/quota") { request, _ in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            // Upstream SpaceCheckingKeyFilter.getQuota: a signed time within 24 h.
            try SignedTime.check(try SignedTime.hex(try request.required("auth")), key: try StorageRoutes.signingKey(owner), window: 24 * 3600)
            guard try db.username(owner: owner) != nil else { throw PeergosServerError("Unknown owner \(owner)") }
            return Responses.bytes(CborObject.integer(server.defaultQuota).serialize())
        }
        router.postBlocking("/peergos/v0/storage/usage") { request, _ in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            // Upstream SpaceCheckingKeyFilter.getUsage: a signed time within 300 s.
            try SignedTime.check(try SignedTime.hex(try request.required("auth")), key: try StorageRoutes.signingKey(owner), window: 300)
            guard let username = try db.username(owner: owner) else { throw PeergosServerError("No usage present for user: \(owner)") }
            return Responses.bytes(CborObject.integer(try db.usage(username: username)).serialize())
        }
        router.postBlocking("/peergos/v0/bats/getUserBats") { request, _ in
            let username = try request.required("username")
            let identity = try AccountRoutes.identity(db, username: username)
            try SignedTime.checkRequest(try SignedTime.hex(try request.required("auth")), path: "peergos/v0/bats/getUserBats", key: identity, window: 300)
            let bats = try db.mirrorBats(username: username).map { try CborObject.decode($0) }
            return Responses.bytes(CborObject.list(bats).serialize())
        }
    }
}
