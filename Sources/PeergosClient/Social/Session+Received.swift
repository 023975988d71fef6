import PeergosCBOR
import PeergosCapabilities

extension PeergosSession {
    /// Upstream's file of entry points received from friends, in the home folder.
    static let receivedEntriesFile = ".from-friends.cborstream"

    /// The capabilities others have shared with us: upstream appends each received entry point to
    /// `.from-friends.cborstream` in the home folder (a concatenation of CBOR EntryPoint maps).
    public func receivedEntries() async throws -> [EntryPoint] {
        let bytes: [UInt8]
        do { bytes = try await read("/\(username)/\(Self.receivedEntriesFile)") } catch PeergosClientError.notFound { return [] }
        var out: [EntryPoint] = []
        var offset = 0
        while offset < bytes.count {
            let (item, used) = try CborObject.decodePrefix(Array(bytes[offset...]), options: .upstreamCompatibleWithTextLinks)
            out.append(try EntryPoint(cbor: item))
            offset += used
        }
        return out
    }

    /// Appends `entry` to `.from-friends.cborstream` (upstream `addExternalEntryPoint`), unless
    /// the file already holds an equal entry point.
    ///
    /// Invariant: the file stays a concatenation of CBOR EntryPoints whose earlier bytes are
    /// unchanged (readers that remember a byte offset, as upstream's do, stay valid). The file is
    /// read whole and written again, hidden as upstream's (upstream writes the new section in place).
    /// - Throws: ``PeergosClientError/unsupported(_:)`` for an entry point naming ourselves.
    func appendReceivedEntry(_ entry: EntryPoint) async throws {
        guard entry.ownerName != username else { throw PeergosClientError.unsupported("an entry point to our own tree from a friend") }
        let path = PeergosPath(owner: username, names: [Self.receivedEntriesFile])
        guard !(try await receivedEntries().contains(entry)) else { return }
        let existing = try await readIfPresent(path) ?? []
        try await writeSmallFile(path, existing + entry.serialize(), hidden: true)
    }
}
