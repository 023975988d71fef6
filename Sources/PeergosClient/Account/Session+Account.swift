import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosMutable

extension PeergosSession {
    /// Changes the password as upstream's `changePassword` does for current accounts: a fresh
    /// extra salt (output 64 bytes), the same entry points re-encrypted under the new login root
    /// key, and in the same `login/setLogin` call the identity WriterData with the new algorithm
    /// (block and pointer update), so the new salt and the new login key appear together.
    /// Identity keys do not change. Answers the session signed in with the new password.
    public func changePassword(from old: String, to new: String) async throws -> PeergosSession {
        guard old != new else { throw PeergosClientError.unsupported("You must change to a different password.") }
        guard case .scrypt(let p) = algorithm, p.outputBytes == 64 else {
            throw PeergosClientError.unsupported("changing the password of a legacy account (it needs a PKI key change)")
        }
        // Re-check the old password: the session's keys must be the ones it derives.
        guard try LoginKeys.derive(username: username, password: old, algorithm: algorithm).signingKeyPair.publicKey == loginKeys.signingKeyPair.publicKey else {
            throw PeergosClientError.incorrectPassword
        }
        let newAlgorithm = SecretGenerationAlgorithm.scrypt(try .init(memoryCost: p.memoryCost, cpuCost: p.cpuCost, parallelism: p.parallelism,
                                                                      outputBytes: 64, extraSalt: Hex.encode(random.bytes(32))))
        let newKeys = try LoginKeys.derive(username: username, password: new, algorithm: newAlgorithm)
        let snapshot = try await WriterSnapshot.read(owner: id, writer: id, blocks: blocks)
        guard let data = snapshot.data, let current = snapshot.dataCid else { throw PeergosClientError.unknownUser(username) }
        let block = data.with(algorithm: newAlgorithm).serialize()
        let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
        let update = try PointerUpdate(original: current, updated: cid, sequence: (snapshot.pointer?.sequence ?? 0) + 1)
        let login = LoginData(username: username, entryPoints: .encrypt(entryPoints, rootKey: newKeys.rootKey, random: random),
                              authorisedReader: newKeys.signingKeyPair.publicKey,
                              identityUpdate: (BlockWrite(writer: id, signature: identity.signMessage(Hash.sha256(block)), block: block, isRaw: false),
                                               PointerWrite(writer: id, signedUpdate: identity.signMessage(update.serialize()))))
        guard try await api.setLogin(login, identity: identity) else {
            throw PeergosClientError.refused(status: 200, message: "Couldn't change password! Your old password is still active.")
        }
        return try await client.login(username: username, password: new)
    }

    /// Deletes the account as upstream's `deleteAccount` does: the home writer's pointer and then
    /// the identity's are emptied (each a signed compare-and-swap), with a signed space request in
    /// between. The password is checked first by signing in again.
    public func deleteAccount(password: String) async throws {
        let fresh = try await client.login(username: username, password: password)
        guard let home = try await client.node(fresh.home), let writer = home.signer else { throw PeergosClientError.notWritable("/\(username)") }
        try await emptyPointer(writer)
        _ = try await api.requestSpace(identity: identity, request: SpaceRequest(
            username: username, bytes: 1_000_000, annual: false, utcMillis: Int64(Date().timeIntervalSince1970 * 1000)
        ))
        try await emptyPointer(identity)
    }

    /// Moves `writer`'s pointer to nothing (`[current, null, seq + 1]`).
    func emptyPointer(_ writer: SigningKeyPair) async throws {
        let w = writer.publicKey.publicKeyHash
        let snapshot = try await WriterSnapshot.read(owner: id, writer: w, blocks: blocks)
        guard let current = snapshot.dataCid else { return }
        let update = try PointerUpdate(original: current, updated: nil, sequence: (snapshot.pointer?.sequence ?? 0) + 1)
        guard try await api.setPointer(owner: id, writer: w, signed: writer.signMessage(update.serialize())) else {
            throw PeergosClientError.refused(status: 200, message: "setPointer answered false")
        }
    }
}
