import Crypto
import Foundation
import Testing
@testable import PeergosMLKEM

/// Cross-checks against swift-crypto's independent ML-KEM-1024 (BoringSSL), which builds keys only
/// from the 64-byte seed d ‖ z.
@Suite("swift-crypto cross-check")
struct SwiftCryptoCrossCheckTests {
    static func seeds(_ n: Int) -> [([UInt8], [UInt8])] {
        var state: UInt64 = 0x4D4C_4B45_4D31_3032
        func next() -> UInt8 {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
        return (0..<n).map { _ in ((0..<32).map { _ in next() }, (0..<32).map { _ in next() }) }
    }

    @Test("the same seed gives the same public key")
    func samePublicKey() throws {
        for (d, z) in Self.seeds(8) {
            let ours = try PeergosMLKEM.MLKEM1024.keyPair(d: d, z: z)
            let theirs = try Crypto.MLKEM1024.PrivateKey(seedRepresentation: d + z, publicKey: nil)
            #expect(ours.encapsulationKey.bytes == [UInt8](theirs.publicKey.rawRepresentation))
        }
    }

    @Test("each side decapsulates what the other encapsulated")
    func bothDirections() throws {
        for (d, z) in Self.seeds(8) {
            let ours = try PeergosMLKEM.MLKEM1024.keyPair(d: d, z: z)
            let theirs = try Crypto.MLKEM1024.PrivateKey(seedRepresentation: d + z, publicKey: nil)

            let fromThem = try theirs.publicKey.encapsulate()
            let opened = try PeergosMLKEM.MLKEM1024.decapsulate([UInt8](fromThem.encapsulated), with: ours.decapsulationKey)
            #expect(opened == fromThem.sharedSecret.withUnsafeBytes { [UInt8]($0) })

            let (secret, ciphertext) = try PeergosMLKEM.MLKEM1024.encapsulate(to: ours.encapsulationKey, entropy: d.reversed())
            let theirSecret = try theirs.decapsulate(Data(ciphertext))
            #expect(theirSecret.withUnsafeBytes { [UInt8]($0) } == secret)
        }
    }
}
