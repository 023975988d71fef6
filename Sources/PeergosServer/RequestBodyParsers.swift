import PeergosCBOR
import PeergosCHAMP
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosMutable
import PeergosPKI
import PeergosStorage

/// The server's request-body parsers as pure functions of the bytes a client sends (no database,
/// no HTTP), for fuzzing (`FuzzTesting/`) and tests. Each does what its route does with the body
/// before it touches storage, calling the same code the route calls; a refusal is thrown as the
/// route throws it (`PeergosServerError`, HTTP 400), never a trap.
public enum RequestBodyParsers {
    /// What a parsed request says; only its shape matters to callers.
    public struct SignupRequest: Sendable {
        public let username: String
        public let claim: UserPublicKeyLink
        public let proof: ProofOfWork
        /// Blocks whose signatures verified, pointer writes that passed `PointerValidator` against
        /// an empty store, and whether login data and a mirror BAT were present.
        public let blocks: Int
        public let pointers: Int
        public let hasLogin: Bool
        public let hasMirrorBat: Bool
    }

    /// `core/getChain`, `core/getPublicKey`: one DataStream string (the username).
    public static func username(_ body: [UInt8]) throws -> String {
        var r = DataStreamReader(body)
        return try r.string()
    }

    /// `core/getUsername`: one DataStream byte array holding a PublicKeyHash's CBOR.
    public static func getUsername(_ body: [UInt8]) throws -> PublicKeyHash {
        var r = DataStreamReader(body)
        do { return try PublicKeyHash(cborBytes: try r.byteArray()) } catch { throw PeergosServerError("Invalid key hash") }
    }

    /// `core/signup`: username, claim link, OpLog and proof of work, with upstream's per-field
    /// bounds; then the claim is validated as a one-link chain and every OpLog operation is read
    /// and checked as `CoreRoutes.signup` does before it writes (block signatures, pointer updates
    /// against no current pointer, login data and its signature, the mirror BAT).
    public static func signup(_ body: [UInt8]) throws -> SignupRequest {
        var r = DataStreamReader(body)
        let username = try r.string()
        let linkBytes = try r.byteArray(max: 4 << 20)
        let opLogBytes = try r.byteArray(max: 64 * 1024)
        let proof = try CoreRoutes.proofOfWork(try r.byteArray(max: 100))
        guard Usernames.isValid(username) else { throw PeergosServerError("Invalid username \(username)") }
        let link: UserPublicKeyLink
        do { link = try UserPublicKeyLink(cborBytes: linkBytes, options: .upstreamCompatible) } catch { throw PeergosServerError("Invalid claim: \(error)") }
        if case .invalid(let failures) = ChainValidator.validate([link], username: username) {
            throw PeergosServerError("Invalid claim chain: \(failures.map(\.description).joined(separator: ", "))")
        }
        let opLog: CborMap
        do { opLog = try CborObject.decode(opLogBytes, options: .upstreamCompatibleWithTextLinks).asMap("OpLog") } catch {
            throw PeergosServerError("Invalid OpLog: \(error)")
        }
        var blocks = 0
        var pointers = 0
        for op in try opLog["ops"]?.asList("ops") ?? [] {
            let m = try op.asMap("operation")
            if m["b"] != nil {
                let write = try BlockWrite(cbor: op)
                let key = try StorageRoutes.signingKey(write.writer)
                let digest = Hash.sha256(write.block)
                guard (try? key.unsignMessage(write.signature)) == digest else { throw PeergosServerError("Invalid signature for block!") }
                _ = try Cid.sha256(codec: write.isRaw ? .raw : .dagCbor, digest: digest)
                blocks += 1
            } else {
                let write = try PointerWrite(cbor: op)
                let key = try? StorageRoutes.signingKey(write.writer)
                if case .failure(let refusal) = PointerValidator.validate(signed: write.signedUpdate, writer: write.writer, writerKey: key,
                                                                            current: nil, updatedController: nil) {
                    throw PeergosServerError("Invalid pointer write for \(write.writer): \(refusal)")
                }
                pointers += 1
            }
        }
        var hasLogin = false
        if let loginCbor = opLog["login"] {
            let data = try LoginData(cbor: loginCbor)
            let auth = try opLog.required("loginAuth").asBytes("loginAuth")
            guard let identity = link.owner.inlineKeyCbor.flatMap({ try? PublicSigningKey(cborBytes: $0) }),
                  identity.verify(signature: auth, message: data.serialize()) else {
                throw PeergosServerError("Invalid login data signature")
            }
            guard data.username == username else { throw PeergosServerError("Login data for another user") }
            hasLogin = true
        }
        var hasMirrorBat = false
        if let bat = opLog["b"] {
            do { _ = try BatWithId(cbor: bat).serialize() } catch { throw PeergosServerError("Invalid mirror BAT: \(error)") }
            hasMirrorBat = true
        }
        return SignupRequest(username: username, claim: link, proof: proof, blocks: blocks, pointers: pointers, hasLogin: hasLogin,
                             hasMirrorBat: hasMirrorBat)
    }

