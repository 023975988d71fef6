import FuzzSupport
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats
import PeergosStorage

/// Cryptree nodes: the node block itself (strict and upstream-compatible), and what its encrypted
/// parts hold once opened (a co-writer who has the keys can encrypt anything): FromBase,
/// FromParent, FileProperties, FragmentedPaddedCipherText and its decryption.
let key = try! SymmetricKey(bytes: [UInt8](repeating: 0x42, count: 32))
let nonce = [UInt8](repeating: 0x24, count: SymmetricKey.nonceLength)

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzCryptree(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    let bytes = fuzzBytes(start, count)
    var r = FuzzReader(bytes)
    let mode = r.byte() % 3
    let payload = r.rest()
    switch mode {
    case 0:
        // The node block as fetched from the network.
        for options in [CborDecodingOptions.strict, .upstreamCompatibleWithTextLinks] {
            guard let node = try? CryptreeNode(cborBytes: payload, options: options) else { continue }
            fuzzCheck((try? CryptreeNode(cbor: node.toCbor())) == node, "CryptreeNode CBOR does not round-trip")
            _ = try? node.readFromBase(key)
            _ = try? node.parentKey(key)
            _ = node.isDirectory(key)
            _ = try? node.readFromParent(key)
            _ = try? node.data.decrypt(key: key, store: InMemoryBlockStore())
        }
    case 1:
        // The plaintext of an encrypted part, as CBOR.
        guard let cbor = try? CborObject.decode(payload, options: .upstreamCompatibleWithTextLinks) else { return 0 }
        if let v = try? CryptreeNode.FromBase(cbor: cbor) { fuzzCheck((try? CryptreeNode.FromBase(cbor: v.toCbor())) == v, "FromBase does not round-trip") }
        if let v = try? CryptreeNode.FromParent(cbor: cbor) { fuzzCheck((try? CryptreeNode.FromParent(cbor: v.toCbor())) == v, "FromParent does not round-trip") }
        if let v = try? FileProperties(cbor: cbor) { fuzzCheck((try? FileProperties(cbor: v.toCbor())) == v, "FileProperties does not round-trip") }
        if let v = try? FragmentedPaddedCipherText(cbor: cbor) {
            fuzzCheck((try? FragmentedPaddedCipherText(cbor: v.toCbor())) == v, "FragmentedPaddedCipherText does not round-trip")
            _ = try? v.decrypt(key: key, store: InMemoryBlockStore())
        }
        if let v = try? NamedRelativeCapability(cbor: cbor) { _ = v.toCbor() }
        if let v = try? BatWithId(cbor: cbor) { fuzzCheck((try? BatWithId(cbor: v.toCbor())) == v, "BatWithId does not round-trip") }
    default:
        // Arbitrary bytes encrypted under the right key: the decrypting readers see them as plaintext.
        guard let sealed = try? key.encrypt(payload, nonce: nonce), let cipherText = try? CipherText(nonce: nonce, ciphertext: sealed) else { return 0 }
        let node = CryptreeNode(bats: [], fromBase: cipherText, fromParent: cipherText,
                                data: FragmentedPaddedCipherText(nonce: nonce, header: nil, fragments: [], bats: [], inlined: sealed))
        _ = try? node.readFromBase(key)
        _ = try? node.parentKey(key)
        _ = node.isDirectory(key)
        _ = try? node.readFromParent(key)
        _ = try? node.data.decrypt(key: key, store: InMemoryBlockStore())
    }
    return 0
}
