import Foundation
import PeergosCBOR
import PeergosClient
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats

/// `setLogin`: replacing an account's login data needs the identity's signature over the exact
/// body (Spec/http.md#login, Spec/login.md#login-data). The refusals use one throw-away account
/// and check its login still works afterwards; the accepted change uses another.
enum LoginWriteCases {
    static let group = "login-account"

    /// Login data for `username` readable by `reader`, holding random entry points.
    static func loginData(_ username: String, reader: SigningKeyPair, entries: EntryPoints,
                          identityUpdate: (block: BlockWrite, pointer: PointerWrite)? = nil) -> LoginData {
        LoginData(username: username, entryPoints: .encrypt(entries, rootKey: SymmetricKey.random(using: SystemRandom.shared), random: SystemRandom.shared),
                  authorisedReader: reader.publicKey, identityUpdate: identityUpdate)
    }

    static func setLogin(_ ctx: CaseContext, body: [UInt8], auth: [UInt8]) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/login/setLogin", query: [("auth", LoginCases.hex(auth))], body: body)
    }

    /// Fails unless the account still signs in with its login key and not with `rejected`.
    static func expectLoginUnchanged(_ ctx: CaseContext, _ account: AccountFixture, rejected: SigningKeyPair) async throws {
        let r = try await LoginCases.getLogin(ctx, username: account.username, author: account.session.loginKeys.signingKeyPair)
        try ctx.expect(r.status == 200, "after the refused setLogin the account's login key no longer reads its login data (HTTP \(r.status))")
        try LoginCases.expectEntryPoints(ctx, r, account)
        let other = try await LoginCases.getLogin(ctx, username: account.username, author: rejected)
        try ctx.expect(other.status != 200, "after the refused setLogin the key it named reads the account's login data")
    }

    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "login.setLogin.refuses-bad-identity-signature", "setLogin whose auth is not the identity's signature is refused and changes nothing",
                level: .must, spec: "http.md#login", tags: [.mutating], serialGroup: group
            ) { ctx in
                let account = try await ctx.fixtures.account("login")
                let reader = try SigningKeyPair.random(using: SystemRandom.shared)
                let body = loginData(account.username, reader: reader, entries: account.session.entryPoints).serialize()
                let forger = try SigningKeyPair.random(using: SystemRandom.shared)
                let r = try await setLogin(ctx, body: body, auth: forger.secretKey.signatureOnly(body))
                try ctx.expectRefusal(r, "setLogin signed by another key")
                try await expectLoginUnchanged(ctx, account, rejected: reader)
            },
            ConformanceCase(
                "login.setLogin.refuses-signature-over-other-body", "setLogin whose identity signature covers another body is refused and changes nothing",
                level: .must, spec: "http.md#login", tags: [.mutating], serialGroup: group
            ) { ctx in
                let account = try await ctx.fixtures.account("login")
                let reader = try SigningKeyPair.random(using: SystemRandom.shared)
                let body = loginData(account.username, reader: reader, entries: account.session.entryPoints).serialize()
                let signedBody = loginData(account.username, reader: try SigningKeyPair.random(using: SystemRandom.shared), entries: account.session.entryPoints).serialize()
                let r = try await setLogin(ctx, body: body, auth: account.session.identity.secretKey.signatureOnly(signedBody))
                try ctx.expectRefusal(r, "setLogin with the identity's signature over another body")
                try await expectLoginUnchanged(ctx, account, rejected: reader)
            },
            ConformanceCase(
                "login.setLogin.refuses-lost-identity-update",
                "setLogin carrying an identity WriterData update with a wrong original is refused with PointerCAS and changes nothing",
                level: .must, spec: "login.md#login-data", tags: [.mutating], serialGroup: group
            ) { ctx in
                let account = try await ctx.fixtures.account("login")
                let id = PointerWriter(owner: account.session.id, key: account.session.identity)
                let before = try await PointerSupport.read(ctx, id)
                guard let current = before.update?.updated else { throw ctx.fail("the account's identity has no pointer") }
                let data = try await PointerSupport.writerData(ctx, owner: id.owner, current)
                let block = PointerSupport.variant(of: data, publicRoot: try PointerSupport.randomCid()).serialize()
                let cid = try Cid.sha256(codec: .dagCbor, digest: Hash.sha256(block))
                let stale = PointerSupport.sign(id.key, original: try PointerSupport.randomCid(), updated: cid, sequence: (before.update?.sequence ?? 0) + 1)
                let reader = try SigningKeyPair.random(using: SystemRandom.shared)
                let update = (BlockWrite(writer: id.writer, signature: id.key.signMessage(Hash.sha256(block)), block: block, isRaw: false),
                              PointerWrite(writer: id.writer, signedUpdate: stale))
                let body = loginData(account.username, reader: reader, entries: account.session.entryPoints, identityUpdate: update).serialize()
                let r = try await setLogin(ctx, body: body, auth: id.key.secretKey.signatureOnly(body))
                try ctx.expectRefusal(r, containing: "PointerCAS", "setLogin with a stale identity update")
                try await PointerSupport.expectUnchanged(ctx, id, before, "setLogin was refused")
                try await expectLoginUnchanged(ctx, account, rejected: reader)
            },
            ConformanceCase(
                "login.setLogin.refuses-unknown-user", "setLogin for a username without an account is refused",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let key = try SigningKeyPair.random(using: SystemRandom.shared)
                let name = ctx.fixtures.username("nologin")
                let entries = EntryPoints(entries: [], boxingKeyPair: nil, identity: nil)
                let body = loginData(name, reader: key, entries: entries).serialize()
                let r = try await setLogin(ctx, body: body, auth: key.secretKey.signatureOnly(body))
                try ctx.expectRefusal(r, "setLogin for an unknown user")
                let after = try await LoginCases.getLogin(ctx, username: name, author: key)
                try ctx.expectRefusal(after, containing: "Incorrect username or password", "getLogin after the refused setLogin")
            },
            ConformanceCase(
                "login.setLogin.accepts-password-change",
                "A password change through setLogin is accepted: the new password signs in, the old one no longer does",
                level: .must, spec: "http.md#login", tags: [.mutating, .slow]
            ) { ctx in
                let account = try await ctx.fixtures.account("pwchg")
                let newPassword = account.password + "-new"
                let oldLoginKey = account.session.loginKeys.signingKeyPair
                let changed: PeergosSession
                do { changed = try await account.session.changePassword(from: account.password, to: newPassword) } catch {
                    throw ctx.fail("changing the password failed: \(error)")
                }
                try ctx.expect(changed.id == account.session.id, "the session after the change has another identity")
                do { _ = try await ctx.client().login(username: account.username, password: newPassword) } catch {
                    throw ctx.fail("the new password does not sign in: \(error)")
                }
                do {
                    _ = try await ctx.client().login(username: account.username, password: account.password)
                    throw ctx.fail("the old password still signs in after the change")
                } catch PeergosClientError.incorrectPassword {
                } catch let e as PeergosClientError {
                    throw ctx.fail("signing in with the old password should fail as an incorrect password, it failed otherwise: \(e)")
                }
                let r = try await LoginCases.getLogin(ctx, username: account.username, author: oldLoginKey)
                try ctx.expectRefusal(r, containing: "Incorrect username or password", "getLogin with the old login key")
            },
        ]
    }
}
