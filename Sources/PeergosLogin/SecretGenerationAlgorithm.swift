import PeergosCBOR

/// How a user's login keys come from their password: scrypt with published parameters and an
/// extra salt (type 1), or random keys (type 0). Stored in clear in the identity key's WriterData.
///
/// CBOR (scrypt): `{c: r, m: log₂N, o: output bytes, p: parallelism, s: extra salt, type: 1}`;
/// (random): `{type: 0}`. Note the naming trap upstream keeps: `memoryCost` is log₂N and `cpuCost` is r.
public enum SecretGenerationAlgorithm: Hashable, Sendable, CborCodable {
    case scrypt(ScryptParameters)
    case random

    public static let minimumMemoryCost = 15
    public static let loginMemoryCost = 17

    /// scrypt parameters. Invariant: `memoryCost >= 15`.
    public struct ScryptParameters: Hashable, Sendable {
        public let memoryCost: Int
        public let cpuCost: Int
        public let parallelism: Int
        public let outputBytes: Int
        public let extraSalt: String

        public init(memoryCost: Int, cpuCost: Int, parallelism: Int, outputBytes: Int, extraSalt: String) throws {
            guard memoryCost >= SecretGenerationAlgorithm.minimumMemoryCost else { throw LoginError.memoryCostTooLow(memoryCost) }
            self.memoryCost = memoryCost
            self.cpuCost = cpuCost
            self.parallelism = parallelism
            self.outputBytes = outputBytes
            self.extraSalt = extraSalt
        }
    }

    /// New accounts: (17, 8, 1, 64) with the given extra salt (upstream draws 32 random bytes, hex).
    public static func `default`(extraSalt: String) -> SecretGenerationAlgorithm {
        .scrypt(try! ScryptParameters(memoryCost: 17, cpuCost: 8, parallelism: 1, outputBytes: 64, extraSalt: extraSalt))
    }

    /// Legacy accounts: (17, 8, 1, 96).
    public static func legacy(extraSalt: String = "") -> SecretGenerationAlgorithm {
        .scrypt(try! ScryptParameters(memoryCost: 17, cpuCost: 8, parallelism: 1, outputBytes: 96, extraSalt: extraSalt))
    }

    /// The secret-link key generator: (15, 8, 1, 32, "").
    public static let secretLinkKeyGenerator = SecretGenerationAlgorithm.scrypt(
        try! ScryptParameters(memoryCost: 15, cpuCost: 8, parallelism: 1, outputBytes: 32, extraSalt: ""))

    public func toCbor() -> CborObject {
        switch self {
        case .random:
            return .map(["type": .integer(0)])
        case .scrypt(let p):
            return .map([
                "type": .integer(1), "m": .integer(Int64(p.memoryCost)), "c": .integer(Int64(p.cpuCost)),
                "p": .integer(Int64(p.parallelism)), "o": .integer(Int64(p.outputBytes)), "s": .text(p.extraSalt),
            ])
        }
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("SecretGenerationAlgorithm")
        let type = try m.required("type").asInteger("type")
        switch type {
        case 0:
            self = .random
        case 1:
            func int(_ key: String) throws -> Int {
                let v = try m.required(key).asInteger(key)
                guard let i = Int(exactly: v), i >= 0, i <= 1 << 20 else { throw CborSchemaError.invalidValue("\(key) = \(v)") }
                return i
            }
            self = .scrypt(try ScryptParameters(memoryCost: int("m"), cpuCost: int("c"), parallelism: int("p"), outputBytes: int("o"),
                                                extraSalt: m["s"]?.asText("s") ?? ""))
        default:
            throw LoginError.unknownAlgorithmType(type)
        }
    }
}
