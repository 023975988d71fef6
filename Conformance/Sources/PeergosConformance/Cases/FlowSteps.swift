import Foundation
import PeergosClient

/// The steps of the flows, each performed once per run (a run fixture) and awaited by the
/// cases that need it. Every step first awaits the steps it builds on, and none of them skips on
/// failure (`prerequisite: false`): when an early step breaks, every later case fails with the
/// step's error instead of being skipped, so each flow case is shown to fail against a server
/// that breaks any step it relies on. Cases depend (`dependsOn`) only on signup.
///
/// The cases of one chain share a serial group, so they run one at a time in catalogue order:
/// each step is always made by its own case (whose exchanges then show its requests), never by
/// whichever later case happened to ask first.
enum FlowSteps {
    /// `a`'s files and links (and the signed-in session that reads them).
    static let filesGroup = "flow.files"
    /// Following, sharing and revoking between `fb` and `a`.
    static let followGroup = "flow.follow"
    static let passwordGroup = "flow.password"
    static let deleteGroup = "flow.delete"
    /// The small file shared with the follower (64 KiB: fragments, one chunk).
    static let noteBytes: [UInt8] = FlowSupport.seededBytes(64 << 10, seed: 0x5A4E)
    static func sharedPath(_ a: AccountFixture) -> String { "/\(a.username)/flow-share/note.bin" }

    /// 5 MiB + 256 KiB: two chunks of seeded bytes (kept small: debug builds decrypt slowly).
    static let bigSize = (5 << 20) + (256 << 10)
    static let chunk = Int64(5 << 20)
    /// A range crossing the chunk boundary (reads both chunks, decrypts little).
    static let boundary = (chunk - 1000)..<(chunk + 3000)
    static let bigBytes: [UInt8] = FlowSupport.seededBytes(bigSize, seed: 0xF10)

    static func folder(_ a: AccountFixture) -> String { "/\(a.username)/flow" }
    static func bigPath(_ a: AccountFixture) -> String { "/\(a.username)/flow/big.bin" }
    static func dropFolder(_ a: AccountFixture) -> String { "/\(a.username)/flow-drop" }

    static func owner(_ ctx: CaseContext) async throws -> AccountFixture { try await ctx.fixtures.account("a") }
    /// The account `fb` follows: not `a`, so the follow chain never writes where the files chain does.
    static func followee(_ ctx: CaseContext) async throws -> AccountFixture { try await ctx.fixtures.account("fa") }
    static func follower(_ ctx: CaseContext) async throws -> AccountFixture { try await ctx.fixtures.account("fb") }

    /// A second session of `a`, signed in with the password on its own client (its reads go to
    /// the server, not to what the signup session cached).
    static func signedIn(_ ctx: CaseContext) async throws -> PeergosSession {
        let a = try await owner(ctx)
        return try await ctx.fixtures.shared("flow.login", prerequisite: false) { try await ctx.client().login(username: a.username, password: a.password) }
    }

    static func madeFolder(_ ctx: CaseContext) async throws {
        let a = try await owner(ctx)
        try await ctx.fixtures.shared("flow.mkdir", prerequisite: false) { try await a.session.mkdir(folder(a)) }
    }

    /// The upload, with the account's usage before and after it.
    static func uploaded(_ ctx: CaseContext) async throws -> (before: Int64, after: Int64) {
        let a = try await owner(ctx)
        try await madeFolder(ctx)
        return try await ctx.fixtures.shared("flow.upload", prerequisite: false) {
            let before = try await a.session.usage()
            try await a.session.upload(bigPath(a), from: BytesSource(bigBytes))
            return (before, try await a.session.usage())
        }
    }

    static func followed(_ ctx: CaseContext) async throws {
        let (a, fb) = (try await followee(ctx), try await follower(ctx))
        try await ctx.fixtures.shared("flow.follow", prerequisite: false) { try await fb.session.follow(a.username) }
    }

    /// What `a` saw before accepting.
    static func accepted(_ ctx: CaseContext) async throws -> [IncomingFollowRequest] {
        let (a, fb) = (try await followee(ctx), try await follower(ctx))
        try await followed(ctx)
        return try await ctx.fixtures.shared("flow.accept", prerequisite: false) {
            let requests = try await a.session.followRequests()
            guard requests.contains(where: { $0.from == fb.username && !$0.isReply }) else {
                throw ctx.fail("\(a.username) sees no follow request from \(fb.username): \(requests)")
            }
            try await a.session.accept(fb.username, reciprocate: false)
            return requests
        }
    }

    static func replyProcessed(_ ctx: CaseContext) async throws {
        let fb = try await follower(ctx)
        _ = try await accepted(ctx)
        try await ctx.fixtures.shared("flow.reply", prerequisite: false) { _ = try await fb.session.followRequests() }
    }

    /// A file of its own (so the follow chain needs nothing of the files chain), shared with `fb`.
    static func sharedFile(_ ctx: CaseContext) async throws {
        let (a, fb) = (try await followee(ctx), try await follower(ctx))
        try await replyProcessed(ctx)
        try await ctx.fixtures.shared("flow.share", prerequisite: false) {
            try await a.session.mkdir("/\(a.username)/flow-share")
            try await a.session.upload(sharedPath(a), from: BytesSource(noteBytes))
            try await a.session.share(sharedPath(a), with: fb.username)
        }
    }

    /// What the follower saw and read before the revocation.
    static func followerRead(_ ctx: CaseContext) async throws -> (items: [SharedItem], bytes: [UInt8]) {
        let (a, fb) = (try await followee(ctx), try await follower(ctx))
        try await sharedFile(ctx)
        return try await ctx.fixtures.shared("flow.follower-read", prerequisite: false) {
            (try await fb.session.sharedWithMe(), try await fb.session.readShared(sharedPath(a)))
        }
    }

    /// Revokes after the follower has read.
    static func revoked(_ ctx: CaseContext) async throws {
        let (a, fb) = (try await followee(ctx), try await follower(ctx))
        _ = try await followerRead(ctx)
        try await ctx.fixtures.shared("flow.revoke", prerequisite: false) { try await a.session.unshare(sharedPath(a), from: fb.username) }
    }

    static func link(_ ctx: CaseContext) async throws -> CreatedSecretLink {
        let a = try await owner(ctx)
        _ = try await uploaded(ctx)
        return try await ctx.fixtures.shared("flow.link", prerequisite: false) { try await a.session.createSecretLink(bigPath(a)) }
    }

    static func dropLink(_ ctx: CaseContext) async throws -> CreatedSecretLink {
        let a = try await owner(ctx)
        return try await ctx.fixtures.shared("flow.droplink", prerequisite: false) {
            try await a.session.mkdir(dropFolder(a))
            return try await a.session.createSecretLink(dropFolder(a), writable: true)
        }
    }

    /// The new password of account `pw`, once changed (the session the change answered).
    static func passwordChanged(_ ctx: CaseContext) async throws -> (password: String, session: PeergosSession) {
        let pw = try await ctx.fixtures.account("pw")
        return try await ctx.fixtures.shared("flow.password", prerequisite: false) {
            let newPassword = pw.password + "-new"
            return (newPassword, try await pw.session.changePassword(from: pw.password, to: newPassword))
        }
    }

    static func deleted(_ ctx: CaseContext) async throws -> AccountFixture {
        let del = try await ctx.fixtures.account("del")
        try await ctx.fixtures.shared("flow.delete", prerequisite: false) { try await del.session.deleteAccount(password: del.password) }
        return del
    }
}
