import PeergosCBOR
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats
import PeergosPKI

// The request bodies of the PKI and mutable routes, read and checked as far as they can be without
// the database. The routes and `RequestBodyParsers` (the fuzzing entry points) call these same
// readers, so what is fuzzed is what the server runs. Every refusal is a `PeergosServerError`
// (HTTP 400 with the text in `Trailer`), never a trap.

/// `core/signup`'s body: DataStream string username, byte arrays claim (≤ 4 MiB), OpLog (≤ 64 KiB)
/// and proof of work (≤ 100 B), upstream's per-field bounds (`CoreNodeHandler.signup`).
///
/// Invariant: `username` is a valid username and `claim` is a valid one-link chain for it.
struct SignupBody {
    let username: String
    let claim: UserPublicKeyLink
    let opLogBytes: [UInt8]
    let proof: ProofOfWork

    /// With ``ServerFaults/acceptInvalidChains``, the username and claim chain rules are skipped.
    static func read(_ body: [UInt8], faults: ServerFaults = []) throws -> SignupBody {
        var r = DataStreamReader(body)
        let username = try r.string()
        let linkBytes = try r.byteArray(max: 4 << 20)
        let opLogBytes = try r.byteArray(max: 64 * 1024)
        let proof = try CoreRoutes.proofOfWork(try r.byteArray(max: 100))
        let enforced = !faults.contains(.acceptInvalidChains)
        guard !enforced || Usernames.isValid(username) else { throw PeergosServerError("Invalid username \(username)") }
        let claim: UserPublicKeyLink
        do { claim = try UserPublicKeyLink(cborBytes: linkBytes, options: .upstreamCompatible) } catch { throw PeergosServerError.malformed("Invalid claim: \(error)") }
        if enforced, case .invalid(let failures) = ChainValidator.validate([claim], username: username) {
            throw PeergosServerError("Invalid claim chain: \(failures.map(\.description).joined(separator: ", "))")
        }
        return SignupBody(username: username, claim: claim, opLogBytes: opLogBytes, proof: proof)
    }
}

/// A signup's OpLog (`{ops: [BlockWrite | PointerWrite], login?, loginAuth?, b?}`), with every check
/// that needs no database done: each block's signature opens to its SHA-256 under its writer's key;
/// the login data is signed by the claimed identity and names the new user; the mirror BAT is a
/// `BatWithId`. Pointer writes are kept in order, unvalidated: their checks need the stored pointers.
struct SignupOpLog {
    enum Operation {
        case block(cid: Cid, data: [UInt8])
        case pointer(PointerWrite)
    }

    let operations: [Operation]
    let login: LoginData?
    let mirrorBat: BatWithId?

    static func read(_ bytes: [UInt8], username: String, owner: PublicKeyHash) throws -> SignupOpLog {
        let opLog: CborMap
        do { opLog = try CborObject.decode(bytes, options: .upstreamCompatibleWithTextLinks).asMap("OpLog") } catch {
            throw PeergosServerError.malformed("Invalid OpLog: \(error)")
        }
        var operations: [Operation] = []
        for op in try opLog["ops"]?.asList("ops") ?? [] {
            if try op.asMap("operation")["b"] != nil {
                let write = try BlockWrite(cbor: op)
                let key = try StorageRoutes.signingKey(write.writer)
                let digest = Hash.sha256(write.block)
                guard (try? key.unsignMessage(write.signature)) == digest else { throw PeergosServerError("Invalid signature for block!") }
                operations.append(.block(cid: try Cid.sha256(codec: write.isRaw ? .raw : .dagCbor, digest: digest), data: write.block))
            } else {
                operations.append(.pointer(try PointerWrite(cbor: op)))
            }
        }
        var login: LoginData? = nil
        if let loginCbor = opLog["login"] {
            let data = try LoginData(cbor: loginCbor)
            let auth = try opLog.required("loginAuth").asBytes("loginAuth")
            guard let identity = owner.inlineKeyCbor.flatMap({ try? PublicSigningKey(cborBytes: $0) }),
                  identity.verify(signature: auth, message: data.serialize()) else {
                throw PeergosServerError("Invalid login data signature")
            }
            guard data.username == username else { throw PeergosServerError("Login data for another user") }
            login = data
        }
        var mirrorBat: BatWithId? = nil
        if let bat = opLog["b"] {
            do { mirrorBat = try BatWithId(cbor: bat) } catch { throw PeergosServerError.malformed("Invalid mirror BAT: \(error)") }
        }
        return SignupOpLog(operations: operations, login: login, mirrorBat: mirrorBat)
    }
}

/// `core/updateChain`'s body: DataStream string username, byte arrays chain (≤ 4 MiB) and proof of
/// work (≤ 100 B).
///
/// Invariant: `chain` decodes and its last link claims `username` (validation is the merge's).
struct ChainUpdateBody {
    let username: String
    let chain: [UserPublicKeyLink]
    let proof: ProofOfWork

    static func read(_ body: [UInt8]) throws -> ChainUpdateBody {
        var r = DataStreamReader(body)
        let username = try r.string()
        let chainBytes = try r.byteArray(max: 4 << 20)
        let proof = try CoreRoutes.proofOfWork(try r.byteArray(max: 100))
        let chain: [UserPublicKeyLink]
        do { chain = try PKIChainBlock.decode(chainBytes) } catch { throw PeergosServerError.malformed("Invalid chain: \(error)") }
        guard chain.last?.claim.username == username else { throw PeergosServerError("Chain is for another username") }
        return ChainUpdateBody(username: username, chain: chain, proof: proof)
    }
}

/// `mutable/setPointers`'s body: a `MultiWriterCommit` `{p: [{w: writer, s: signed update}]}`.
enum MultiWriterCommitBody {
    static func read(_ body: [UInt8]) throws -> [(writer: PublicKeyHash, signed: [UInt8])] {
        do {
            let commit = try CborObject.decode(body, options: .upstreamCompatible).asMap("MultiWriterCommit")
            return try commit.required("p").asList("p").map { item in
                let m = try item.asMap("SignedPointerUpdate")
                return (try PublicKeyHash(cbor: m.required("w")), try m.required("s").asBytes("s"))
            }
        } catch {
            throw PeergosServerError.malformed("Invalid pointer commit: \(error)")
        }
    }
}
