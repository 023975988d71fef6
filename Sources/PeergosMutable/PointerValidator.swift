import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// Why a server refuses a signed pointer update (Spec: mutable pointers).
public enum PointerRefusal: String, Error, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// The signed update is larger than ``PointerUpdate/maximumSignedSize``.
    case oversize
    /// The writer's public key cannot be had from its PublicKeyHash.
    case writerKeyUnavailable
    /// The signature does not verify under the writer's key.
    case badSignature
    /// The signed payload is not a PointerUpdate.
    case malformed
    /// `original` is not the current pointer's `updated` (a lost compare-and-swap).
    case wrongOriginal
    /// The current pointer has a sequence and the update's is absent or not greater.
    case sequenceNotIncreasing
    /// The block the update points to is not a WriterData controlled by this writer.
    case controllerMismatch

    public var description: String { rawValue }
}

/// The pure part of a server's `setPointer`: decides whether a signed update may replace the
/// current one. I/O (fetching the writer key and the new WriterData's controller) is the caller's.
public enum PointerValidator {
    /// Validates `signed` (the writer's attached signature over a PointerUpdate).
    /// - Parameters:
    ///   - writer: the pointer's writer.
    ///   - writerKey: the writer's public key (nil if it cannot be had).
    ///   - current: the update currently stored for this writer, if any.
    ///   - updatedController: the `controller` of the WriterData the update points to (nil if the
    ///     update points nowhere); nil with a non-nil `updated` counts as a mismatch.
    /// - Returns: the accepted update, or the first rule it breaks.
    public static func validate(signed: [UInt8], writer: PublicKeyHash, writerKey: PublicSigningKey?, current: PointerUpdate?,
                                updatedController: PublicKeyHash?) -> Result<PointerUpdate, PointerRefusal> {
        guard signed.count <= PointerUpdate.maximumSignedSize else { return .failure(.oversize) }
        guard let key = writerKey else { return .failure(.writerKeyUnavailable) }
        guard let payload = try? key.unsignMessage(signed) else { return .failure(.badSignature) }
        guard let update = try? PointerUpdate(cbor: CborObject.decode(payload, options: .strict)) else { return .failure(.malformed) }
        guard update.original == current?.updated else { return .failure(.wrongOriginal) }
        if let currentSequence = current?.sequence {
            guard let next = update.sequence, next > currentSequence else { return .failure(.sequenceNotIncreasing) }
        }
        if update.updated != nil && updatedController != writer { return .failure(.controllerMismatch) }
        return .success(update)
    }
}
