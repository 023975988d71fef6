import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto

/// A reply to, or an offer of, a follow: `{e?: EntryPoint, k?: SymmetricKey}`.
///
/// Semantics (as upstream): a request carrying an entry point is *accepted* (it shares the sender's
/// root with the recipient); one carrying a key is *reciprocated* (the sender wants to follow back,
/// and the key encrypts the reply); a rejection carries an entry point to the null capability.
public struct FollowRequest: Hashable, Sendable, CborCodable {
    public let entry: EntryPoint?
    public let key: SymmetricKey?

    public init(entry: EntryPoint?, key: SymmetricKey?) {
        self.entry = entry
        self.key = key
    }

    /// Whether it shares an entry point (upstream's `isAccepted`; true for rejections too).
    public var isAccepted: Bool { entry != nil }
    /// Whether it asks to follow back.
    public var isReciprocated: Bool { key != nil }
    /// Whether it is a rejection: an entry point to the null capability.
    public var isRejection: Bool { entry?.capability == AbsoluteCapability.null }

    /// A rejection from `username`.
    public static func rejection(from username: String) -> FollowRequest {
        FollowRequest(entry: EntryPoint(capability: .null, ownerName: username), key: nil)
    }

    public func toCbor() -> CborObject {
        var m = CborMap()
        if let entry { m["e"] = entry.toCbor() }
        if let key { m["k"] = key.toCbor() }
        return .map(m)
    }

    public init(cbor: CborObject) throws {
        let m = try cbor.asMap("FollowRequest")
        entry = try m["e"].map(EntryPoint.init(cbor:))
        key = try m["k"].map(SymmetricKey.init(cbor:))
    }
}
