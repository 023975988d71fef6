import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosMutable

/// Deliberate protocol violations for testing conformance runners against a broken server.
/// Never set by `peergos-server`; only tests and the conformance runner's own tests set it.
///
/// Invariant: with no fault set (`[]`, the default everywhere), the server behaves exactly as it
/// does without this type: every switch is checked where the rule it breaks is applied, and the
/// pure modules (PeergosMutable, PeergosPKI, …) know nothing of it; the server just skips calling
/// a check when its fault is on.
@_spi(FaultInjection) public struct ServerFaults: OptionSet, Sendable, Hashable {
    public let rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `block/put/bulk` accepts a block whatever its signature (any bytes, or the signature of
    /// another key); `mutable/setPointer` and `setPointers` accept a pointer update whatever its
    /// attached signature: the payload is read as the bytes after the 64-byte signature, and every
    /// other rule (size, shape, compare-and-swap, controller) still applies to it. A pointer stored
    /// this way is read back the same way by later updates of that writer.
    public static let acceptForgedSignatures = ServerFaults(rawValue: 1 << 0)

    /// `mutable/setPointer` and `setPointers` skip the `wrongOriginal` and `sequenceNotIncreasing`
    /// rules (an update is checked as if the stored pointer were its `original`, without a
    /// sequence), and the pointer write itself is unconditional (last writer wins), so of parallel
    /// writers from the same base every one is answered `true`.
    public static let ignoreCompareAndSwap = ServerFaults(rawValue: 1 << 1)

    /// `block/get`, and every block of a `champ/get` or `champ/get/bulk` answer, is served with one
    /// byte flipped (the last, XOR 0xFF) when it is not empty; headers are unchanged.
    public static let corruptBlocks = ServerFaults(rawValue: 1 << 2)

    /// Every refusal (any answer that would be a status with a `Trailer` message: 400s, and the
    /// generic internal error) is answered 400 with no `Trailer` header, no `Content-Type` and an
    /// empty body.
    public static let dropTrailer = ServerFaults(rawValue: 1 << 3)

    /// `core/signup` skips the username rules (syntax, reserved names, length) and the claim's
    /// chain validation (signature, providers, …); `core/updateChain` skips `ChainValidator.merge`
    /// (expiry not before the existing chain's, same key at the join, no reused key, the merged
    /// chain valid) and stores the chain exactly as sent. The bodies must still parse, and the
    /// updated chain must still end with the username.
    public static let acceptInvalidChains = ServerFaults(rawValue: 1 << 4)

    /// `link/get` serves a secret link past its `expiry` and past its maximum retrievals (each
    /// retrieval is still counted).
    public static let serveExpiredLinks = ServerFaults(rawValue: 1 << 5)

    /// `block/put/bulk`, `mutable/setPointer` and `setPointers` accept writes from a key no
    /// signed-up user owns (Spec/http.md#authorisation); such blocks are charged to nobody, and
    /// such a pointer registers no owned writers.
    public static let allowUnregisteredWriters = ServerFaults(rawValue: 1 << 6)

    /// A request whose body or parameters fail to parse (a missing or unreadable parameter:
    /// CID, key hash, hex, label, caps; malformed CBOR or a body of the wrong shape; a truncated
    /// DataStream field; a bad gzip body; an unreadable pointer update) is answered HTTP 500 (with
    /// the same `Trailer` message) instead of the 400 refusal. Errors the server does not
    /// recognise (a lower module's decoding error, answered as a generic internal error) count
    /// as malformed input too; storage failures do not.
    public static let internalErrorOnMalformedInput = ServerFaults(rawValue: 1 << 7)

    /// Every fault above.
    public static let all: ServerFaults = [.acceptForgedSignatures, .ignoreCompareAndSwap, .corruptBlocks, .dropTrailer, .acceptInvalidChains,
                                           .serveExpiredLinks, .allowUnregisteredWriters, .internalErrorOnMalformedInput]
}

extension ServerFaults {
    /// The payload of a writer's attached signature: verified under `key`, or with
    /// ``acceptForgedSignatures`` just the bytes after the 64-byte signature. Nil if it does not open.
    func opened(_ signed: [UInt8], key: PublicSigningKey?) -> [UInt8]? {
        if contains(.acceptForgedSignatures) { return signed.count >= 64 ? Array(signed.dropFirst(64)) : nil }
        guard let key else { return nil }
        return try? key.unsignMessage(signed)
    }

    /// A block as `block/get` and `champ/get` serve it: unchanged, or with ``corruptBlocks`` its
    /// last byte flipped.
    func served(_ block: [UInt8]) -> [UInt8] {
        guard contains(.corruptBlocks), let last = block.last else { return block }
        var b = block
        b[b.count - 1] = last ^ 0xff
        return b
    }

    /// What `PointerValidator.validate` is given for a signed update under these faults. With no
    /// pointer fault, exactly the inputs. With ``acceptForgedSignatures``, the payload (read
    /// without verifying) re-signed by a throwaway key, which is passed as the writer's key, so
    /// every rule but the signature's still applies. With ``ignoreCompareAndSwap``, the current
    /// update replaced by one whose `updated` is the update's own `original` and which has no
    /// sequence, so neither CAS rule can fail.
    func pointerValidation(signed: [UInt8], writerKey: PublicSigningKey?, current: PointerUpdate?) throws
        -> (signed: [UInt8], key: PublicSigningKey?, current: PointerUpdate?) {
        var inputs = (signed: signed, key: writerKey, current: current)
        guard contains(.acceptForgedSignatures) || contains(.ignoreCompareAndSwap) else { return inputs }
        let payload = opened(signed, key: writerKey)
        if contains(.acceptForgedSignatures), let payload {
            let forger = try SigningKeyPair(seed: SystemRandom.shared.bytes(32))
            inputs = (forger.signMessage(payload), forger.publicKey, current)
        }
        if contains(.ignoreCompareAndSwap) {
            let update = payload.flatMap { try? PointerUpdate(cbor: CborObject.decode($0, options: .upstreamCompatible)) }
            inputs.current = try update?.original.map { try PointerUpdate(original: nil, updated: $0, sequence: nil) }
        }
        return inputs
    }
}
