import PeergosTestSupport
import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosPKI
import PeergosServer
import Synchronization
import Testing

/// Signup proof of work: upstream's adaptive difficulty, and the refusal a signup gets over HTTP.
@Suite("Signup proof of work")
struct ProofOfWorkRoutesTests {
    /// Upstream DifficultyGeneratorTests.rateLimited / differentHardware: a client that spends
    /// 2^difficulty ms (divided by its speed-up) per event cannot exceed the daily rate.
    @Test("the difficulty keeps the signup rate under the daily limit, and falls back to 0 after a quiet period",
          arguments: [1, 1_000, 10_000, 1_000_000])
    func rateLimited(speedup: Int64) {
        let maxPerDay = 1000
        let events = speedup == 1 ? 100 : 1000
        let start: Int64 = 1_700_000_000_000
        var now = start
        var generator = SignupDifficulty(maxPerDay: maxPerDay, nowMillis: now)
        for _ in 0..<events {
            generator.addEvent()
            now += (Int64(1) << Int64(min(generator.current, 62))) / speedup
            generator.update(nowMillis: now)
        }
        #expect(now - start > Int64(maxPerDay) * 86_400_000 / Int64(events))
        if speedup == 1 {
            generator.update(nowMillis: now + 86_400_000 * Int64(events) / Int64(maxPerDay))
            #expect(generator.current == ProofOfWork.minDifficulty)
        }
    }

    /// Upstream's RateMonitor, transcribed step by step, as the reference for the closed form.
    struct StepwiseRateMonitor {
        var buckets = [Int64](repeating: 0, count: 20)
        var timeSteps: Int64 = 0
        mutating func timeStep() {
            timeSteps += 1
            for i in stride(from: buckets.count - 1, through: 0, by: -1) where timeSteps % (Int64(1) << i) == 0 {
                if i + 1 < buckets.count { buckets[i + 1] += buckets[i] }
                buckets[i] = 0
            }
        }
        mutating func steps(_ n: Int64) {
            if n > Int64(1) << buckets.count { buckets = [Int64](repeating: 0, count: buckets.count) } else { for _ in 0..<n { timeStep() } }
        }
    }

    @Test("bucket ageing equals upstream's step-by-step RateMonitor")
    func ageingMatchesStepwise() {
        var reference = StepwiseRateMonitor()
        var generator = SignupDifficulty(maxPerDay: 5000, nowMillis: 0)
        var rng = SeededGenerator()
        var now: Int64 = 0
        for round in 0..<400 {
            for _ in 0..<Int.random(in: 0...3, using: &rng) { reference.buckets[0] += 1; generator.addEvent() }
            // Mostly short gaps, some long ones (up to ~2^17 steps), and rarely one past the reset.
            let gapSteps: Int64 = round % 97 == 96 ? (1 << 21) : (round % 7 == 0 ? Int64.random(in: 0...(1 << 17), using: &rng) : Int64.random(in: 0...40, using: &rng))
            now += gapSteps * 100
            reference.steps(gapSteps)
            generator.update(nowMillis: now)
            #expect(generator.rates == reference.buckets, "round \(round); \(rng.seedNote)")
        }
    }

    @Test("a daily limit of 0 asks the maximum difficulty")
    func closed() {
        var generator = SignupDifficulty(maxPerDay: 0, nowMillis: 0)
        #expect(generator.current == ProofOfWork.maxDifficulty)
        generator.update(nowMillis: 10_000)
        #expect(generator.current == ProofOfWork.maxDifficulty)
    }

    @Test("over HTTP: a signup with too little work gets false and the required difficulty; with it, succeeds")
    func signupDifficulty() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("peergos-pow-\(UUID().uuidString)").path
        // A frozen clock keeps every signup in the youngest bucket, so the difficulty is exact:
        // with 1,000,000 a day the bucket's share is 1.157; two events give
        // Int(2 · ln(2 · 2 / 1.157) + 11) = 13.
        let frozen = Date(timeIntervalSince1970: 1_800_000_000)
        let server = try PeergosServer(dataDirectory: dir, maxDailySignups: 1_000_000, clock: { frozen })
        let login = try SigningKeyPair(seed: Hash.sha256(Array("sign:pow-login".utf8)))
        try await server.application(port: 0).test(.live) { client in
            func signup(_ name: String, proof: [UInt8]? = nil) async throws -> TestResponse {
                let identity = try SigningKeyPair(seed: Hash.sha256(Array("sign:pow-\(name)".utf8)))
                var body = try CoreRoutesTests.signup(name, identity: identity, login: login)
                if let proof {
                    // Replace the zero proof the helper writes with `proof` (it is the 4th field).
                    let link = UserPublicKeyLink.createInitial(signer: identity, username: name, expiry: CoreRoutesTests.expiry,
                                                               storageProviders: [CoreRoutesTests.provider])[0]
                    var fields = ServerFields(Array(body.body.readableBytesView))
                    fields.replace(3, with: proof)
                    #expect(fields.field(1) == link.serialize())
                    body.body = fields.buffer
                }
                return try await client.execute(uri: "/peergos/v0/core/signup", method: .post, body: body.body)
            }
            func answer(_ name: String, proof: [UInt8]? = nil) async throws -> [UInt8] { Array(try await signup(name, proof: proof).body.readableBytesView) }
            #expect(try await answer("alice") == [1])
            #expect(try await answer("bob") == [1])
            #expect(try await answer("carol") == [0, 0, 0, 0, 13])
            #expect(try server.database.chain(username: "carol") == nil)
            let carol = try SigningKeyPair(seed: Hash.sha256(Array("sign:pow-carol".utf8)))
            let link = UserPublicKeyLink.createInitial(signer: carol, username: "carol", expiry: CoreRoutesTests.expiry, storageProviders: [CoreRoutesTests.provider])[0]
            // Work for other data does not count.
            #expect(try await answer("carol", proof: ProofOfWork.generate(difficulty: 13, data: [1, 2, 3]).serialize()).first == 0)
            #expect(try await answer("carol", proof: ProofOfWork.generate(difficulty: 13, data: PKIChainBlock.encode([link])).serialize()) == [1])
            #expect(try server.database.chain(username: "carol") != nil)
            // Three events now: Int(2 · ln(6 / 1.157) + 11) = 14.
            #expect(try await answer("dave") == [0, 0, 0, 0, 14])
            // A malformed or oversized proof is a 400, not a retry.
            #expect(try await signup("dave", proof: [0xa0]).status == .badRequest)
            #expect(try await signup("dave", proof: ProofOfWork(prefix: [UInt8](repeating: 0, count: 100)).serialize()).status == .badRequest)
        }
    }
}

/// The length-prefixed fields of a DataStream body, for rewriting one in a test.
struct ServerFields {
    var fields: [[UInt8]] = []
    init(_ bytes: [UInt8]) {
        var i = 0
        while i + 4 <= bytes.count {
            let n = bytes[i..<(i + 4)].reduce(0) { $0 << 8 | Int($1) }
            fields.append(Array(bytes[(i + 4)..<(i + 4 + n)]))
            i += 4 + n
        }
    }
    func field(_ i: Int) -> [UInt8] { fields[i] }
    mutating func replace(_ i: Int, with b: [UInt8]) { fields[i] = b }
    var buffer: ByteBuffer { CoreRoutesTests.stream(fields) }
}
