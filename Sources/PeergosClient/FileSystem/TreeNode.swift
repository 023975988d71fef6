import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage

/// The writer's signing key with its key hash, as a cryptree node's `w` link holds it
/// (upstream `SigningPrivateKeyAndPublicHash`: `{p: key hash, s: secret signing key}`), encrypted
/// under the node's write base key.
enum SignerLink {
    static func make(writeKey: SymmetricKey, signer: SigningKeyPair, random: RandomSource) -> CipherText {
        CipherText.build(key: writeKey, plaintext: .map(["p": signer.publicKey.publicKeyHash.toCbor(), "s": signer.secretKey.toCbor()]), random: random)
    }

    static func open(_ link: CipherText, writeKey: SymmetricKey) throws -> SigningKeyPair {
        let m = try link.decrypt(key: writeKey).asMap("SigningPrivateKeyAndPublicHash")
        let secret = try SecretSigningKey(cbor: m.required("s"))
        let pair = try SigningKeyPair(secretKey: secret)
        guard try PublicKeyHash(cbor: m.required("p")) == pair.publicKey.publicKeyHash else {
            throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "signer link names another key")
        }
        return pair
    }
}

/// A cryptree node read through a capability, with everything the capability opens: whether it
/// is a directory, its parent key, its metadata, its base block, and the writer's signing key
/// when the capability is writable (from the node's own `w` link, or inherited from the folder
/// it was reached through, as upstream carries the entry writer down the tree).
public struct TreeNode: @unchecked Sendable {
    public let capability: AbsoluteCapability
    /// The node block's CID (what a compare-and-swap in the CHAMP expects).
    public let cid: Cid
    public let node: CryptreeNode
    public let isDirectory: Bool
    public let parentKey: SymmetricKey
    public let fromParent: CryptreeNode.FromParent
    public let fromBase: CryptreeNode.FromBase
    public let signer: SigningKeyPair?

    public var properties: FileProperties { fromParent.properties }
    public var name: String { properties.name }

    /// Opens `node` with `capability`'s keys.
    init(capability: AbsoluteCapability, cid: Cid, node: CryptreeNode, inheritedSigner: SigningKeyPair?) throws {
        self.capability = capability
        self.cid = cid
        self.node = node
        isDirectory = node.isDirectory(capability.readBaseKey)
        parentKey = try node.parentKey(capability.readBaseKey)
        fromParent = try node.readFromParent(parentKey)
        fromBase = try node.readFromBase(capability.readBaseKey)
        if let link = fromBase.signerLink, let writeKey = capability.writeBaseKey {
            signer = try SignerLink.open(link, writeKey: writeKey)
        } else if let inheritedSigner, capability.isWritable, inheritedSigner.publicKey.publicKeyHash == capability.writer {
            signer = inheritedSigner
        } else {
            signer = nil
        }
    }

    /// This node's location and parent key as a child's back-link to it.
    func backLink() throws -> RelativeCapability {
        try RelativeCapability(writer: nil, mapKey: capability.mapKey, bat: capability.bat, readBaseKey: parentKey)
    }

    /// The mirror BAT id this node carries (second of its `bats`), which its children reuse.
    var mirrorBat: Cid? { node.bats.count > 1 ? node.bats[1] : nil }
}

/// A listing entry.
public struct DirectoryEntry: Sendable, Hashable, Codable {
    public let name: String
    public let isDirectory: Bool
    public let size: Int64
    /// Modified time, UTC epoch seconds.
    public let modified: Int64
    public let mimeType: String
}
