import PeergosTestSupport
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore
import PeergosServer
import Testing

/// Every route: a GET is refused (405), malformed input gets 400 with a Trailer message, and random
/// bodies get an answer (200 with a refusal value, or 400): never a 5xx, never a dropped connection.
@Suite("Malformed requests on every route")
struct MalformedRequestTests {
    /// (path with malformed parameters, malformed body)
    static let malformed: [(String, [UInt8])] = [
        ("/api/v0/transaction/start", []),
        ("/api/v0/transaction/close?owner=zz", []),
        ("/api/v0/block/put/bulk?format=raw&owner=zz&writer=zz", [0xa0]),
        ("/api/v0/block/put/bulk?format=raw&writer=z59vuwzfFDoyoYBAfaB6qW2y6nzAnDHYeuy2BZCyTvtquogxL2kDThb", [0xa0]),
        ("/api/v0/block/put/bulk?format=nosuch&owner=zz&writer=zdpuAxZW1wjG6L8QxnNNCX7LHfvtN8TsspE94RtGfFCSo2Nn2", [0xa0]),
        ("/api/v0/block/get?arg=zz", []),
        ("/api/v0/block/stat?arg=zz", []),
        ("/api/v0/champ/get/bulk?arg=zz&caps=zz", []),
        ("/api/v0/champ/get?arg=zz&arg=00", []),
        ("/api/v0/link/get?owner=zz&label=1", []),
        ("/peergos/v0/mutable/getPointer?owner=zz&writer=zz", []),
        ("/peergos/v0/mutable/setPointer?owner=zz&writer=zz", [0xff]),
        ("/peergos/v0/mutable/setPointers?owner=zz", [0xff]),
        ("/peergos/v0/core/getChain", [0, 0, 0, 9]),
        ("/peergos/v0/core/getPublicKey", [0, 0]),
        ("/peergos/v0/core/getUsername", [0, 0, 0, 1, 0xff]),
        ("/peergos/v0/core/signup", []),
        ("/peergos/v0/core/updateChain", [0, 0, 0, 0]),
        ("/peergos/v0/login/getLogin?username=alice&author=zz&auth=zz", []),
        ("/peergos/v0/login/setLogin?auth=zz", [0xff]),
        ("/peergos/v0/social/followRequest?owner=zz", [0xa0]),
        ("/peergos/v0/social/getFollowRequests?owner=zz&auth=00", []),
        ("/peergos/v0/social/removeFollowRequest?owner=zz", [0xa0]),
        ("/peergos/v0/storage/quota?owner=zz&auth=00", []),
        ("/peergos/v0/storage/usage?owner=zz&auth=00", []),
        ("/peergos/v0/storage/request?owner=zz&req=00", []),
        ("/peergos/v0/bats/getUserBats?username=alice&auth=zz", []),
    ]
    static let answeredOnly = ["/api/v0/id", "/api/v0/ids", "/api/v0/blockstore/props", "/peergos/v0/core/getUsernamesGzip/"]

    @Test("GET is refused, malformed input is a 400 with a message, random bodies never break a route")
    func everyRoute() async throws {
        let server = try ServerHTTPTests.server()
        try await server.application(port: 0).test(.live) { client in
            for path in Self.malformed.map(\.0) + Self.answeredOnly {
                #expect(try await client.execute(uri: path, method: .get).status == .methodNotAllowed, "\(path)")
            }
            for (path, body) in Self.malformed {
                let r = try await client.execute(uri: path, method: .post, body: ByteBuffer(bytes: body))
                #expect(r.status == .badRequest, "\(path)")
                #expect(!ServerHTTPTests.trailer(r).isEmpty, "\(path)")
            }
            // The parameter-free routes answer as upstream's do.
            #expect(ServerHTTPTests.bytes(try await client.execute(uri: "/api/v0/blockstore/props", method: .post)) == [0xa3, 0x61, 0x77, 0xf4, 0x62, 0x61, 0x72, 0xf4, 0x62, 0x70, 0x72, 0xf4])
            let ids = try JSONSerialization.jsonObject(with: Data(ServerHTTPTests.bytes(try await client.execute(uri: "/api/v0/ids", method: .post)))) as? [String: [String]]
            #expect(ids?["IDS"] == [server.nodeId.description])
            // Random bodies, with well-formed parameters where a route needs them.
            let owner = ServerHTTPTests.writer.publicKey.publicKeyHash
            var rng = SeededGenerator()
            for (path, _) in Self.malformed {
                let wellFormed = path.replacingOccurrences(of: "=zz", with: "=\(owner)")
                for _ in 0..<12 {
                    let body = (0..<Int.random(in: 0...300, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
                    let r = try await client.execute(uri: wellFormed, method: .post, body: ByteBuffer(bytes: body))
                    #expect(r.status == .ok || r.status == .badRequest, "\(wellFormed): \(r.status); \(rng.seedNote)")
                }
            }
        }
    }
}
