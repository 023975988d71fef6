import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats

/// One rule a chain breaks, with the index of the link that breaks it.
public struct ChainFailure: Hashable, Sendable, CustomStringConvertible {
    public enum Rule: String, Hashable, Sendable, CaseIterable {
        case emptyChain
        case usernameHasWhitespace
        case usernameTooLong
        case usernameMismatch
        /// The last link must name exactly one storage provider.
        case lastLinkProviderCount
        /// Links before the last must name none.
        case earlierLinkHasProviders
        /// The owner's key cannot be had from its PublicKeyHash (not an identity hash, or not Ed25519).
        case ownerKeyUnavailable
        /// The claim's signed contents do not verify under the owner, or state other fields.
        case claimSignatureInvalid
        case keyChangeProofMissing
        case keyChangeProofInvalid
        /// The key change proof names a key other than the next link's owner.
        case keyChangeTargetMismatch
    }

    public let rule: Rule
    public let linkIndex: Int?

    public var description: String { linkIndex.map { "\(rule.rawValue) (link \($0))" } ?? rule.rawValue }
}

/// The outcome of validating a PKI chain: valid, or every rule it breaks (never a bare `false`).
public enum ChainValidationResult: Hashable, Sendable {
    case valid
    case invalid([ChainFailure])

    public var isValid: Bool { self == .valid }
    public var failures: [ChainFailure] { if case .invalid(let f) = self { return f } else { return [] } }
}

/// Chain validation (Spec: PKI). Expiry is deliberately not checked here, as upstream does not.
public enum ChainValidator {
    public static func validate(_ chain: [UserPublicKeyLink], username: String) -> ChainValidationResult {
        guard !chain.isEmpty else { return .invalid([ChainFailure(rule: .emptyChain, linkIndex: nil)]) }
        var failures: [ChainFailure] = []
        func fail(_ rule: ChainFailure.Rule, _ index: Int?) { failures.append(ChainFailure(rule: rule, linkIndex: index)) }

        if username.contains(where: { $0 == " " || $0 == "\t" || $0 == "\n" }) { fail(.usernameHasWhitespace, nil) }
        if username.utf16.count > UsernameClaim.maximumUsernameLength { fail(.usernameTooLong, nil) }
        for (i, link) in chain.enumerated() {
            let isLast = i == chain.count - 1
            if link.claim.username != username { fail(.usernameMismatch, i) }
            if isLast && link.claim.storageProviders.count != 1 { fail(.lastLinkProviderCount, i) }
            if !isLast && !link.claim.storageProviders.isEmpty { fail(.earlierLinkHasProviders, i) }
            guard let key = signingKey(of: link.owner) else {
                fail(.ownerKeyUnavailable, i)
                continue
            }
            if !link.claim.verify(with: key) { fail(.claimSignatureInvalid, i) }
            if !isLast {
                guard let proof = link.keyChangeProof else {
                    fail(.keyChangeProofMissing, i)
                    continue
                }
                guard let target = try? key.unsignMessage(proof) else {
                    fail(.keyChangeProofInvalid, i)
                    continue
                }
                if target != chain[i + 1].owner.serialize() { fail(.keyChangeTargetMismatch, i) }
            }
        }
        return failures.isEmpty ? .valid : .invalid(failures)
    }

    /// The Ed25519 key inlined in an identity PublicKeyHash.
    static func signingKey(of owner: PublicKeyHash) -> PublicSigningKey? {
        guard let cbor = owner.inlineKeyCbor else { return nil }
        return try? PublicSigningKey(cborBytes: cbor)
    }

    /// Merges an updated chain into the existing one, as a PKI server does before accepting it:
    /// the first link that differs must belong to the existing last owner and expire no earlier
    /// than it; the new last key must not be an earlier key.
    ///
    /// Invariant: whatever path is taken (no existing chain, the existing chain resubmitted, or a
    /// real extension), the result is validated before it is returned; a result that breaks a
    /// rule throws ``PKIError/invalidMergedChain(_:)`` listing every broken rule (Spec/pki.md#merge).
    public static func merge(existing: [UserPublicKeyLink], updated: [UserPublicKeyLink]) throws -> [UserPublicKeyLink] {
        guard !updated.isEmpty else { throw PKIError.emptyChain }
        let merged: [UserPublicKeyLink]
        let username: String
        if let last = existing.last, updated != existing {
            var index = 0
            while index < updated.count && index < existing.count && updated[index] == existing[index] { index += 1 }
            let tail = Array(updated[min(index, updated.count - 1)...])
            guard let first = tail.first, let newLast = tail.last else { throw PKIError.emptyChain }
            if first.claim.expiry < last.claim.expiry { throw PKIError.expiryBeforeExisting }
            if first.owner != last.owner {
                throw tail.count == 1 ? PKIError.userAlreadyExists : PKIError.differentKeysInIntersection
            }
            if existing.dropLast().contains(where: { $0.owner == newLast.owner }) { throw PKIError.reusedKey }
            merged = Array(existing.dropLast()) + tail
            username = first.claim.username
        } else {
            // Nothing stored yet, or the stored chain sent again: the update is the whole result.
            merged = updated
            username = updated[0].claim.username
        }
        if case .invalid(let failures) = validate(merged, username: username) { throw PKIError.invalidMergedChain(failures) }
        return merged
    }
}
