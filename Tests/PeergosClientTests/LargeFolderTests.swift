import Foundation
import PeergosCapabilities
@testable import PeergosClient
import PeergosCrypto
import PeergosCryptree
import Testing

/// Folders of more than 500 entries are laid out as upstream's: 500 links a node, later nodes
/// chained through next-chunk locations, each created, rewritten or removed as the count needs.
@Suite("Client: folders of more than 500 entries")
struct LargeFolderTests {
    /// `count` links to nowhere (a listing skips them; their layout is what is checked).
    static func links(_ count: Int, prefix: String) throws -> [NamedRelativeCapability] {
        try (0..<count).map { i in
            NamedRelativeCapability(name: "\(prefix)-\(i)", capability: try RelativeCapability(
                writer: nil, mapKey: SystemRandom.shared.bytes(32), bat: nil, readBaseKey: SymmetricKey.random(using: SystemRandom.shared)))
        }
    }

    @Test("1,100 links take three nodes, 600 take two (the third is removed), and a new entry lands in the last")
    func layout() async throws {
        try await EmbeddedServer.with { server in
            let alice = try await server.client().signup(username: "alice", password: "pw-alice")
            try await alice.mkdir("/alice/big")
            func set(_ children: [NamedRelativeCapability]) async throws {
                let dir = try await alice.resolve("/alice/big")
                var edit = TreeEdit()
                try await alice.setChildren(dir, children, in: &edit)
                try await alice.commit(edit, signer: try #require(dir.signer), owner: alice.id)
            }
            func layout() async throws -> [Int] {
                let dir = try await alice.resolve("/alice/big")
                let first = try await alice.client.links(of: dir.node, key: dir.capability.readBaseKey, owner: alice.id).count
                return [first] + (try await alice.client.laterFolderNodes(dir).map(\.links.count))
            }

            let many = try Self.links(1_100, prefix: "x")
            try await set(many)
            #expect(try await layout() == [500, 500, 100])
            #expect(try await alice.client.children(try await alice.resolve("/alice/big")).map(\.name) == many.map(\.name))

            try await set(Array(many.prefix(600)))
            #expect(try await layout() == [500, 100])

            // An ordinary mkdir keeps the layout and is listed (the links to nowhere are not).
            try await alice.mkdir("/alice/big/real")
            #expect(try await layout() == [500, 101])
            #expect(try await alice.list("/alice/big").map(\.name) == ["real"])
            try await alice.upload("/alice/big/real/f.txt", from: BytesSource(Array("f".utf8)))
            #expect(try await alice.read("/alice/big/real/f.txt") == Array("f".utf8))

            // Removing the folder removes every one of its nodes.
            try await alice.remove("/alice/big/real")
            #expect(try await layout() == [500, 100])
            try await set([])
            #expect(try await layout() == [0])
        }
    }
}
