import PeergosCrypto
import PeergosMultiformats

/// A secret link: `secret/z<owner CID in base58>/<label>#<link password>`. The part after `#` is a
/// URL fragment, so it never reaches the server.
///
/// Invariant: `label > 0`; the password is what the creator drew (12 characters of `A-Za-z0-9`
/// for links this type creates; any text when parsed).
public struct SecretLink: Hashable, Sendable, CustomStringConvertible {
    public static let passwordAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    public static let passwordLength = 12

    public let owner: PublicKeyHash
    public let label: Int64
    public let linkPassword: String

    public init(owner: PublicKeyHash, label: Int64, linkPassword: String) throws {
        guard label > 0 else { throw CapabilityError.nonPositiveLabel(String(label)) }
        self.owner = owner
        self.label = label
        self.linkPassword = linkPassword
    }

    /// A new link: the label is the little-endian uint32 of 4 random bytes (redrawn while 0), and
    /// each password character comes from one random byte, bytes ≥ 62 being rejected and redrawn.
    public static func create(owner: PublicKeyHash, random: RandomSource) -> SecretLink {
        var label: Int64 = 0
        while label == 0 {
            let b = random.bytes(4)
            label = Int64(b[0]) | Int64(b[1]) << 8 | Int64(b[2]) << 16 | Int64(b[3]) << 24
        }
        var password: [UInt8] = []
        while password.count < passwordLength {
            let b = random.bytes(1)[0]
            if b < passwordAlphabet.count { password.append(passwordAlphabet[Int(b)]) }
        }
        // label > 0 by construction.
        return try! SecretLink(owner: owner, label: label, linkPassword: String(decoding: password, as: UTF8.self))
    }

    /// The link text.
    public var description: String { "secret/\(owner)/\(label)#\(linkPassword)" }

    /// Reads a link; a leading `/` and anything from `?` on after the password are ignored.
    public init(link: String) throws {
        var text = Substring(link)
        if text.hasPrefix("/") { text = text.dropFirst() }
        guard let hash = text.firstIndex(of: "#") else { throw CapabilityError.malformedSecretLink("no #password") }
        var password = text[text.index(after: hash)...]
        if let query = password.firstIndex(of: "?") { password = password[..<query] }
        let path = text[..<hash].split(separator: "/", omittingEmptySubsequences: false)
        guard path.count == 3, path[0] == "secret" else { throw CapabilityError.malformedSecretLink("expected secret/<owner>/<label>") }
        let owner: PublicKeyHash
        do {
            owner = try PublicKeyHash(cid: Cid(string: String(path[1])))
        } catch {
            throw CapabilityError.malformedSecretLink("owner: \(error)")
        }
        guard let label = Int64(path[2]) else { throw CapabilityError.nonPositiveLabel(String(path[2])) }
        try self.init(owner: owner, label: label, linkPassword: String(password))
    }
}
