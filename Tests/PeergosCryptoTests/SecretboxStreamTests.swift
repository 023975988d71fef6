import CSodium
import PeergosCrypto
import PeergosVectors
import Testing

/// ``SecretboxStream`` must give exactly `crypto_secretbox_easy`'s bytes however the message is
/// split, and ``Hash/sha256(_:)`` exactly libsodium's SHA-256.
@Suite("Secretbox in pieces and SHA-256")
struct SecretboxStreamTests {
    static let key = try! SymmetricKey(bytes: (0..<32).map { UInt8($0) })
    static let nonce = (0..<24).map { UInt8(100 + $0) }

    /// Seals `message` through the stream in pieces cut at `cuts` (sorted offsets); returns MAC ‖ c.
    static func sealInPieces(_ message: [UInt8], cuts: [Int]) throws -> [UInt8] {
        let stream = try SecretboxStream(key: key, nonce: nonce)
        var out = [UInt8](repeating: 0xee, count: message.count)
        let bounds = [0] + cuts.filter { $0 > 0 && $0 < message.count } + [message.count]
        message.withUnsafeBufferPointer { m in
            out.withUnsafeMutableBufferPointer { o in
                for (from, to) in zip(bounds, bounds.dropFirst()) where to > from {
                    stream.seal(m.baseAddress! + from, count: to - from, messageOffset: from, into: o.baseAddress! + from)
                }
            }
        }
        return stream.tag() + out
    }

    @Test("a message sealed in pieces is crypto_secretbox_easy's bytes", arguments: [0, 1, 31, 32, 33, 63, 64, 65, 127, 128, 129, 1000, 4118, 70_001])
    func sealEqualsSecretbox(length: Int) throws {
        let random = DetRandom(label: "secretbox-stream-\(length)")
        let message = random.bytes(length)
        let whole = try Self.key.encrypt(message, nonce: Self.nonce)
        #expect(try Self.sealInPieces(message, cuts: []) == whole)
        // Cuts at every awkward place: inside the first keystream block, at block edges, at random.
        let cuts = [1, 5, 31, 32, 33, 64, 95, 96, 97, 200] + random.bytes(8).map { Int($0) * max(1, length / 256) }
        #expect(try Self.sealInPieces(message, cuts: Array(Set(cuts)).sorted()) == whole)
    }

    @Test("zeros sealed from no source are the secretbox of zeros")
    func sealZeros() throws {
        let stream = try SecretboxStream(key: Self.key, nonce: Self.nonce)
        var out = [UInt8](repeating: 0xee, count: 300)
        out.withUnsafeMutableBufferPointer { o in
            stream.seal(nil, count: 10, messageOffset: 0, into: o.baseAddress!)
            stream.seal(nil, count: 290, messageOffset: 10, into: o.baseAddress! + 10)
        }
        #expect(stream.tag() + out == (try Self.key.encrypt([UInt8](repeating: 0, count: 300), nonce: Self.nonce)))
    }

    @Test("xor at any offset opens; the tag verifies only the untampered ciphertext")
    func openAndVerify() throws {
        let message = DetRandom(label: "secretbox-stream-open").bytes(5000)
        let sealed = try Self.key.encrypt(message, nonce: Self.nonce)
        let cipher = Array(sealed[16...])
        for (from, to) in [(0, 5000), (7, 100), (33, 4999), (4096, 5000)] {
            let stream = try SecretboxStream(key: Self.key, nonce: Self.nonce)
            var plain = [UInt8](repeating: 0, count: to - from)
            cipher.withUnsafeBufferPointer { c in
                plain.withUnsafeMutableBufferPointer { p in stream.xor(c.baseAddress! + from, count: to - from, messageOffset: from, into: p.baseAddress!) }
            }
            #expect(plain == Array(message[from..<to]))
        }
        let good = try SecretboxStream(key: Self.key, nonce: Self.nonce)
        cipher.withUnsafeBufferPointer { good.authenticate($0.baseAddress!, count: 100); good.authenticate($0.baseAddress! + 100, count: 4900) }
        #expect(good.verify(tag: sealed[0..<16]))
        var tampered = cipher
        tampered[4321] ^= 1
        let bad = try SecretboxStream(key: Self.key, nonce: Self.nonce)
        tampered.withUnsafeBufferPointer { bad.authenticate($0.baseAddress!, count: $0.count) }
        #expect(!bad.verify(tag: sealed[0..<16]))
    }

    @Test("a nonce that is not 24 bytes is refused")
    func badNonce() {
        #expect(throws: CryptoError.invalidLength(what: "secretbox nonce", expected: 24, actual: 23)) {
            try SecretboxStream(key: Self.key, nonce: [UInt8](repeating: 0, count: 23))
        }
    }

    @Test("Hash.sha256 is libsodium's SHA-256 at every length around the block size, and of 1 MiB")
    func sha256MatchesLibsodium() {
        let data = DetRandom(label: "sha256-lengths").bytes(1 << 20)
        for length in Array(0...200) + [1 << 20] {
            let input = Array(data[0..<length])
            var expected = [UInt8](repeating: 0, count: 32)
            #expect(crypto_hash_sha256(&expected, input, UInt64(length)) == 0)
            #expect(Hash.sha256(input) == expected)
            #expect(input.withUnsafeBytes { Hash.sha256($0) } == expected)
        }
    }
}
