import Foundation
import PeergosCBOR
import PeergosClient
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats

/// Area `login`: `getLogin` behind a login key and a signed time, `setLogin` behind the identity's
/// signature (Spec/http.md#login, Spec/login.md, PEERGOS-FACTS §12 item 11).
enum LoginCases {
    static var all: [ConformanceCase] { reading + LoginWriteCases.all }

    static func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }

    static func millis(_ date: Date) -> Int64 { Int64(date.timeIntervalSince1970 * 1000) }

    /// A raw `getLogin` for `username` with `author`'s public key and `signer`'s signature over `time`.
    static func getLogin(_ ctx: CaseContext, username: String, author: SigningKeyPair, signer: SigningKeyPair? = nil,
                         time: Date = Date()) async throws -> ProbeResponse {
        try await ctx.post("peergos/v0/login/getLogin", query: [
            ("username", username), ("author", hex(author.publicKey.serialize())),
            ("auth", hex(SignedTime.sign(signer ?? author, millis: millis(time)))), ("proxy", "false"), ("mfaTypes", "1,2,3,4"),
        ])
    }

    /// Fails unless `r` is `{a: true, r: UserStaticData}` that opens under `account`'s root key to
    /// entry points holding its home folder.
    static func expectEntryPoints(_ ctx: CaseContext, _ r: ProbeResponse, _ account: AccountFixture) throws {
        try ctx.expectStatus(r, 200, "getLogin")
        let map: CborMap
        do { map = try CborObject.decode(r.body, options: .upstreamCompatible).asMap("LoginResponse") } catch {
            throw ctx.fail("getLogin's answer is not a CBOR map: \(error)")
        }
        try ctx.expect((try? map.required("a").asBool("a")) == true, "getLogin's answer does not have a: true")
        guard let staticData = try? UserStaticData(cbor: map.required("r")) else { throw ctx.fail("getLogin's answer has no UserStaticData under r") }
        guard let entries = try? staticData.decrypt(rootKey: account.session.loginKeys.rootKey) else {
            throw ctx.fail("getLogin's entry points do not open under the account's root key")
        }
        try ctx.expect(entries.entries.contains { $0.ownerName == account.username }, "the entry points hold no entry of \(account.username)")
    }

    static var reading: [ConformanceCase] {
        [
            ConformanceCase(
                "login.getLogin.answers-entry-points", "getLogin with the login key and a fresh signed time answers {a: true, r: the entry points}",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await getLogin(ctx, username: account.username, author: account.session.loginKeys.signingKeyPair)
                try expectEntryPoints(ctx, r, account)
            },
            ConformanceCase(
                "login.getLogin.refuses-wrong-author", "getLogin with a key other than the account's login key is refused with \"Incorrect username or password\"",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await getLogin(ctx, username: account.username, author: try SigningKeyPair.random(using: SystemRandom.shared))
                try ctx.expectRefusal(r, containing: "Incorrect username or password", "getLogin with a wrong key")
            },
            ConformanceCase(
                "login.getLogin.refuses-unknown-user", "getLogin of a username without an account is refused with \"Incorrect username or password\"",
                level: .must, spec: "http.md#login", tags: [.readOnly]
            ) { ctx in
                let r = try await getLogin(ctx, username: PKICases.unknownName(ctx), author: try SigningKeyPair.random(using: SystemRandom.shared))
                try ctx.expectRefusal(r, containing: "Incorrect username or password", "getLogin of an unknown user")
            },
            ConformanceCase(
                "login.getLogin.refuses-stale-time", "getLogin whose signed time is more than 24 h old is refused",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await getLogin(ctx, username: account.username, author: account.session.loginKeys.signingKeyPair,
                                           time: Date().addingTimeInterval(-25 * 3600))
                try ctx.expectRefusal(r, "getLogin with a 25 h old signed time")
            },
            ConformanceCase(
                "login.getLogin.refuses-future-time", "getLogin whose signed time is more than 24 h ahead is refused",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await getLogin(ctx, username: account.username, author: account.session.loginKeys.signingKeyPair,
                                           time: Date().addingTimeInterval(25 * 3600))
                try ctx.expectRefusal(r, "getLogin with a signed time 25 h ahead")
            },
            ConformanceCase(
                "login.getLogin.refuses-forged-auth", "getLogin whose signed time is signed by another key than author is refused",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await getLogin(ctx, username: account.username, author: account.session.loginKeys.signingKeyPair,
                                           signer: try SigningKeyPair.random(using: SystemRandom.shared))
                try ctx.expectRefusal(r, "getLogin with a forged signed time")
            },
            ConformanceCase(
                "login.getLogin.refuses-missing-auth", "getLogin without an auth parameter is refused with a message",
                level: .must, spec: "http.md#login", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a")
                let r = try await ctx.post("peergos/v0/login/getLogin", query: [
                    ("username", account.username), ("author", hex(account.session.loginKeys.signingKeyPair.publicKey.serialize())),
                ])
                try ctx.expectRefusal(r, "getLogin without auth")
            },
        ]
    }
}
