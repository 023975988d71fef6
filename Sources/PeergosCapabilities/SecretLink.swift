import PeergosCrypto
import PeergosMultiformats

/// A secret link: `secret/z<owner CID in base58>/<label>#<link password>`. The part after `#` is a
/// URL fragment, so it never reaches the server.
///
/// Invariant: `label > 0`; the password is what the creator drew (12 characters of `A-Za-z0-9`
/// for links this type creates; any text when parsed).
///
/// Secret handling: the password is kept as its UTF-8 bytes in ``SecretBytes`` (zeroed when
/// freed); equality compares it in constant time (`sodium_memcmp`, so two links are equal when
/// their passwords have the same UTF-8 bytes) and hashing sees only its length. ``description``,
/// `debugDescription`, interpolation and `dump` show `#redacted` in its place. The link text with
/// the password, which is the link by design, comes only from the explicit ``link`` property.
public struct SecretLink: Hashable, Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public static let passwordAlphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789".utf8)
    public static let passwordLength = 12

    public let owner: PublicKeyHash
    public let label: Int64
    /// The UTF-8 bytes of the link password.
    public let password: SecretBytes

    /// A link whose password is the UTF-8 of `linkPassword` (copied into secret storage).
    public init(owner: PublicKeyHash, label: Int64, linkPassword: String) throws {
        var bytes = Array(linkPassword.utf8)
        try self.init(owner: owner, label: label, password: SecretBytes(consuming: &bytes))
    }

    /// A link over `password`, the UTF-8 bytes of the link password (shared, not copied).
    public init(owner: PublicKeyHash, label: Int64, password: SecretBytes) throws {
        guard label > 0 else { throw CapabilityError.nonPositiveLabel(String(label)) }
        self.owner = owner
        self.label = label
        self.password = password
    }

    /// A new link: the label is the little-endian uint32 of 4 random bytes (redrawn while 0), and
    /// each password character comes from one random byte, bytes ≥ 62 being rejected and redrawn.
    public static func create(owner: PublicKeyHash, random: RandomSource) -> SecretLink {
        var label: Int64 = 0
        while label == 0 {
            let b = random.bytes(4)
            label = Int64(b[0]) | Int64(b[1]) << 8 | Int64(b[2]) << 16 | Int64(b[3]) << 24
        }
        let password = SecretBytes(count: passwordLength, initializingWith: { out in
            var written = 0
            while written < passwordLength {
                var b = random.bytes(1)
                if b[0] < passwordAlphabet.count {
                    out[written] = passwordAlphabet[Int(b[0])]
                    written += 1
                }
                SecretBytes.erase(&b)
            }
        })
        // label > 0 by construction.
        return try! SecretLink(owner: owner, label: label, password: password)
    }

    /// The link password as text. This reveals the secret (in a `String`, which is not zeroed when
    /// freed): use it only to hand the password on, never to log it.
    public var linkPassword: String {
        password.withUnsafeBytes { String(decoding: $0, as: UTF8.self) }
    }

    /// The link text, `secret/<owner>/<label>#<password>`. It shows the password by design (it is
    /// the link): this explicit property is the only rendering that does; ``description`` does not.
    public var link: String { "secret/\(owner)/\(label)#\(linkPassword)" }

    /// `SecretLink(secret/<owner>/<label>#redacted)`: the link with its password redacted.
    public var description: String { "SecretLink(secret/\(owner)/\(label)#redacted)" }
    public var debugDescription: String { description }
    /// Owner and label only.
    public var customMirror: Mirror {
        Mirror(self, children: ["owner": owner.description, "label": label], displayStyle: .struct)
    }

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
        var bytes = Array(password.utf8)
        try self.init(owner: owner, label: label, password: SecretBytes(consuming: &bytes))
    }
}

extension SecretLink {
    /// The key of a link with `label` in its owner's links CHAMP: SHA-256 of the label as 8
    /// little-endian bytes (vectors: Vectors/peergos/client-wire.json, `link_champ_key`).
    public static func champKey(label: Int64) -> [UInt8] {
        Hash.sha256((0..<8).map { UInt8(truncatingIfNeeded: UInt64(bitPattern: label) >> (8 * UInt64($0))) })
    }

    /// The key of this link in its owner's links CHAMP (``champKey(label:)``).
    public var champKey: [UInt8] { Self.champKey(label: label) }
}
