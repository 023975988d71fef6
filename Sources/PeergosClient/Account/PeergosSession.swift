import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

/// A signed-in account: its identity, keys and entry points, and every user operation on the
/// server (filesystem, sharing, social, secret links, account). Paths are absolute Peergos paths,
/// `/<username>/<folder>/…/<name>`.
///
/// The session holds no secret in its description; keys are reachable only through their
/// properties (whose own descriptions are redacted).
public final class PeergosSession: Sendable, CustomStringConvertible {
    public let client: PeergosClient
    public let username: String
    public let identity: SigningKeyPair
    public let algorithm: SecretGenerationAlgorithm
    public let loginKeys: LoginKeys
    public let entryPoints: EntryPoints
    /// The account's mirror BAT (from signup, or `bats/getUserBats`), named in every node it writes.
    public let mirrorBat: BatWithId?
    /// The capability to the home folder.
    public let home: AbsoluteCapability

    init(client: PeergosClient, username: String, identity: SigningKeyPair, algorithm: SecretGenerationAlgorithm, loginKeys: LoginKeys,
         entryPoints: EntryPoints, mirrorBat: BatWithId?) throws {
        self.client = client
        self.username = username
        self.identity = identity
        self.algorithm = algorithm
        self.loginKeys = loginKeys
        self.entryPoints = entryPoints
        self.mirrorBat = mirrorBat
        guard let entry = entryPoints.entries.first(where: { $0.ownerName == username }) else {
            throw PeergosClientError.malformedAnswer(route: "login/getLogin", reason: "no entry point for \(username)'s home folder")
        }
        // Upstream sets the owner of one's own entries to the identity (`withOwner(controller)`).
        let c = entry.capability
        home = try AbsoluteCapability(owner: identity.publicKey.publicKeyHash, writer: c.writer, mapKey: c.mapKey, bat: c.bat,
                                      readBaseKey: c.readBaseKey, writeBaseKey: c.writeBaseKey)
    }

    public var id: PublicKeyHash { identity.publicKey.publicKeyHash }
    public var description: String { "PeergosSession(\(username), identity: \(id))" }

    var blocks: NetworkBlocks { client.blocks }
    var api: PeergosAPI { client.api }
    var random: RandomSource { client.random }

    /// The account's quota in bytes.
    public func quota() async throws -> Int64 { try await api.quota(identity: identity) }
    /// The bytes the account uses.
    public func usage() async throws -> Int64 { try await api.usage(identity: identity) }
}