    /// `core/updateChain`: username, chain and proof of work; the chain is decoded, must end with
    /// the username, and is merged into `existing` (the stored chain) with `ChainValidator.merge`.
    public static func updateChain(_ body: [UInt8], existing: [UserPublicKeyLink]) throws -> [UserPublicKeyLink] {
        var r = DataStreamReader(body)
        let username = try r.string()
        let chainBytes = try r.byteArray(max: 4 << 20)
        _ = try CoreRoutes.proofOfWork(try r.byteArray(max: 100))
        let updated: [UserPublicKeyLink]
        do { updated = try PKIChainBlock.decode(chainBytes) } catch { throw PeergosServerError("Invalid chain: \(error)") }
        guard updated.last?.claim.username == username else { throw PeergosServerError("Chain is for another username") }
        do { return try ChainValidator.merge(existing: existing, updated: updated) } catch { throw PeergosServerError("\(error)") }
    }

    /// `api/v0/block/put/bulk`: `{b: [blocks], s: [signatures]}` for `writer` (`StorageRoutes.verifiedBlocks`).
    public static func blockPutBulk(_ body: [UInt8], writer: PublicKeyHash, raw: Bool) throws -> [(cid: Cid, data: [UInt8])] {
        try StorageRoutes.verifiedBlocks(body, writer: writer, codec: raw ? .raw : .dagCbor)
    }

    /// `mutable/setPointer`: the signed update for `writer`, validated against `current` (the stored
    /// update, if any) as `MutableRoutes.validate` does; a refusal upstream answers `false` to is nil.
    public static func setPointer(_ body: [UInt8], writer: PublicKeyHash, current: PointerUpdate?) throws -> PointerUpdate? {
        let key = try? StorageRoutes.signingKey(writer)
        switch PointerValidator.validate(signed: body, writer: writer, writerKey: key, current: current, updatedController: writer) {
        case .success(let update): return update
        case .failure(.badSignature), .failure(.writerKeyUnavailable), .failure(.controllerMismatch): return nil
        case .failure(let refusal): throw PeergosServerError("\(refusal)")
        }
    }

    /// `mutable/setPointers`: a `MultiWriterCommit {p: [{w, s}]}`, each signed update then validated
    /// as `setPointer` (against no current pointer).
    public static func setPointers(_ body: [UInt8]) throws -> [(writer: PublicKeyHash, update: PointerUpdate?)] {
        let updates: [(PublicKeyHash, [UInt8])]
        do {
            let commit = try CborObject.decode(body, options: .upstreamCompatible).asMap("MultiWriterCommit")
            updates = try commit.required("p").asList("p").map { item in
                let m = try item.asMap("SignedPointerUpdate")
                return (try PublicKeyHash(cbor: m.required("w")), try m.required("s").asBytes("s"))
            }
        } catch {
            throw PeergosServerError("Invalid pointer commit: \(error)")
        }
        return try updates.map { writer, signed in (writer, try setPointer(signed, writer: writer, current: nil)) }
    }

    /// `login/setLogin`: the LoginData body, read as the route reads it.
    public static func setLogin(_ body: [UInt8]) throws -> LoginData {
        do { return try LoginData(cborBytes: body, options: .upstreamCompatibleWithTextLinks) } catch { throw PeergosServerError("Invalid login data: \(error)") }
    }

    /// `social/followRequest`: must be a `{f: bytes, k: boxing key}` map (`BlindFollowRequestShape`).
    public static func followRequest(_ body: [UInt8]) throws {
        guard body.count <= AccountRoutes.followRequestMaxSize else { throw PeergosServerError("Follow request too large") }
        do { try BlindFollowRequestShape.check(body) } catch { throw PeergosServerError("Invalid follow request: \(error)") }
    }

    /// `champ/get/bulk`'s `caps` parameter: multibase of a CBOR list of `ChunkMirrorCap {m, b?}`.
    public static func champCaps(_ caps: String) throws -> [[UInt8]] {
        try LookupRoutes.mapKeys(caps: caps)
    }

    /// `champ/get/bulk`'s answer: the blocks on the paths to `keys` in the CHAMP at `root` of `store`.
    public static func champLookup(_ store: some BlockStore, root: Cid, keys: [[UInt8]]) throws -> [[UInt8]] {
        try LookupRoutes.champLookup(store, root: root, keys: keys)
    }

    /// A hex query parameter (`auth`, `author`, a champ/get key), as `SignedTime.hex` reads it.
    public static func hex(_ text: String) throws -> [UInt8] {
        try SignedTime.hex(text)
    }
}
