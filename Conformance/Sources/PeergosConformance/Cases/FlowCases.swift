import Foundation
import PeergosClient

/// Area `flow`: end-to-end user journeys through the client library (Spec/client.md), one case a
/// step, each depending on the step before it. Steps hand their results to the next through
/// run fixtures (`ctx.fixtures.shared`), so a step is only ever performed once.
///
/// Accounts: `a` (the run's general account, owner of `/a/flow`), `fb` (follows `a`), `pw`
/// (password change) and `del` (deleted): throw-away roles used by no other area.
enum FlowCases {
    static var all: [ConformanceCase] { account + files + social + links + lifecycle }

    /// 5 MiB + 256 KiB: two chunks of seeded bytes (kept small: debug builds decrypt slowly).
    static let bigSize = (5 << 20) + (256 << 10)
    static let chunk = Int64(5 << 20)
    /// A range crossing the chunk boundary (reads both chunks, decrypts little).
    static let boundary = (chunk - 1000)..<(chunk + 3000)
    static let bigBytes: [UInt8] = FlowSupport.seededBytes(bigSize, seed: 0xF10)
    static func folder(_ a: AccountFixture) -> String { "/\(a.username)/flow" }
    static func bigPath(_ a: AccountFixture) -> String { "/\(a.username)/flow/big.bin" }

    /// A second session of `a`, signed in with the password (its reads go to the server, not to
    /// what the signup session cached).
    static func signedIn(_ ctx: CaseContext) async throws -> PeergosSession {
        let a = try await ctx.fixtures.account("a")
        return try await ctx.fixtures.shared("flow.login") { try await ctx.client().login(username: a.username, password: a.password) }
    }

