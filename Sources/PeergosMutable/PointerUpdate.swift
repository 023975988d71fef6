import PeergosCBOR
import PeergosMultiformats

/// A compare-and-swap of a writer's mutable pointer: CBOR `[original, updated]` or
/// `[original, updated, sequence]`, where `original` and `updated` are the *untagged* CID bytes
/// (a byte string, not a tag-42 link) or null.
///
/// Invariant: `original != updated`. The first update of a pointer has sequence 1; each next one
/// the current sequence + 1.
public struct PointerUpdate: Hashable, Sendable, CborCodable {
    /// Largest signed update a server accepts (upstream `MAX_POINTER_SIZE` = 64 + 2 + 2·36 + 9).
    public static let maximumSignedSize = 147

    public let original: Cid?
    public let updated: Cid?
    public let sequence: Int64?

    public init(original: Cid?, updated: Cid?, sequence: Int64?) throws {
        guard original != updated else { throw PointerError.originalEqualsUpdated }
        self.original = original
        self.updated = updated
        self.sequence = sequence
    }

    /// The update that moves a pointer from `current` (nil for a new pointer) to `updated`.
    /// - Throws: ``PointerError/sequenceExhausted`` when the current sequence is `Int64.max`
    ///   (no greater sequence exists, so the pointer can never move again),
    ///   ``PointerError/originalEqualsUpdated`` when `updated` is the current target.
    public static func next(after current: PointerUpdate?, to updated: Cid) throws -> PointerUpdate {
        var sequence: Int64 = 1
        if let currentSequence = current?.sequence {
            let (next, overflow) = currentSequence.addingReportingOverflow(1)
            guard !overflow else { throw PointerError.sequenceExhausted }
            sequence = next
        }
        return try PointerUpdate(original: current?.updated, updated: updated, sequence: sequence)
    }

    public func toCbor() -> CborObject {
        var items: [CborObject] = [original.map { .bytes($0.bytes) } ?? .null, updated.map { .bytes($0.bytes) } ?? .null]
        if let sequence { items.append(.integer(sequence)) }
        return .list(items)
    }

    public init(cbor: CborObject) throws {
        let list = try cbor.asList("PointerUpdate")
        guard list.count == 2 || list.count == 3 else { throw PointerError.malformed("expected [original, updated] or [original, updated, sequence]") }
        func cid(_ o: CborObject, _ what: String) throws -> Cid? {
            if o.isNull { return nil }
            return try Cid(bytes: o.asBytes(what))
        }
        try self.init(original: cid(list[0], "original"), updated: cid(list[1], "updated"),
                      sequence: list.count == 3 ? list[2].asInteger("sequence") : nil)
    }
}
