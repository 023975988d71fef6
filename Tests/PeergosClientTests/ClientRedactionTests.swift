import Foundation
@testable import PeergosClient
import PeergosTestSupport
import Testing

/// No client value a caller can print shows a secret: the session (identity, login and boxing
/// keys, the home capability, the mirror BAT), a node read through a capability, an opened link,
/// and the errors; only `CreatedSecretLink.url`, named for it, shows a link's password.
@Suite("Client: secrets never print")
struct ClientRedactionTests {
    @Test("sessions, nodes, links and errors render without their secrets")
    func redaction() async throws {
        try await EmbeddedServer.with { server in
            let client = server.client()
            let alice = try await client.signup(username: "alice", password: "a password that must not print")
            try await alice.upload("/alice/f.txt", from: BytesSource(Array("f".utf8)))
            let home = try await alice.resolve("/alice")
            let file = try await alice.resolve("/alice/f.txt")
            let created = try await alice.createSecretLink("/alice/f.txt", userPassword: "extra secret")
            let opened = try await client.openSecretLink(created.url, userPassword: "extra secret")
            var secrets: [[UInt8]] = [
                alice.identity.secretKey.secret.copyBytes(), alice.loginKeys.signingKeyPair.secretKey.secret.copyBytes(),
                alice.loginKeys.rootKey.secret.copyBytes(), alice.home.readBaseKey.secret.copyBytes(),
                try #require(alice.home.writeBaseKey).secret.copyBytes(), try #require(alice.home.bat).secret.copyBytes(),
                try #require(alice.mirrorBat).bat.secret.copyBytes(), file.capability.readBaseKey.secret.copyBytes(),
                file.fromBase.key.secret.copyBytes(), home.parentKey.secret.copyBytes(),
                try #require(home.signer).secretKey.secret.copyBytes(), alice.home.mapKey, file.capability.mapKey,
            ]
            // The boxing key's secret material itself, not its CBOR, whose first bytes are a public
            // header (`82 02 a2`: a type-2 key, then a map) that the public key's CBOR shares.
            switch alice.entryPoints.boxingKeyPair?.secretKey {
            case .curve25519(let key): secrets.append(key.secret.copyBytes())
            case .hybrid(let key): secrets += [key.curve25519.secret.copyBytes(), key.mlkem.secret.copyBytes()]
            case nil: break
            }
            let texts = ["a password that must not print", "extra secret", created.link.linkPassword]
            let error = PeergosClientError.notFound("the shared item at \(file.capability)")
            for value in [alice, home, file, opened, created.link, error] as [Any] {
                for leak in SecretRendering.leaks(of: value, secrets: secrets, texts: texts) { Issue.record("\(type(of: value)): \(leak)") }
            }
            // The one rendering named for it shows the link password, on purpose.
            #expect(created.url.hasSuffix("#" + created.link.linkPassword))
        }
    }
}