    static var account: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.signup.creates-account", "Signup creates an account whose identity core/getPublicKey answers",
                level: .must, spec: "client.md#signup", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a", prerequisite: false)
                let published = try await ctx.client().api.publicKey(username: account.username)
                try ctx.expect(published != nil, "core/getPublicKey does not know the new user \(account.username)")
                try ctx.expect(published == account.session.id,
                               "core/getPublicKey answers \(published.map { "\($0)" } ?? "nothing") for \(account.username), not the identity signed up (\(account.session.id))")
            },
            ConformanceCase(
                "flow.login.same-identity", "Signing in with the password opens the same identity and home folder",
                level: .must, spec: "client.md#sign-in", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let session = try await ctx.fixtures.shared("flow.login", prerequisite: false) {
                    try await ctx.client().login(username: a.username, password: a.password)
                }
                try ctx.expect(session.id == a.session.id, "sign-in opened identity \(session.id), signup made \(a.session.id)")
                try ctx.expect(session.home.writer == a.session.home.writer && session.home.mapKey == a.session.home.mapKey,
                               "sign-in found another home folder capability than signup made")
            },
            ConformanceCase(
                "flow.login.refuses-wrong-password", "Signing in with a wrong password is refused as an incorrect password",
                level: .must, spec: "client.md#sign-in", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                do {
                    _ = try await ctx.client().login(username: a.username, password: a.password + "x")
                    throw ctx.fail("signing in with a wrong password succeeded")
                } catch PeergosClientError.incorrectPassword {
                }
            },
        ]
    }

    static var files: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.mkdir.creates-folder", "mkdir creates a folder that the home listing shows",
                level: .must, spec: "client.md#mkdir", tags: [.mutating], dependsOn: ["flow.login.same-identity"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try await ctx.fixtures.shared("flow.mkdir", prerequisite: false) { try await a.session.mkdir(folder(a)) }
                let entries = try await signedIn(ctx).list("/\(a.username)")
                try ctx.expect(entries.contains { $0.name == "flow" && $0.isDirectory }, "the home listing has no folder \"flow\": \(entries.map(\.name))")
            },
            ConformanceCase(
                "flow.upload.multi-chunk-file", "A file of two chunks (5 MiB + 256 KiB) uploads", level: .must, spec: "client.md#upload",
                tags: [.mutating, .slow], dependsOn: ["flow.mkdir.creates-folder"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                try await ctx.fixtures.shared("flow.upload", prerequisite: false) {
                    try await a.session.upload(bigPath(a), from: BytesSource(bigBytes))
                }
            },
            ConformanceCase(
                "flow.list.shows-size", "The folder listing shows the uploaded file with its size", level: .must, spec: "client.md#listing",
                tags: [.mutating], dependsOn: ["flow.upload.multi-chunk-file"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let entries = try await signedIn(ctx).list(folder(a))
                guard let entry = entries.first(where: { $0.name == "big.bin" }) else { throw ctx.fail("the listing of \(folder(a)) has no big.bin: \(entries.map(\.name))") }
                try ctx.expect(!entry.isDirectory && entry.size == Int64(bigSize), "big.bin is listed with size \(entry.size) (directory: \(entry.isDirectory)), expected \(bigSize)")
            },
            ConformanceCase(
                "flow.read.whole-file", "The whole file reads back byte for byte", level: .must, spec: "client.md#download",
                tags: [.mutating, .slow], dependsOn: ["flow.upload.multi-chunk-file"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let bytes = try await signedIn(ctx).read(bigPath(a))
                try expectSame(ctx, bytes, bigBytes[...], "the file read back")
            },
            ConformanceCase(
                "flow.read.range-across-chunks", "A byte range crossing the 5 MiB chunk boundary reads back exactly",
                level: .must, spec: "client.md#download", tags: [.mutating], dependsOn: ["flow.upload.multi-chunk-file"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let bytes = try await signedIn(ctx).read(bigPath(a), range: boundary)
                try expectSame(ctx, bytes, bigBytes[Int(boundary.lowerBound)..<Int(boundary.upperBound)], "bytes \(boundary)")
            },
        ]
    }

    static var social: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.follow.sends-request", "A second account sends a follow request to the first", level: .must, spec: "client.md#follow-send",
                tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                try await ctx.fixtures.shared("flow.follow", prerequisite: false) { try await fb.session.follow(a.username) }
            },
            ConformanceCase(
                "flow.follow.accepted", "The followee sees the request and accepts it", level: .must, spec: "client.md#follow-answer",
                tags: [.mutating], dependsOn: ["flow.follow.sends-request"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                try await ctx.fixtures.shared("flow.accept", prerequisite: false) {
                    let requests = try await a.session.followRequests()
                    guard requests.contains(where: { $0.from == fb.username && !$0.isReply }) else {
                        throw ctx.fail("\(a.username) sees no follow request from \(fb.username): \(requests)")
                    }
                    try await a.session.accept(fb.username, reciprocate: false)
                }
                let followers = try await a.session.followers()
                try ctx.expect(followers.contains(fb.username), "\(a.username)'s followers are \(followers), without \(fb.username)")
            },
            ConformanceCase(
                "flow.follow.follower-sees-followee", "After the reply, the follower follows the followee", level: .must, spec: "client.md#follow-receive",
                tags: [.mutating], dependsOn: ["flow.follow.accepted"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                try await ctx.fixtures.shared("flow.reply", prerequisite: false) { _ = try await fb.session.followRequests() }
                let following = try await fb.session.following()
                try ctx.expect(following.contains(a.username), "\(fb.username) follows \(following), not \(a.username)")
            },
            ConformanceCase(
                "flow.share.with-follower", "The file is shared with the follower", level: .must, spec: "client.md#share",
                tags: [.mutating], dependsOn: ["flow.follow.follower-sees-followee", "flow.upload.multi-chunk-file"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                try await ctx.fixtures.shared("flow.share", prerequisite: false) { try await a.session.share(bigPath(a), with: fb.username) }
                let with = try await a.session.sharedWith(bigPath(a))
                try ctx.expect(with.contains(fb.username), "the file is shared with \(with), not \(fb.username)")
            },
            ConformanceCase(
                "flow.share.follower-reads", "The follower finds the file among items shared with them and reads it",
                level: .must, spec: "client.md#shared-with-me", tags: [.mutating, .slow], dependsOn: ["flow.share.with-follower"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                let items = try await fb.session.sharedWithMe()
                try ctx.expect(items.contains { $0.path.description == bigPath(a) }, "sharedWithMe of \(fb.username) lacks \(bigPath(a)): \(items)")
                try expectSame(ctx, try await fb.session.readShared(bigPath(a)), bigBytes[...], "the shared file read by the follower")
            },
            ConformanceCase(
                "flow.revoke.unshares", "Revoking the follower's access removes them from the file's sharers", level: .must, spec: "client.md#revoke",
                tags: [.mutating], dependsOn: ["flow.share.follower-reads"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                try await ctx.fixtures.shared("flow.revoke", prerequisite: false) { try await a.session.unshare(bigPath(a), from: fb.username) }
                let with = try await a.session.sharedWith(bigPath(a))
                try ctx.expect(!with.contains(fb.username), "after revoking, the file is still shared with \(with)")
            },
            ConformanceCase(
                "flow.revoke.follower-cannot-read", "After revocation the follower can no longer read the file", level: .must, spec: "client.md#revoke",
                tags: [.mutating], dependsOn: ["flow.revoke.unshares"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let fb = try await ctx.fixtures.account("fb")
                let items = try await fb.session.sharedWithMe()
                try ctx.expect(!items.contains { $0.path.description == bigPath(a) }, "sharedWithMe of \(fb.username) still lists \(bigPath(a))")
                do {
                    _ = try await fb.session.readShared(bigPath(a))
                    throw ctx.fail("the follower still reads the file after revocation")
                } catch PeergosClientError.notFound {
                }
            },
        ]
    }

    static var links: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.link.create", "A secret link to the file is created", level: .must, spec: "client.md#link-create",
                tags: [.mutating], dependsOn: ["flow.upload.multi-chunk-file"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let link = try await ctx.fixtures.shared("flow.link", prerequisite: false) { try await a.session.createSecretLink(bigPath(a)) }
                try ctx.expect(link.link.owner == a.session.id, "the link names owner \(link.link.owner), not \(a.session.id)")
            },
            ConformanceCase(
                "flow.link.open-without-account", "The secret link opens in a fresh client without an account and reads the file",
                level: .must, spec: "client.md#link-open", tags: [.mutating, .slow], dependsOn: ["flow.link.create"]
            ) { ctx in
                let link: CreatedSecretLink = try await ctx.fixtures.shared("flow.link") { throw CaseSkip("no link") }
                let opened = try await ctx.client().openSecretLink(link.url)
                try ctx.expect(!opened.isDirectory && opened.name == "big.bin", "the link opened \(opened.name) (directory: \(opened.isDirectory)), not big.bin")
                try expectSame(ctx, try await opened.read(range: boundary), bigBytes[Int(boundary.lowerBound)..<Int(boundary.upperBound)], "bytes \(boundary) read through the link")
            },
            ConformanceCase(
                "flow.link.writable-holder-uploads", "A writable secret link to a folder lets its holder upload a file the owner then reads",
                level: .must, spec: "client.md#link-write", tags: [.mutating], dependsOn: ["flow.mkdir.creates-folder"]
            ) { ctx in
                let a = try await ctx.fixtures.account("a")
                let drop = "/\(a.username)/flow-drop"
                let link = try await ctx.fixtures.shared("flow.droplink", prerequisite: false) {
                    try await a.session.mkdir(drop)
                    return try await a.session.createSecretLink(drop, writable: true)
                }
                let opened = try await ctx.client().openSecretLink(link.url)
                try ctx.expect(opened.isWritable, "the writable link opened a read-only capability")
                let note = Array("dropped through a writable link".utf8)
                try await opened.upload("note.txt", from: BytesSource(note))
                let back = try await signedIn(ctx).read(drop + "/note.txt")
                try expectSame(ctx, back, note[...], "the file uploaded through the link, read by the owner")
            },
        ]
    }

    static var lifecycle: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.password.change", "Changing the password signs in with the new one to the same identity",
                level: .must, spec: "client.md#change-password", tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let pw = try await ctx.fixtures.account("pw")
                let newPassword = pw.password + "-new"
                _ = try await ctx.fixtures.shared("flow.password", prerequisite: false) { try await pw.session.changePassword(from: pw.password, to: newPassword) }
                let session = try await ctx.client().login(username: pw.username, password: newPassword)
                try ctx.expect(session.id == pw.session.id, "the new password opened identity \(session.id), not \(pw.session.id)")
            },
            ConformanceCase(
                "flow.password.old-refused", "After a password change the old password is refused", level: .must, spec: "client.md#change-password",
                tags: [.mutating], dependsOn: ["flow.password.change"]
            ) { ctx in
                let pw = try await ctx.fixtures.account("pw")
                do {
                    _ = try await ctx.client().login(username: pw.username, password: pw.password)
                    throw ctx.fail("the old password still signs in")
                } catch PeergosClientError.incorrectPassword {
                }
            },
            ConformanceCase(
                "flow.account.delete", "An account is deleted with its password", level: .must, spec: "client.md#delete-account",
                tags: [.mutating], dependsOn: ["flow.signup.creates-account"]
            ) { ctx in
                let del = try await ctx.fixtures.account("del")
                try await ctx.fixtures.shared("flow.delete", prerequisite: false) { try await del.session.deleteAccount(password: del.password) }
                let pointer = try await FlowSupport.signedPointer(ctx, owner: del.session.id, writer: del.session.id)
                let update = try await FlowSupport.pointer(ctx, owner: del.session.id, writer: del.session.id)
                try ctx.expect(pointer != nil && update?.updated == nil, "after deletion the identity pointer still names \(update?.updated.map { "\($0)" } ?? "nothing")")
            },
            ConformanceCase(
                "flow.account.deleted-login-refused", "A deleted account can no longer sign in", level: .must, spec: "client.md#delete-account",
                tags: [.mutating], dependsOn: ["flow.account.delete"]
            ) { ctx in
                let del = try await ctx.fixtures.account("del")
                do {
                    _ = try await ctx.client().login(username: del.username, password: del.password)
                    throw ctx.fail("the deleted account still signs in")
                } catch PeergosClientError.unknownUser {
                }
            },
        ]
    }

    /// Fails unless `got` equals `expected`, naming the first differing offset.
    static func expectSame(_ ctx: CaseContext, _ got: [UInt8], _ expected: ArraySlice<UInt8>, _ what: String) throws {
        guard got.count == expected.count else { throw ctx.fail("\(what): \(got.count) bytes, expected \(expected.count)") }
        if let i = zip(got, expected).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            throw ctx.fail("\(what): differs from the uploaded bytes at offset \(i)")
        }
    }
}
