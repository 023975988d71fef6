import Foundation
import PeergosClient
import Testing

/// Secret links of every kind, created by an account and opened without one.
@Suite("Client: secret links against the embedded server")
struct SecretLinkFlowTests {
    @Test("file and folder links open without an account; expiry, retrieval limits, extra passwords and deletion are honoured")
    func links() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            try await alice.mkdir("/alice/photos")
            let content = FileSystemFlowTests.content(6 * 1024 * 1024)
            try await alice.upload("/alice/photos/big.jpg", from: BytesSource(content), mimeType: "image/jpeg")
            try await alice.upload("/alice/photos/small.txt", from: BytesSource(Array("small".utf8)), mimeType: "text/plain")
            let anonymous = server.client()

            // A file link, in upstream's printed form.
            let fileLink = try await alice.createSecretLink("/alice/photos/big.jpg")
            #expect(fileLink.url.hasPrefix(server.origin + "/secret/z"))
            #expect(fileLink.url.contains("#"))
            let opened = try await anonymous.openSecretLink(fileLink.url)
            #expect(!opened.isDirectory && !opened.isWritable)
            #expect(try await opened.read() == content)
            #expect(try await opened.read(range: 5_242_000..<5_243_000) == Array(content[5_242_000..<5_243_000]))
            // The same link without the origin, and with a wrong password.
            _ = try await anonymous.openSecretLink(fileLink.link.link)
            let wrong = String(fileLink.link.link.dropLast()) + (fileLink.link.link.hasSuffix("a") ? "b" : "a")
            await #expect(throws: PeergosClientError.incorrectPassword) { try await anonymous.openSecretLink(wrong) }

            // A folder link lists the folder and reads its files.
            let folder = try await anonymous.openSecretLink(try await alice.createSecretLink("/alice/photos").url)
            #expect(folder.isDirectory)
            #expect(try await folder.list().map(\.name) == ["big.jpg", "small.txt"])

            // Expiry in the past is refused by the server with upstream's text; in the future it opens.
            let expired = try await alice.createSecretLink("/alice/photos/small.txt", expiry: Date(timeIntervalSinceNow: -60))
            await #expect(throws: PeergosClientError.refused(status: 400, message: "Secret link expired!")) { try await anonymous.openSecretLink(expired.url) }
            let later = try await alice.createSecretLink("/alice/photos/small.txt", expiry: Date(timeIntervalSinceNow: 3600))
            #expect(try await anonymous.openSecretLink(later.url).read() == Array("small".utf8))

            // Two retrievals allowed: the third is refused.
            let twice = try await alice.createSecretLink("/alice/photos/small.txt", maxRetrievals: 2)
            _ = try await anonymous.openSecretLink(twice.url)
            _ = try await anonymous.openSecretLink(twice.url)
            await #expect(throws: PeergosClientError.refused(status: 400, message: "Maximum link retrievals exceed!")) {
                try await anonymous.openSecretLink(twice.url)
            }

            // An extra password is needed, and must be the right one.
            let guarded = try await alice.createSecretLink("/alice/photos/small.txt", userPassword: "open sesame")
            await #expect(throws: PeergosClientError.incorrectPassword) { try await anonymous.openSecretLink(guarded.url) }
            await #expect(throws: PeergosClientError.incorrectPassword) { try await anonymous.openSecretLink(guarded.url, userPassword: "nope") }
            #expect(try await anonymous.openSecretLink(guarded.url, userPassword: "open sesame").read() == Array("small".utf8))

            // Deleting a link: the server no longer has it; other links still open.
            try await alice.deleteSecretLink(fileLink.url)
            await #expect(throws: PeergosClientError.refused(status: 400, message: "No secret link present!")) { try await anonymous.openSecretLink(fileLink.url) }
            #expect(try await anonymous.openSecretLink(later.url).read() == Array("small".utf8))
            await #expect(throws: PeergosClientError.notFound("secret link \(fileLink.link.label)")) { try await alice.deleteSecretLink(fileLink.url) }

            // A writable link: the folder first moves to a writer of its own (as upstream); the
            // link's holder, with no account, can then add to it, and Alice sees the additions.
            let writableLink = try await alice.createSecretLink("/alice/photos", writable: true)
            let holder = try await anonymous.openSecretLink(writableLink.url)
            #expect(holder.isWritable && holder.isDirectory)
            try await holder.mkdir("from-link")
            try await holder.upload("added.txt", from: BytesSource(Array("added by the link".utf8)), mimeType: "text/plain")
            #expect(try await alice.list("/alice/photos").map(\.name) == ["added.txt", "big.jpg", "from-link", "small.txt"])
            #expect(try await alice.read("/alice/photos/added.txt") == Array("added by the link".utf8))
            #expect(try await alice.read("/alice/photos/big.jpg") == content)
            // Alice still writes there herself; a read-only link's holder cannot.
            try await alice.upload("/alice/photos/mine.txt", from: BytesSource(Array("mine".utf8)))
            #expect(try await holder.read(child: "mine.txt") == Array("mine".utf8))
            let reader = try await anonymous.openSecretLink(try await alice.createSecretLink("/alice/photos").url)
            await #expect(throws: PeergosClientError.notWritable("photos")) { try await reader.mkdir("nope") }
            // A home folder is never linked writably.
            await #expect(throws: PeergosClientError.unsupported("To generate a writable secret link, the target must already be in a different writing space!")) {
                try await alice.createSecretLink("/alice", writable: true)
            }
        }
    }
}
