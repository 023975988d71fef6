import Foundation
import Testing
@testable import PeergosMLKEM

/// FIPS 203 input checks and bad input: each refused with its specific error, never a crash.
@Suite("ML-KEM input checks")
struct InputCheckTests {
    static let pair = try! MLKEM1024.keyPair(d: [UInt8](repeating: 1, count: 32), z: [UInt8](repeating: 2, count: 32))

    @Test("wrong lengths are refused with invalidLength")
    func lengths() {
        #expect(throws: MLKEMError.invalidLength(field: "d", expected: 32, actual: 31)) {
            try MLKEM1024.keyPair(d: [UInt8](repeating: 0, count: 31), z: [UInt8](repeating: 0, count: 32))
        }
        #expect(throws: MLKEMError.invalidLength(field: "z", expected: 32, actual: 33)) {
            try MLKEM1024.keyPair(d: [UInt8](repeating: 0, count: 32), z: [UInt8](repeating: 0, count: 33))
        }
        #expect(throws: MLKEMError.invalidLength(field: "m", expected: 32, actual: 0)) {
            try MLKEM1024.encapsulate(to: Self.pair.encapsulationKey, entropy: [])
        }
        #expect(throws: MLKEMError.invalidLength(field: "ML-KEM-1024 encapsulation key", expected: 1568, actual: 1567)) {
            try MLKEM1024.EncapsulationKey(bytes: [UInt8](repeating: 0, count: 1567))
        }
        #expect(throws: MLKEMError.invalidLength(field: "ML-KEM-1024 decapsulation key", expected: 3168, actual: 2400)) {
            try MLKEM1024.DecapsulationKey(bytes: [UInt8](repeating: 0, count: 2400))
        }
        #expect(throws: MLKEMError.invalidLength(field: "ML-KEM-1024 ciphertext", expected: 1568, actual: 1088)) {
            try MLKEM1024.decapsulate([UInt8](repeating: 0, count: 1088), with: Self.pair.decapsulationKey)
        }
    }

    @Test("an encapsulation key with a coefficient >= q fails the modulus check")
    func modulusCheck() {
        var ek = Self.pair.encapsulationKey.bytes
        ek[0] = 0xff
        ek[1] |= 0x0f  // first 12-bit coefficient = 0xfff = 4095 >= 3329
        #expect(throws: MLKEMError.encapsulationKeyModulusCheckFailed) { try MLKEM1024.EncapsulationKey(bytes: ek) }
    }

    @Test("a decapsulation key whose H(ek) is altered fails the hash check")
    func hashCheck() {
        var dk = Self.pair.decapsulationKey.secret.copyBytes()
        dk[3104] ^= 1
        #expect(throws: MLKEMError.decapsulationKeyHashCheckFailed) { try MLKEM1024.DecapsulationKey(bytes: dk) }
    }

    @Test("a tampered ciphertext decapsulates to J(z ‖ c), not the real key")
    func implicitRejection() throws {
        let (secret, ciphertext) = try MLKEM1024.encapsulate(to: Self.pair.encapsulationKey, entropy: [UInt8](repeating: 3, count: 32))
        var tampered = ciphertext
        tampered[100] ^= 0x40
        let rejected = try MLKEM1024.decapsulate(tampered, with: Self.pair.decapsulationKey)
        #expect(rejected != secret)
        let z = Array(Self.pair.decapsulationKey.secret.copyBytes()[3136...])
        #expect(rejected == Keccak.shake256(z + tampered, count: 32))
    }
}

/// FIPS 202 known answers for the internal Keccak.
@Suite("Keccak")
struct KeccakTests {
    static func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }

    @Test("SHA3 and SHAKE known answers (FIPS 202 examples)")
    func knownAnswers() {
        #expect(Self.hex(Keccak.sha3_256([])) == "a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a")
        #expect(Self.hex(Keccak.sha3_512(Array("abc".utf8))) ==
            "b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0")
        #expect(Self.hex(Keccak.shake128([], count: 32)) == "7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26")
        #expect(Self.hex(Keccak.shake256([], count: 32)) == "46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762f")
    }

    @Test("squeezing in pieces equals squeezing at once, across block boundaries")
    func incrementalSqueeze() {
        var a = Keccak(rate: 168, suffix: 0x1f)
        a.absorb(Array(repeating: 7, count: 500))
        let whole = a.squeeze(1000)
        var b = Keccak(rate: 168, suffix: 0x1f)
        b.absorb(Array(repeating: 7, count: 500))
        let pieces = b.squeeze(1) + b.squeeze(167) + b.squeeze(169) + b.squeeze(663)
        #expect(whole == pieces)
    }
}
