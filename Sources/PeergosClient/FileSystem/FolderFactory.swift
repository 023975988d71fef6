import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats

/// Builds folder nodes as upstream's `CryptreeNode.mkdir`/`createDir` does: fresh read and write
/// base keys, a fresh parent key, a random map key and BAT, a next-chunk link with a random
/// location, a back-link to the parent (its location and parent key), and in the parent a named
/// link whose `l` carries the new write key under the parent's.
enum FolderFactory {
    struct NewFolder {
        let capability: AbsoluteCapability
        let node: (node: CryptreeNode, blocks: [[UInt8]])
        /// The named link to add to the parent folder.
        let link: NamedRelativeCapability
    }

    static func properties(name: String, directory: Bool, size: Int64 = 0, mimeType: String = "", hidden: Bool = false,
                           seconds: Int64, nanos: Int64 = 0, created: Int64? = nil, streamSecret: SecretBytes? = nil) throws -> FileProperties {
        try FileProperties(name: name, isDirectory: directory, mimeType: mimeType, size: size, modifiedSeconds: seconds, modifiedNanos: nanos,
                           createdSeconds: created ?? seconds, createdNanos: created == nil ? nanos : 0, isHidden: hidden, streamSecret: streamSecret)
    }

    /// A folder node for `capability` (which must be writable) with these children.
    static func folderNode(capability: AbsoluteCapability, parentKey: SymmetricKey, name: String, parent: RelativeCapability?,
                           signer: SigningKeyPair?, children: [NamedRelativeCapability], mirror: Cid?, seconds: Int64, hidden: Bool = false,
                           random: RandomSource) throws -> (node: CryptreeNode, blocks: [[UInt8]]) {
        let next = try RelativeCapability(writer: nil, mapKey: random.bytes(32), bat: Bat.random(using: random), readBaseKey: capability.readBaseKey)
        let signerLink = try signer.map { s -> CipherText in
            guard let w = capability.writeBaseKey else { throw PeergosClientError.notWritable(name) }
            return SignerLink.make(writeKey: w, signer: s, random: random)
        }
        return try CryptreeNode.directory(readBaseKey: capability.readBaseKey, parentKey: parentKey, signerLink: signerLink,
                                          properties: properties(name: name, directory: true, hidden: hidden, seconds: seconds),
                                          parent: parent, nextChunk: next, children: children.map { $0.toCbor() },
                                          inlineBat: capability.bat, mirrorBat: mirror, random: random)
    }

    /// A new empty folder `name` inside the folder `parent` (whose parent key is `parentKey`).
    /// `readKey`, when given, is the folder's read base key instead of a fresh one (upstream's
    /// reply to a follow request makes the folder for the requester with the key it asked for).
    static func newFolder(name: String, in parent: AbsoluteCapability, parentKey: SymmetricKey, hidden: Bool, mirror: Cid?, now: Date,
                          random: RandomSource, readKey: SymmetricKey? = nil) throws -> NewFolder {
        guard let parentWrite = parent.writeBaseKey else { throw PeergosClientError.notWritable(name) }
        let cap = try AbsoluteCapability(owner: parent.owner, writer: parent.writer, mapKey: random.bytes(32), bat: Bat.random(using: random),
                                         readBaseKey: readKey ?? SymmetricKey.random(using: random), writeBaseKey: SymmetricKey.random(using: random))
        let back = try RelativeCapability(writer: nil, mapKey: parent.mapKey, bat: parent.bat, readBaseKey: parentKey)
        let seconds = Int64(now.timeIntervalSince1970)
        let node = try folderNode(capability: cap, parentKey: SymmetricKey.random(using: random), name: name, parent: back, signer: nil,
                                  children: [], mirror: mirror, seconds: seconds, hidden: hidden, random: random)
        let link = try NamedRelativeCapability(name: name, capability: relativeLink(to: cap, from: parentWrite, random: random),
                                               isDirectory: true, mimeType: "", created: seconds)
        return NewFolder(capability: cap, node: node, link: link)
    }

    /// The relative link from a folder (write key `parentWrite`) to `target` in the same writer.
    static func relativeLink(to target: AbsoluteCapability, from parentWrite: SymmetricKey?, random: RandomSource) throws -> RelativeCapability {
        var writeLink: CipherText? = nil
        if let parentWrite, let w = target.writeBaseKey, w != parentWrite {
            writeLink = CipherText.build(key: parentWrite, plaintext: w.toCbor(), random: random)
        }
        return try RelativeCapability(writer: nil, mapKey: target.mapKey, bat: target.bat, readBaseKey: target.readBaseKey, writeLink: writeLink)
    }
}
