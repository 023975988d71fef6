import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosCryptree

/// The entry point of the library: a connection to one Peergos server (ours or upstream's), from
/// which accounts are created or signed in to and secret links opened without an account.
///
/// Everything it reads from the server is verified before use (blocks by hash, pointers by
/// signature); everything it writes goes through signed compare-and-swap commits.
public final class PeergosClient: Sendable {
    public let api: PeergosAPI
    public let blocks: NetworkBlocks
    public let committer: Committer
    let random: RandomSource

    public init(transport: PeergosTransport, random: RandomSource = SystemRandom.shared) {
        api = PeergosAPI(transport: transport)
        blocks = NetworkBlocks(api: api)
        committer = Committer(blocks: blocks)
        self.random = random
    }

    /// A client of the server at `origin` (`http://host:port`).
    public convenience init(server origin: String, timeout: Duration = .seconds(60)) {
        self.init(transport: HTTPTransport(origin: origin, timeout: timeout))
    }

    public var origin: String { api.transport.origin }

    /// The identity WriterData of `username` (it holds the login algorithm and the follow-request key).
    func identity(of username: String) async throws -> (id: PublicKeyHash, snapshot: WriterSnapshot) {
        guard let id = try await api.publicKey(username: username) else { throw PeergosClientError.unknownUser(username) }
        return (id, try await WriterSnapshot.read(owner: id, writer: id, blocks: blocks))
    }

    /// Signs in: reads the published login algorithm, derives the login keys, fetches the login
    /// data for them and opens it. A wrong password is ``PeergosClientError/incorrectPassword``.
    public func login(username: String, password: String) async throws -> PeergosSession {
        let (id, snapshot) = try await identity(of: username)
        guard let data = snapshot.data else { throw PeergosClientError.unknownUser(username) }
        guard let algorithm = data.algorithm else {
            throw PeergosClientError.malformedAnswer(route: "api/v0/block/get", reason: "No login algorithm specified in user data!")
        }
        let keys = try LoginKeys.derive(username: username, password: password, algorithm: algorithm)
        let entryPoints: EntryPoints
        let identity: SigningKeyPair
        if case .scrypt(let p) = algorithm, p.outputBytes == 96 {
            // Legacy account: the password-derived key is the identity; entry points are in `static`.
            guard let staticData = data.staticData, let opened = try? staticData.decrypt(rootKey: keys.rootKey) else {
                throw PeergosClientError.incorrectPassword
            }
            entryPoints = opened
            identity = keys.signingKeyPair
        } else {
            let staticData: UserStaticData
            do { staticData = try await api.login(username: username, loginKey: keys.signingKeyPair) } catch PeergosClientError.refused(_, let message)
                where message.contains("Incorrect") || message.contains("password") {
                throw PeergosClientError.incorrectPassword
            }
            guard let opened = try? staticData.decrypt(rootKey: keys.rootKey) else { throw PeergosClientError.incorrectPassword }
            entryPoints = opened
            guard let i = opened.identity else { throw PeergosClientError.malformedAnswer(route: "login/getLogin", reason: "no identity key") }
            identity = i
        }
        guard identity.publicKey.publicKeyHash == id else {
            throw PeergosClientError.malformedAnswer(route: "login/getLogin", reason: "login data holds another identity than the PKI's")
        }
        var mirror: BatWithId? = nil
        if let first = try? await api.userBats(username: username, identity: identity).first { mirror = try? BatWithId(cbor: first) }
        return try PeergosSession(client: self, username: username, identity: identity, algorithm: algorithm, loginKeys: keys,
                                  entryPoints: entryPoints, mirrorBat: mirror)
    }
}
