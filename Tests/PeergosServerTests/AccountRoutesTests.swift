import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosLogin
import PeergosMultiformats
import PeergosServer
import PeergosSocial
import PeergosVectors
import Testing

/// Login data and follow requests over HTTP, with their time and signature checks.
@Suite("Login and social routes over HTTP")
struct AccountRoutesTests {
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    static func signedTime(_ key: SigningKeyPair, offsetSeconds: Double = 0) -> String {
        let millis = Int64((Date().timeIntervalSince1970 + offsetSeconds) * 1000)
        return hex(key.signMessage(CborObject.integer(millis).serialize()))
    }

    @Test("getLogin and setLogin; follow requests: send, list, remove, and the refusals")
    func accounts() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-account-\(UUID().uuidString)").path
        let server = try PeergosServer(dataDirectory: dir)
        let alice = try SigningKeyPair(seed: Hash.sha256(Array("sign:acct-alice".utf8)))
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:acct-login".utf8)))
        let login2 = try SigningKeyPair(seed: Hash.sha256(Array("sign:acct-login2".utf8)))
        let bob = try SigningKeyPair(seed: Hash.sha256(Array("sign:acct-bob".utf8)))
        try await server.application(port: 0).test(.live) { client in
            func post(_ path: String, _ body: [UInt8] = []) async throws -> TestResponse {
                try await client.execute(uri: path, method: .post, body: ByteBuffer(bytes: body))
            }
            #expect(try await post("/peergos/v0/core/signup", Array(try CoreRoutesTests.signup("alice", identity: alice, login: login).body.readableBytesView)).status == .ok)
            let author = Self.hex(login.publicKey.serialize())

            let ok = try await post("/peergos/v0/login/getLogin?username=alice&author=\(author)&auth=\(Self.signedTime(login))")
            let response = try CborObject.decode(Array(ok.body.readableBytesView)).asMap()
            #expect(response["a"] == .bool(true))
            let stored = try LoginData(cborBytes: try #require(try server.database.login(username: "alice")).data)
            #expect(response["r"] == stored.entryPoints.toCbor())
            // Stale time, a time signed by another key, an unknown login key, bad hex.
            #expect(try await post("/peergos/v0/login/getLogin?username=alice&author=\(author)&auth=\(Self.signedTime(login, offsetSeconds: -25 * 3600))").status == .badRequest)
            #expect(try await post("/peergos/v0/login/getLogin?username=alice&author=\(author)&auth=\(Self.signedTime(login2))").status == .badRequest)
            let wrong = try await post("/peergos/v0/login/getLogin?username=alice&author=\(Self.hex(login2.publicKey.serialize()))&auth=\(Self.signedTime(login2))")
            #expect(wrong.status == .badRequest && CoreTrailer.of(wrong) == "Incorrect username or password")
            #expect(try await post("/peergos/v0/login/getLogin?username=alice&author=zz&auth=00").status == .badRequest)
            // Extreme signed times (the caller picks the key here) are refused, not overflowed.
            for extreme in [Int64.min, Int64.max] {
                let auth = Self.hex(login2.signMessage(CborObject.integer(extreme).serialize()))
                #expect(try await post("/peergos/v0/login/getLogin?username=alice&author=\(Self.hex(login2.publicKey.serialize()))&auth=\(auth)").status == .badRequest)
            }

            // setLogin (a password change): signed by the identity key; then the new login key reads it.
            let changed = LoginData(username: "alice", entryPoints: stored.entryPoints, authorisedReader: login2.publicKey)
            let forged = try await post("/peergos/v0/login/setLogin?auth=\(Self.hex(bob.secretKey.signatureOnly(changed.serialize())))", changed.serialize())
            #expect(forged.status == .badRequest)
            let set = try await post("/peergos/v0/login/setLogin?auth=\(Self.hex(alice.secretKey.signatureOnly(changed.serialize())))", changed.serialize())
            #expect(Array(set.body.readableBytesView) == [1])
            let now2 = try await post("/peergos/v0/login/getLogin?username=alice&author=\(Self.hex(login2.publicKey.serialize()))&auth=\(Self.signedTime(login2))")
            #expect(now2.status == .ok)

            // Follow requests to alice.
            let owner = alice.publicKey.publicKeyHash
            let random = DetRandom(label: "account-follow-request")  // reproducible inputs
            let target = BoxingKeyPair.randomCurve25519(using: random)
            let request = try BlindFollowRequest.build(target: target.publicKey, request: FollowRequest(entry: nil, key: SymmetricKey.random(using: random)), random: random).serialize()
            #expect(Array(try await post("/peergos/v0/social/followRequest?owner=\(owner)", request).body.readableBytesView) == [1])
            let listed = try await post("/peergos/v0/social/getFollowRequests?owner=\(owner)&auth=\(Self.signedTime(alice))")
            let listBytes = Array(Array(listed.body.readableBytesView).dropFirst(4))
            #expect(try CborObject.decode(listBytes).asList() == [try CborObject.decode(request)])
            #expect(try await post("/peergos/v0/social/getFollowRequests?owner=\(owner)&auth=\(Self.signedTime(alice, offsetSeconds: -600))").status == .badRequest)
            #expect(try await post("/peergos/v0/social/getFollowRequests?owner=\(owner)&auth=\(Self.signedTime(bob))").status == .badRequest)
            #expect(try await post("/peergos/v0/social/followRequest?owner=\(owner)", [UInt8](repeating: 0xa0, count: 5000)).status == .badRequest)
            #expect(try await post("/peergos/v0/social/followRequest?owner=\(owner)", [0xa0]).status == .badRequest)
            #expect(try await post("/peergos/v0/social/followRequest?owner=\(bob.publicKey.publicKeyHash)", request).status == .badRequest)
            // Removal: only the owner's signature over the exact request.
            #expect(Array(try await post("/peergos/v0/social/removeFollowRequest?owner=\(owner)", bob.signMessage(request)).body.readableBytesView) == [0])
            #expect(Array(try await post("/peergos/v0/social/removeFollowRequest?owner=\(owner)", alice.signMessage(request)).body.readableBytesView) == [1])
            #expect(try server.database.followRequests(owner: owner).isEmpty)
            // At most 100 pending.
            for _ in 0..<100 { _ = try await post("/peergos/v0/social/followRequest?owner=\(owner)", request) }
            #expect(Array(try await post("/peergos/v0/social/followRequest?owner=\(owner)", request).body.readableBytesView) == [0])
        }
    }
}

enum CoreTrailer {
    static func of(_ r: TestResponse) -> String { r.headers[HTTPField.Name("Trailer")!]?.removingPercentEncoding?.replacingOccurrences(of: "+", with: " ") ?? "" }
}
