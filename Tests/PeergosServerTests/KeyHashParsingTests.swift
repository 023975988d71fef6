import PeergosCrypto
import PeergosMultiformats
@testable import PeergosServer
import Testing

/// Key hashes named in query parameters are parsed once and remembered; the answers are those of
/// parsing every time, and a text that does not parse is refused every time, never remembered.
@Suite("Key hash parameters")
struct KeyHashParsingTests {
    @Test("a remembered key hash equals a fresh parse; a malformed one is refused as malformed each time")
    func rememberedAndRefused() throws {
        let key = try SigningKeyPair(seed: Hash.sha256(Array("keyhash-param".utf8))).publicKey.publicKeyHash
        let text = key.description
        for _ in 0..<3 {
            let parsed = try StorageRoutes.publicKeyHash(text)
            #expect(parsed == key)
            #expect(parsed == (try PublicKeyHash(cid: Cid(string: text))))
        }
        let malformed = String(text.dropLast()) + "0"  // '0' is not a base58 digit
        for _ in 0..<2 {
            do {
                _ = try StorageRoutes.publicKeyHash(malformed)
                Issue.record("a malformed key hash was accepted")
            } catch let e as PeergosServerError {
                #expect(e.isMalformedInput)
                #expect(e.message.hasPrefix("Invalid key hash \(malformed)"))
            }
        }
    }
}
