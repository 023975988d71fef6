import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosPKI
import PeergosSocial

/// Upstream's HTTP routes, typed: each method is one request with upstream's parameters and body
/// framing (Spec/http.md), and reads the answer in the route's own form. No state, no caching:
/// that is the block store's and the session's business.
public struct PeergosAPI: Sendable {
    public let transport: PeergosTransport

    public init(transport: PeergosTransport) { self.transport = transport }

    func post(_ path: String, _ query: [(String, String)] = [], body: [UInt8] = []) async throws -> [UInt8] {
        try await transport.post(path, query: query, body: body)
    }

    func cbor(_ route: String, _ bytes: [UInt8]) throws -> CborObject {
        do { return try CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks) } catch {
            throw PeergosClientError.malformedAnswer(route: route, reason: "\(error)")
        }
    }

    /// `sign(CBOR(uint now_ms))` in hex: upstream's signed time.
    static func signedTime(_ key: SigningKeyPair, now: Date = Date()) -> String {
        Hex.encode(SignedTime.sign(key, millis: Int64(now.timeIntervalSince1970 * 1000)))
    }

    /// `sign(CBOR({p: path, t: now_ms}))` in hex: upstream's `TimeLimitedClient.SignedRequest`.
    static func signedRequest(_ key: SigningKeyPair, path: String, now: Date = Date()) -> String {
        Hex.encode(SignedRequest.sign(key, path: path, millis: Int64(now.timeIntervalSince1970 * 1000)))
    }

    // MARK: node

    /// `api/v0/id`: the server's node id (the storage provider named in signup claims).
    public func nodeId() async throws -> Cid {
        let bytes = try await post("api/v0/id")
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any], let id = json["ID"] as? String,
              let cid = try? Cid(string: id) else {
            throw PeergosClientError.malformedAnswer(route: "api/v0/id", reason: "no ID")
        }
        return cid
    }

    // MARK: PKI (core)

    /// `core/getPublicKey`: the identity key hash of `username`, or nil if unknown.
    public func publicKey(username: String) async throws -> PublicKeyHash? {
        var w = DataStreamWriter()
        w.string(username)
        var r = DataStreamAnswer(try await post("peergos/v0/core/getPublicKey", body: w.bytes), route: "core/getPublicKey")
        guard try r.bool() else { return nil }
        do { return try PublicKeyHash(cbor: CborObject.decode(try r.byteArray(), options: .upstreamCompatible)) } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: "core/getPublicKey", reason: "\(error)")
        }
    }

    /// `core/getChain`: the user's claim chain (empty if unknown).
    public func chain(username: String) async throws -> [UserPublicKeyLink] {
        var w = DataStreamWriter()
        w.string(username)
        let bytes = try await post("peergos/v0/core/getChain", body: w.bytes)
        do { return try PKIChainBlock.decode(bytes) } catch { throw PeergosClientError.malformedAnswer(route: "core/getChain", reason: "\(error)") }
    }

    /// `core/getUsername`: the username that owns `identity`.
    public func username(of identity: PublicKeyHash) async throws -> String {
        var w = DataStreamWriter()
        w.byteArray(identity.serialize())
        var r = DataStreamAnswer(try await post("peergos/v0/core/getUsername", body: w.bytes), route: "core/getUsername")
        return try r.string()
    }

    /// `core/signup`: nil if accepted, else the proof-of-work difficulty the server requires.
    public func signup(username: String, claim: UserPublicKeyLink, opLog: CborObject, proof: ProofOfWork, token: String = "") async throws -> Int? {
        var w = DataStreamWriter()
        w.string(username)
        w.byteArray(claim.serialize())
        w.byteArray(opLog.serialize())
        w.byteArray(proof.serialize())
        w.string(token)
        var r = DataStreamAnswer(try await post("peergos/v0/core/signup", body: w.bytes), route: "core/signup")
        if try r.bool() { return nil }
        return try r.int32()
    }

    /// `core/updateChain`: nil if accepted, else the required difficulty.
    public func updateChain(username: String, chain: [UserPublicKeyLink], proof: ProofOfWork, token: String = "") async throws -> Int? {
        var w = DataStreamWriter()
        w.string(username)
        w.byteArray(PKIChainBlock.encode(chain))
        w.byteArray(proof.serialize())
        w.string(token)
        var r = DataStreamAnswer(try await post("peergos/v0/core/updateChain", body: w.bytes), route: "core/updateChain")
        if try r.bool() { return nil }
        return try r.int32()
    }

    // MARK: mutable pointers

    /// `mutable/getPointer`: the writer's signed pointer update, or nil when it has none.
    public func pointer(owner: PublicKeyHash, writer: PublicKeyHash) async throws -> [UInt8]? {
        let bytes = try await post("peergos/v0/mutable/getPointer", [("owner", owner.description), ("writer", writer.description)])
        return bytes.isEmpty ? nil : bytes
    }

    /// `mutable/setPointers`: all of `updates` (writer, signed update) applied atomically, or none.
    public func setPointers(owner: PublicKeyHash, updates: [(writer: PublicKeyHash, signed: [UInt8])]) async throws -> Bool {
        let commit = CborObject.map(["p": .list(updates.map { .map(["w": $0.writer.toCbor(), "s": .bytes($0.signed)]) })])
        let answer = try await post("peergos/v0/mutable/setPointers", [("owner", owner.description)], body: commit.serialize())
        return answer.first == 1
    }

    /// `mutable/setPointer`: one writer's signed update (upstream uses it for a writer's first
    /// write and to empty a pointer).
    public func setPointer(owner: PublicKeyHash, writer: PublicKeyHash, signed: [UInt8]) async throws -> Bool {
        try await post("peergos/v0/mutable/setPointer", [("owner", owner.description), ("writer", writer.description)], body: signed).first == 1
    }

    // MARK: blocks

    public func startTransaction(owner: PublicKeyHash) async throws -> String {
        String(decoding: try await post("api/v0/transaction/start", [("owner", owner.description)]), as: UTF8.self)
    }

    public func closeTransaction(owner: PublicKeyHash, id: String) async throws {
        _ = try await post("api/v0/transaction/close", [("owner", owner.description), ("arg", id)])
    }

    /// `block/put/bulk`: blocks of one codec signed by `writer` (each signature over the block's
    /// SHA-256). Answers the CIDs the server computed, which the caller checks against its own.
    public func putBlocks(owner: PublicKeyHash, writer: SigningKeyPair, transaction: String, codec: Cid.Codec, blocks: [[UInt8]]) async throws -> [Cid] {
        try await putBlocks(owner: owner, writer: writer, transaction: transaction, codec: codec, blocks: blocks, digests: blocks.map(Hash.sha256))
    }

    /// ``putBlocks(owner:writer:transaction:codec:blocks:)``, checking the answer against the
    /// blocks' own CIDs from the digests already computed for the signatures (each block is hashed
    /// once): throws ``PeergosClientError/malformedAnswer(route:reason:)`` unless the server
    /// answered exactly those CIDs, in order.
    func putBlocksChecked(owner: PublicKeyHash, writer: SigningKeyPair, transaction: String, codec: Cid.Codec, blocks: [[UInt8]]) async throws {
        let digests = blocks.map(Hash.sha256)
        let answered = try await putBlocks(owner: owner, writer: writer, transaction: transaction, codec: codec, blocks: blocks, digests: digests)
        guard answered == (try digests.map { try Cid.sha256(codec: codec, digest: $0) }) else {
            throw PeergosClientError.malformedAnswer(route: "api/v0/block/put/bulk", reason: "answered CIDs differ from the blocks sent")
        }
    }

    /// - Precondition: `digests[i]` is the SHA-256 of `blocks[i]`.
    private func putBlocks(owner: PublicKeyHash, writer: SigningKeyPair, transaction: String, codec: Cid.Codec, blocks: [[UInt8]],
                           digests: [[UInt8]]) async throws -> [Cid] {
        let body = CborObject.map([
            "b": .list(blocks.map { .bytes($0) }),
            "s": .list(digests.map { .bytes(writer.signMessage($0)) }),
        ])
        let answer = try await post("api/v0/block/put/bulk", [
            ("owner", owner.description), ("writer", writer.publicKey.publicKeyHash.description), ("transaction", transaction),
            ("format", codec == .raw ? "raw" : "dag-cbor"),
        ], body: body.serialize())
        // A run of JSON objects {"Hash":"<cid>"} with no separators.
        var cids: [Cid] = []
        let text = String(decoding: answer, as: UTF8.self)
        for part in text.components(separatedBy: "\"Hash\":\"").dropFirst() {
            guard let end = part.firstIndex(of: "\""), let cid = try? Cid(string: String(part[..<end])) else {
                throw PeergosClientError.malformedAnswer(route: "api/v0/block/put/bulk", reason: "unreadable hash")
            }
            cids.append(cid)
        }
        return cids
    }

    /// `block/get`: the raw bytes (unverified; ``NetworkBlocks`` verifies), or nil when absent.
    public func block(owner: PublicKeyHash, cid: Cid, bat: String? = nil) async throws -> [UInt8]? {
        var query = [("owner", owner.description), ("arg", cid.description)]
        if let bat { query.append(("bat", bat)) }
        let bytes = try await post("api/v0/block/get", query)
        return bytes.isEmpty ? nil : bytes
    }

    /// `champ/get/bulk`: the blocks on the path from `root` to each `(mapKey, bat)`, and the values.
    public func champLookup(owner: PublicKeyHash, root: Cid, caps: [ChunkMirrorCap]) async throws -> [[UInt8]] {
        let bytes = try await post("api/v0/champ/get/bulk", [
            ("owner", owner.description), ("arg", root.description), ("caps", ChunkMirrorCap.encodeCaps(caps)),
        ])
        do { return try cbor("api/v0/champ/get/bulk", bytes).asList("blocks").map { try $0.asBytes("block") } } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: "api/v0/champ/get/bulk", reason: "\(error)")
        }
    }

    /// `link/get`: the encrypted capability behind a secret link.
    public func secretLink(owner: PublicKeyHash, label: Int64) async throws -> [UInt8] {
        try await post("api/v0/link/get", [("owner", owner.description), ("label", String(label))])
    }

    // MARK: login

    /// `login/getLogin`: the encrypted entry points stored for (username, login key).
    public func login(username: String, loginKey: SigningKeyPair) async throws -> UserStaticData {
        let bytes = try await post("peergos/v0/login/getLogin", [
            ("username", username), ("author", Hex.encode(loginKey.publicKey.serialize())), ("auth", Self.signedTime(loginKey)),
            ("proxy", "false"), ("mfaTypes", "1,2,3,4"),
        ])
        do {
            let m = try cbor("login/getLogin", bytes).asMap("LoginResponse")
            guard try m.required("a").asBool("a") else { throw PeergosClientError.unsupported("multi-factor authentication is required for this account") }
            return try UserStaticData(cbor: m.required("r"))
        } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: "login/getLogin", reason: "\(error)")
        }
    }

    /// `login/setLogin`: replaces the login data, authorised by the identity key.
    public func setLogin(_ data: LoginData, identity: SigningKeyPair) async throws -> Bool {
        let body = data.serialize()
        let answer = try await post("peergos/v0/login/setLogin", [("auth", Hex.encode(identity.secretKey.signatureOnly(body)))], body: body)
        return answer.first == 1
    }

    // MARK: social

    public func sendFollowRequest(target: PublicKeyHash, _ request: BlindFollowRequest) async throws -> Bool {
        try await post("peergos/v0/social/followRequest", [("owner", target.description)], body: request.serialize()).first == 1
    }

    /// The raw CBOR of each pending request (removal signs these exact bytes).
    public func followRequests(identity: SigningKeyPair) async throws -> [[UInt8]] {
        let owner = identity.publicKey.publicKeyHash
        var r = DataStreamAnswer(try await post("peergos/v0/social/getFollowRequests", [("owner", owner.description), ("auth", Self.signedTime(identity))]),
                                 route: "social/getFollowRequests")
        let list = try r.byteArray()
        do { return try CborObject.decode(list, options: .upstreamCompatible).asList("requests").map { $0.serialize() } } catch {
            throw PeergosClientError.malformedAnswer(route: "social/getFollowRequests", reason: "\(error)")
        }
    }

    public func removeFollowRequest(identity: SigningKeyPair, raw: [UInt8]) async throws -> Bool {
        try await post("peergos/v0/social/removeFollowRequest", [("owner", identity.publicKey.publicKeyHash.description)],
                       body: identity.signMessage(raw)).first == 1
    }

    // MARK: space

    public func quota(identity: SigningKeyPair) async throws -> Int64 {
        try integer("storage/quota", try await post("peergos/v0/storage/quota", [("owner", identity.publicKey.publicKeyHash.description), ("auth", Self.signedTime(identity))]))
    }

    public func usage(identity: SigningKeyPair) async throws -> Int64 {
        try integer("storage/usage", try await post("peergos/v0/storage/usage", [
            ("owner", identity.publicKey.publicKeyHash.description), ("auth", Self.signedTime(identity)), ("local", "false"),
        ]))
    }

    /// `storage/request`: a signed space request (`req` = hex of the identity's signature over the
    /// CBOR request), as upstream's `deleteAccount` sends one for zero bytes.
    public func requestSpace(identity: SigningKeyPair, request: SpaceRequest) async throws -> [UInt8] {
        try await post("peergos/v0/storage/request", [
            ("owner", identity.publicKey.publicKeyHash.description), ("req", Hex.encode(request.sign(identity))),
        ])
    }

    /// `bats/getUserBats`: the account's mirror BATs.
    public func userBats(username: String, identity: SigningKeyPair) async throws -> [CborObject] {
        let path = "peergos/v0/bats/getUserBats"
        let bytes = try await post(path, [("username", username), ("auth", Self.signedRequest(identity, path: path))])
        do { return try cbor(path, bytes).asList("bats").array } catch let e as PeergosClientError { throw e } catch {
            throw PeergosClientError.malformedAnswer(route: path, reason: "\(error)")
        }
    }

    func integer(_ route: String, _ bytes: [UInt8]) throws -> Int64 {
        guard case .integer(let n) = try cbor(route, bytes) else { throw PeergosClientError.malformedAnswer(route: route, reason: "not an integer") }
        return n
    }
}

/// Lowercase hex, as upstream's query parameters carry signatures and keys.
enum Hex {
    static func encode(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for b in bytes { out.append(digits[Int(b >> 4)]); out.append(digits[Int(b & 15)]) }
        return String(decoding: out, as: UTF8.self)
    }
}
