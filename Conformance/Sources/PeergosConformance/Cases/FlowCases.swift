import Foundation
import PeergosClient

/// Area `flow`: end-to-end user journeys through the client library (Spec/client.md), one case a
/// step. The steps themselves are run fixtures (``FlowSteps``): a case awaits the steps it builds
/// on, so the steps happen in order, once, and a broken step fails every case after it.
///
/// Accounts: `a` (the run's general account, owner of `/a/flow` and `/a/flow-drop`), `fa` and
/// `fb` (`fb` follows `fa`), `pw` (password change) and `del` (deleted): all but `a` are used by
/// no other area.
enum FlowCases {
    static var all: [ConformanceCase] { account + files + social + links + lifecycle }

    static let signup = ["flow.signup.creates-account"]
    typealias S = FlowSteps

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
                level: .must, spec: "client.md#sign-in", tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                let session = try await S.signedIn(ctx)
                try ctx.expect(session.id == a.session.id, "sign-in opened identity \(session.id), signup made \(a.session.id)")
                try ctx.expect(session.home.writer == a.session.home.writer && session.home.mapKey == a.session.home.mapKey,
                               "sign-in found another home folder capability than signup made")
            },
            ConformanceCase(
                "flow.login.refuses-wrong-password", "Signing in with a wrong password is refused as an incorrect password",
                level: .must, spec: "client.md#sign-in", tags: [.mutating], dependsOn: signup
            ) { ctx in
                let a = try await S.owner(ctx)
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
                level: .must, spec: "client.md#mkdir", tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                try await S.madeFolder(ctx)
                let entries = try await S.signedIn(ctx).list("/\(a.username)")
                try ctx.expect(entries.contains { $0.name == "flow" && $0.isDirectory }, "the home listing has no folder \"flow\": \(entries.map(\.name))")
            },
            ConformanceCase(
                "flow.upload.multi-chunk-file", "A file of two chunks (5 MiB + 256 KiB) uploads, and the account's usage grows by at least its size",
                level: .must, spec: "client.md#upload", tags: [.mutating, .slow], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let (before, after) = try await S.uploaded(ctx)
                try ctx.expect(after >= before + Int64(S.bigSize), "usage went from \(before) to \(after) over an upload of \(S.bigSize) bytes")
            },
            ConformanceCase(
                "flow.list.shows-size", "The folder listing shows the uploaded file with its size", level: .must, spec: "client.md#listing",
                tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                _ = try await S.uploaded(ctx)
                let entries = try await S.signedIn(ctx).list(S.folder(a))
                guard let entry = entries.first(where: { $0.name == "big.bin" }) else { throw ctx.fail("the listing of \(S.folder(a)) has no big.bin: \(entries.map(\.name))") }
                try ctx.expect(!entry.isDirectory && entry.size == Int64(S.bigSize), "big.bin is listed with size \(entry.size) (directory: \(entry.isDirectory)), expected \(S.bigSize)")
            },
            ConformanceCase(
                "flow.read.whole-file", "The whole file reads back byte for byte", level: .must, spec: "client.md#download",
                tags: [.mutating, .slow], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                _ = try await S.uploaded(ctx)
                try expectSame(ctx, try await S.signedIn(ctx).read(S.bigPath(a)), S.bigBytes[...], "the file read back")
            },
            ConformanceCase(
                "flow.read.range-across-chunks", "A byte range crossing the 5 MiB chunk boundary reads back exactly",
                level: .must, spec: "client.md#download", tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                _ = try await S.uploaded(ctx)
                let bytes = try await S.signedIn(ctx).read(S.bigPath(a), range: S.boundary)
                try expectSame(ctx, bytes, S.bigBytes[Int(S.boundary.lowerBound)..<Int(S.boundary.upperBound)], "bytes \(S.boundary)")
            },
        ]
    }

    static var social: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.follow.sends-request", "A second account sends a follow request to the first", level: .must, spec: "client.md#follow-send",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let a = try await S.followee(ctx)
                try await S.followed(ctx)
                let following = try await S.follower(ctx).session.following()
                try ctx.expect(!following.contains(a.username), "the follower already follows \(a.username) before any answer")
            },
            ConformanceCase(
                "flow.follow.accepted", "The followee sees the request and accepts it", level: .must, spec: "client.md#follow-answer",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                _ = try await S.accepted(ctx)
                let followers = try await a.session.followers()
                try ctx.expect(followers.contains(fb.username), "\(a.username)'s followers are \(followers), without \(fb.username)")
            },
            ConformanceCase(
                "flow.follow.follower-sees-followee", "After the reply, the follower follows the followee", level: .must, spec: "client.md#follow-receive",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                try await S.replyProcessed(ctx)
                let following = try await fb.session.following()
                try ctx.expect(following.contains(a.username), "\(fb.username) follows \(following), not \(a.username)")
            },
            ConformanceCase(
                "flow.share.with-follower", "A file is shared with the follower", level: .must, spec: "client.md#share",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                try await S.sharedFile(ctx)
                let with = try await a.session.sharedWith(S.sharedPath(a))
                try ctx.expect(with.contains(fb.username), "the file is shared with \(with), not \(fb.username)")
            },
            ConformanceCase(
                "flow.share.follower-reads", "The follower finds the file among items shared with them and reads it",
                level: .must, spec: "client.md#shared-with-me", tags: [.mutating, .slow], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                let (items, bytes) = try await S.followerRead(ctx)
                try ctx.expect(items.contains { $0.path.description == S.sharedPath(a) }, "sharedWithMe of \(fb.username) lacks \(S.sharedPath(a)): \(items)")
                try expectSame(ctx, bytes, S.noteBytes[...], "the shared file read by the follower")
            },
            ConformanceCase(
                "flow.revoke.unshares", "Revoking the follower's access removes them from the file's sharers", level: .must, spec: "client.md#revoke",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                try await S.revoked(ctx)
                let with = try await a.session.sharedWith(S.sharedPath(a))
                try ctx.expect(!with.contains(fb.username), "after revoking, the file is still shared with \(with)")
            },
            ConformanceCase(
                "flow.revoke.follower-cannot-read", "After revocation the follower can no longer read the file", level: .must, spec: "client.md#revoke",
                tags: [.mutating], dependsOn: signup, serialGroup: S.followGroup
            ) { ctx in
                let (a, fb) = (try await S.followee(ctx), try await S.follower(ctx))
                try await S.revoked(ctx)
                let items = try await fb.session.sharedWithMe()
                try ctx.expect(!items.contains { $0.path.description == S.sharedPath(a) }, "sharedWithMe of \(fb.username) still lists \(S.sharedPath(a))")
                do {
                    _ = try await fb.session.readShared(S.sharedPath(a))
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
                tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                let link = try await S.link(ctx)
                try ctx.expect(link.link.owner == a.session.id, "the link names owner \(link.link.owner), not \(a.session.id)")
            },
            ConformanceCase(
                "flow.link.open-without-account", "The secret link opens in a fresh client without an account and reads the file",
                level: .must, spec: "client.md#link-open", tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let link = try await S.link(ctx)
                let opened = try await ctx.client().openSecretLink(link.url)
                try ctx.expect(!opened.isDirectory && opened.name == "big.bin", "the link opened \(opened.name) (directory: \(opened.isDirectory)), not big.bin")
                try expectSame(ctx, try await opened.read(range: S.boundary), S.bigBytes[Int(S.boundary.lowerBound)..<Int(S.boundary.upperBound)],
                               "bytes \(S.boundary) read through the link")
            },
            ConformanceCase(
                "flow.link.writable-holder-uploads", "A writable secret link to a folder lets its holder upload a file the owner then reads",
                level: .must, spec: "client.md#link-write", tags: [.mutating], dependsOn: signup, serialGroup: S.filesGroup
            ) { ctx in
                let a = try await S.owner(ctx)
                let link = try await S.dropLink(ctx)
                let opened = try await ctx.client().openSecretLink(link.url)
                try ctx.expect(opened.isWritable, "the writable link opened a read-only capability")
                let note = Array("dropped through a writable link".utf8)
                try await opened.upload("note.txt", from: BytesSource(note))
                try expectSame(ctx, try await S.signedIn(ctx).read(S.dropFolder(a) + "/note.txt"), note[...], "the file uploaded through the link, read by the owner")
            },
        ]
    }

    static var lifecycle: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.password.change", "Changing the password signs in with the new one to the same identity",
                level: .must, spec: "client.md#change-password", tags: [.mutating], dependsOn: signup, serialGroup: S.passwordGroup
            ) { ctx in
                let pw = try await ctx.fixtures.account("pw")
                let (newPassword, _) = try await S.passwordChanged(ctx)
                let session = try await ctx.client().login(username: pw.username, password: newPassword)
                try ctx.expect(session.id == pw.session.id, "the new password opened identity \(session.id), not \(pw.session.id)")
            },
            ConformanceCase(
                "flow.password.old-refused", "After a password change the old password is refused", level: .must, spec: "client.md#change-password",
                tags: [.mutating], dependsOn: signup, serialGroup: S.passwordGroup
            ) { ctx in
                let pw = try await ctx.fixtures.account("pw")
                _ = try await S.passwordChanged(ctx)
                do {
                    _ = try await ctx.client().login(username: pw.username, password: pw.password)
                    throw ctx.fail("the old password still signs in")
                } catch PeergosClientError.incorrectPassword {
                }
            },
            ConformanceCase(
                "flow.account.delete", "An account deleted with its password has an empty identity pointer", level: .must, spec: "client.md#delete-account",
                tags: [.mutating], dependsOn: signup, serialGroup: S.deleteGroup
            ) { ctx in
                let del = try await S.deleted(ctx)
                let pointer = try await FlowSupport.signedPointer(ctx, owner: del.session.id, writer: del.session.id)
                let update = try await FlowSupport.pointer(ctx, owner: del.session.id, writer: del.session.id)
                try ctx.expect(pointer != nil && update?.updated == nil, "after deletion the identity pointer still names \(update?.updated.map { "\($0)" } ?? "nothing")")
            },
            ConformanceCase(
                "flow.account.deleted-login-refused", "A deleted account can no longer sign in", level: .must, spec: "client.md#delete-account",
                tags: [.mutating], dependsOn: signup, serialGroup: S.deleteGroup
            ) { ctx in
                let del = try await S.deleted(ctx)
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
