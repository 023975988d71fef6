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
        do { return try PublicKeyHash(cborBytes: try r.byteArray()) } catch { throw PeergosServerError.malformed("Invalid key hash") }
    }

    /// `core/signup`: the route's own readers (`SignupBody`, `SignupOpLog`: field bounds, username,
    /// claim as a one-link chain, block signatures, login data and its signature, the mirror BAT),
    /// then each pointer write checked as the route checks it against an empty store.
    public static func signup(_ body: [UInt8]) throws -> SignupRequest {
        let request = try SignupBody.read(body)
        let opLog = try SignupOpLog.read(request.opLogBytes, username: request.username, owner: request.claim.owner)
        var blocks = 0
        var pointers = 0
        for op in opLog.operations {
            switch op {
            case .block: blocks += 1
            case .pointer(let write):
                let key = try? StorageRoutes.signingKey(write.writer)
                if case .failure(let refusal) = PointerValidator.validate(signed: write.signedUpdate, writer: write.writer, writerKey: key,
                                                                            current: nil, updatedController: nil) {
                    throw PeergosServerError("Invalid pointer write for \(write.writer): \(refusal)")
                }
                pointers += 1
            }
        }
        return SignupRequest(username: request.username, claim: request.claim, proof: request.proof, blocks: blocks, pointers: pointers,
                             hasLogin: opLog.login != nil, hasMirrorBat: opLog.mirrorBat != nil)
    }

    /// `core/updateChain`: username, chain and proof of work; the chain is decoded, must end with
    /// the username, and is merged into `existing` (the stored chain) with `ChainValidator.merge`.
    public static func updateChain(_ body: [UInt8], existing: [UserPublicKeyLink]) throws -> [UserPublicKeyLink] {
        let request = try ChainUpdateBody.read(body)
        do { return try ChainValidator.merge(existing: existing, updated: request.chain) } catch { throw PeergosServerError("\(error)") }
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
        let updates = try MultiWriterCommitBody.read(body)
        return try updates.map { writer, signed in (writer, try setPointer(signed, writer: writer, current: nil)) }
    }

    /// `login/setLogin`: the LoginData body, read as the route reads it.
    public static func setLogin(_ body: [UInt8]) throws -> LoginData {
        do { return try LoginData(cborBytes: body, options: .upstreamCompatibleWithTextLinks) } catch { throw PeergosServerError.malformed("Invalid login data: \(error)") }
    }

    /// `social/followRequest`: must be a `{f: bytes, k: boxing key}` map (`BlindFollowRequestShape`).
    public static func followRequest(_ body: [UInt8]) throws {
        guard body.count <= AccountRoutes.followRequestMaxSize else { throw PeergosServerError("Follow request too large") }
        do { try BlindFollowRequestShape.check(body) } catch { throw PeergosServerError.malformed("Invalid follow request: \(error)") }
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
