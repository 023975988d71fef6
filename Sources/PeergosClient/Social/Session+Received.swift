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
}
