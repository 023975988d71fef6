import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosServerStorage

/// `/peergos/v0/storage/` (quota and usage, CBOR integers: every account has the server's default
/// quota; usage is the bytes of the distinct blocks its writers wrote) and `/peergos/v0/bats/getUserBats`
/// (the mirror BATs an account registered at signup). `storage/request` records a signed space
/// request (what `UserContext.requestSpace` and `deleteAccount` send) and answers the account's
/// PaymentProperties, as upstream's unpaid server (`UserQuotas.requestQuota`) does.
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
        router.postBlocking("/peergos/v0/storage/request") { request, _ in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            let signed = try SignedTime.hex(try request.required("req"))
            let space = try SpaceRequest(signed: signed, key: try StorageRoutes.signingKey(owner))
            // Upstream checks the signature and the time, then records the request under the name
            // it carries (a TODO there says the user should be checked). We record only a request
            // of the account the signing identity owns, so one user cannot file requests in
            // another's name.
            guard let username = try db.username(owner: owner) else { throw PeergosServerError("Unknown owner \(owner)") }
            guard space.username == username else {
                throw PeergosServerError("Space request for \(space.username) signed by the identity of \(username)")
            }
            // Every size is recorded as it comes, 0 included (upstream does not special-case any;
            // deleteAccount sends 1,000,000 bytes). The quota itself changes only when an admin
            // approves a request, which this server has no admin route for: the answer is the
            // account's current (default) quota.
            try db.addSpaceRequest(username: username, signedRequest: signed)
            return Responses.bytes(Self.paymentProperties(freeQuota: server.defaultQuota).serialize())
        }
        router.postBlocking("/peergos/v0/bats/getUserBats") { request, _ in
            let username = try request.required("username")
            let identity = try AccountRoutes.identity(db, username: username)
            try SignedTime.checkRequest(try SignedTime.hex(try request.required("auth")), path: "peergos/v0/bats/getUserBats", key: identity, window: 300)
            let bats = try db.mirrorBats(username: username).map { try CborObject.decode($0) }
            return Responses.bytes(CborObject.list(bats).serialize())
        }
    }

    /// Upstream `PaymentProperties(freeQuota)` of an unpaid server: `{annual: false, freeQuota,
    /// nextCharge: 0, desiredQuota: 0}` (no url, error, client secret or expiry).
    static func paymentProperties(freeQuota: Int64) -> CborObject {
        .map(["freeQuota": .integer(freeQuota), "desiredQuota": .integer(0), "annual": .bool(false), "nextCharge": .integer(0)])
    }
}

extension PeergosLogin.SpaceRequest {
    /// Opens and reads a signed request, refusing it as upstream's `QuotaAdmin.parseQuotaRequest`
    /// does: a bad signature or shape, a payment proof over 4096 bytes, or a time more than 300 s
    /// in the past (upstream's message, whose "30000" is its own typo for 300000, kept verbatim).
    init(signed: [UInt8], key: PublicSigningKey, now: Date = Date()) throws {
        guard let payload = try? key.unsignMessage(signed) else { throw PeergosServerError("Invalid signature for space request") }
        do { self = try Self(cborBytes: payload, options: .upstreamCompatible) } catch {
            throw PeergosServerError.malformed("Invalid space request: \(error)")
        }
        if let paymentProof, paymentProof.count > 4096 { throw PeergosServerError("Payment proof too big!") }
        let nowMillis = Int64(now.timeIntervalSince1970 * 1000)
        if utcMillis < nowMillis - 300_000 {
            throw PeergosServerError("Stale auth time in space request! \(utcMillis) !< \(nowMillis) - 30000")
        }
    }
}
