import PeergosCBOR

/// A capability with the name of the user who owns what it points to: `{c: AbsoluteCapability, n: owner name}`.
public struct EntryPoint: Hashable, Sendable, CborCodable {
    public let capability: AbsoluteCapability
    public let ownerName: String

    public init(capability: AbsoluteCapability, ownerName: String) {
        self.capability = capability
        self.ownerName = ownerName
    }

    public func toCbor() -> CborObject { .map(["c": capability.toCbor(), "n": .text(ownerName)]) }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("EntryPoint")
        capability = try AbsoluteCapability(cbor: m.required("c"))
        ownerName = try m.required("n").asText("owner name")
    }
}
