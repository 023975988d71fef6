import Foundation
import Hummingbird
import PeergosCBOR
import PeergosCHAMP
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosServerStorage
import PeergosStorage

/// `/api/v0/champ/get/bulk`, `champ/get` and `link/get`: reads the server answers by walking a
/// CHAMP itself, so a client gets every block it needs (and can verify) in one round trip.
struct LookupRoutes: Sendable {
    let server: PeergosServer
    /// Upstream `StorageHandler.MAX_CHAMP_GETS`.
    static let maxChampGets = 20

    func add(to router: Router<BasicRequestContext>) {
        let db = server.database
        let faults = server.faults
        let champLookup: @Sendable (Request, [UInt8]) throws -> Response = { request, _ in
            let args = request.uri.queryParameters.getAll("arg").map { String($0) }
            guard let rootText = args.first else { throw PeergosServerError.malformed("Missing parameter arg") }
            let root = try StorageRoutes.cid(rootText)
            let keys: [[UInt8]]
            if let caps = request.parameter("caps") {
                keys = try Self.mapKeys(caps: caps)
            } else {
                guard args.count > 1 else { throw PeergosServerError.malformed("Missing parameter caps or a second arg") }
                keys = [try SignedTime.hex(args[1])]
            }
            let blocks = try Self.champLookup(DatabaseBlockStore(db), root: root, keys: keys)
            var response = Responses.bytes(CborObject.list(blocks.map { .bytes(faults.served($0)) }).serialize())
            response.headers[.eTag] = "\"\(root)\""
            response.headers[.cacheControl] = "public, max-age=31622400 immutable"  // as upstream: a root's lookups never change
            return response
        }
        router.postBlocking("/api/v0/champ/get/bulk", champLookup)
        router.postBlocking("/api/v0/champ/get", champLookup)
        router.postBlocking("/api/v0/link/get") { request, _ in
            let owner = try StorageRoutes.publicKeyHash(try request.required("owner"))
            guard let label = Int64(try request.required("label")) else { throw PeergosServerError.malformed("Invalid label") }
            return Responses.bytes(try Self.secretLink(db, owner: owner, label: label, faults: faults))
        }
    }

    /// The map keys of a `caps` parameter: multibase of a CBOR list of `ChunkMirrorCap {m, b?}`.
    static func mapKeys(caps: String) throws -> [[UInt8]] {
        let list: CborList
        do { list = try CborObject.decode(try Multibase.decode(caps), options: .upstreamCompatible).asList("caps") } catch {
            throw PeergosServerError.malformed("Invalid caps: \(error)")
        }
        guard list.count <= maxChampGets else { throw PeergosServerError("Too many caps in bulk champ get call! \(list.count)") }
        do { return try list.map { try $0.asMap("ChunkMirrorCap").required("m").asBytes("m") } } catch {
            throw PeergosServerError.malformed("Invalid caps: \(error)")
        }
    }

    /// Every block a client needs to look `keys` up in the CHAMP at `root`: the nodes on each path
    /// and each found value's block, each once, in the order met. An absent root gives no blocks.
    static func champLookup(_ store: some BlockStore, root: Cid, keys: [[UInt8]]) throws -> [[UInt8]] {
        guard try store.get(root) != nil else { return [] }
        var out: [[UInt8]] = []
        var seen: Set<Cid> = []
        let champ = Champ(hasher: .identity, store: store)
        for key in keys {
            let found: (value: Cid?, path: [Cid])
            do { found = try champ.lookupPath(root: root, key: key) } catch let e as ServerStorageError {
                throw e  // a storage failure is internal: answered generically, never with SQLite's text
            } catch {
                throw PeergosServerError("CHAMP lookup from \(root) failed: \(error)")
            }
            for cid in found.path + (found.value.map { [$0] } ?? []) where seen.insert(cid).inserted {
                if let block = try store.get(cid) { out.append(block) }
            }
        }
        return out
    }

    /// The EncryptedCapability behind a secret link: the owner's WriterData → its `links` CHAMP →
    /// the SecretLinkTarget under SHA-256 of the label as 8 little-endian bytes. Expired links and
    /// links already retrieved `maxRetrievals` times are refused (unless ``ServerFaults/serveExpiredLinks``);
    /// every served retrieval is counted.
    static func secretLink(_ db: ServerDatabase, owner: PublicKeyHash, label: Int64, faults: ServerFaults = []) throws -> [UInt8] {
        guard let data = try CurrentWriterData.read(db, writer: owner, key: try StorageRoutes.signingKey(owner))?.data,
              let links = data.secretLinks
        else { throw PeergosServerError("No secret link published!") }
        let labelBytes = (0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) }
        let store = DatabaseBlockStore(db)
        guard let value = try? Champ(hasher: .identity, store: store).get(root: links, key: Hash.sha256(labelBytes)),
              let targetBytes = try db.block(value),
              let linkTarget = try? SecretLinkTarget(cborBytes: targetBytes, options: .upstreamCompatibleWithTextLinks)
        else { throw PeergosServerError("No secret link present!") }
        let enforced = !faults.contains(.serveExpiredLinks)
        if enforced, let expiry = linkTarget.expiry, expiry < Int64(Date().timeIntervalSince1970) { throw PeergosServerError("Secret link expired!") }
        guard try db.countLinkRetrieval(owner: owner, label: label, limit: enforced ? linkTarget.maxRetrievals : nil) else {
            throw PeergosServerError("Maximum link retrievals exceed!")
        }
        return linkTarget.capability.serialize()
    }
}
