import Foundation
import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosMultiformats

/// Where an upload's bytes come from, read one chunk at a time (a file is never read whole).
public protocol UploadSource {
    /// Total size in bytes.
    var size: Int64 { get }
    /// Up to `count` next bytes; fewer only at the end.
    func read(_ count: Int) throws -> [UInt8]
}

/// Bytes already in memory.
public final class BytesSource: UploadSource {
    let bytes: [UInt8]
    var offset = 0
    public init(_ bytes: [UInt8]) { self.bytes = bytes }
    public var size: Int64 { Int64(bytes.count) }
    public func read(_ count: Int) throws -> [UInt8] {
        let end = min(offset + count, bytes.count)
        defer { offset = end }
        return Array(bytes[offset..<end])
    }
}

/// A local file, read through a file handle in chunks.
public final class FileSource: UploadSource {
    let handle: FileHandle
    public let size: Int64
    public init(path: String) throws {
        guard let handle = FileHandle(forReadingAtPath: path) else { throw PeergosClientError.notFound(path) }
        self.handle = handle
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        size = (attributes[.size] as? NSNumber)?.int64Value ?? 0
    }
    deinit { try? handle.close() }
    public func read(_ count: Int) throws -> [UInt8] {
        // Straight into the array (no intermediate Data): a chunk is read with one copy.
        let fd = handle.fileDescriptor
        var out = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let n = out.withUnsafeMutableBytes { Foundation.read(fd, $0.baseAddress! + filled, count - filled) }
            if n < 0 {
                if errno == EINTR { continue }
                throw PeergosClientError.transport("reading the local file: \(String(cString: strerror(errno)))")
            }
            if n == 0 { break }
            filled += n
        }
        out.removeLast(count - filled)
        return out
    }
}

/// Progress of a transfer: bytes done of the total.
public typealias TransferProgress = @Sendable (_ done: Int64, _ total: Int64) -> Void

extension PeergosSession {
    /// Uploads `source` to `path`, replacing a file of that name. Chunks of 5 MiB are encrypted
    /// and their fragments sent one chunk at a time (memory stays bounded by a few chunks), inside
    /// one transaction; the folder changes only at the final commit, so an interrupted upload
    /// leaves the folder as it was.
    public func upload(_ path: String, from source: UploadSource, mimeType: String = "application/octet-stream",
                       progress: TransferProgress? = nil) async throws {
        let p = try PeergosPath(path)
        guard let parentPath = p.parent else { throw PeergosClientError.invalidPath(path) }
        try await client.upload(p.name, at: p, from: source, mimeType: mimeType, fallbackMirror: mirrorBat?.id, progress: progress) {
            try await self.writableFolder(parentPath)
        }
    }

    /// Uploads a local file.
    public func upload(_ path: String, localFile: String, progress: TransferProgress? = nil) async throws {
        try await upload(path, from: try FileSource(path: localFile), mimeType: MimeTypes.guess(localFile), progress: progress)
    }

    /// Reads `range` of the file at `path` (the whole file when nil), fetching only the chunks it
    /// covers, and hands the bytes to `sink` in order. Answers the file's size.
    @discardableResult
    public func download(_ path: String, range: Range<Int64>? = nil, progress: TransferProgress? = nil,
                         to sink: ([UInt8]) async throws -> Void) async throws -> Int64 {
        let file = try await resolve(path)
        guard !file.isDirectory else { throw PeergosClientError.isADirectory(path) }
        try await client.read(file, range: range, progress: progress, to: sink)
        return file.properties.size
    }

    /// The whole file in memory (for small files).
    public func read(_ path: String, range: Range<Int64>? = nil) async throws -> [UInt8] {
        var out: [UInt8] = []
        try await download(path, range: range) { out += $0 }
        return out
    }
}

extension PeergosClient {
    /// Chunks of an upload whose fragments are being sent at once (while the next is encrypted).
    /// Two keep the network and the server busy while encryption runs, and bound what an upload
    /// holds to three chunks (15 MiB) and their requests however large the file. Measured
    /// (peergos-bench upload, 64 MiB, embedded server, 2-core EPYC, same session): one chunk at a
    /// time 96-98 MB/s, two 122-123 MB/s, three 123 MB/s with 40 MB more at the peak.
    static let chunksInFlight = 2

    /// Uploads `source` as the file `name` in the folder `load` gives (see the session's `upload`).
    func upload(_ name: String, at p: PeergosPath, from source: UploadSource, mimeType: String, fallbackMirror: Cid?,
                progress: TransferProgress?, in load: FolderLoader) async throws {
        let (parent, signer) = try await load()
        let owner = parent.capability.owner
        let size = source.size
        let now = Date()
        let seconds = Int64(now.timeIntervalSince1970)
        let nanos = Int64((now.timeIntervalSince1970 - Double(seconds)) * 1e9)
        let cap = try AbsoluteCapability(owner: owner, writer: parent.capability.writer, mapKey: random.bytes(32), bat: Bat.random(using: random),
                                         readBaseKey: SymmetricKey.random(using: random), writeBaseKey: SymmetricKey.random(using: random))
        let dataKey = SymmetricKey.random(using: random)
        let secret = random.secretBytes(32)
        let props = try FolderFactory.properties(name: name, directory: false, size: size, mimeType: mimeType, seconds: seconds, nanos: nanos,
                                                 streamSecret: secret)
        let back = try parent.backLink()
        let mirrorId = parent.mirrorBat ?? fallbackMirror
        let transaction = try await api.startTransaction(owner: owner)
        do {
            try await upload(name, at: p, source: source, cap: cap, dataKey: dataKey, secret: secret, props: props, back: back,
                             mirror: mirrorId, signer: signer, transaction: transaction, mimeType: mimeType, seconds: seconds, progress: progress, in: load)
        } catch {
            try? await api.closeTransaction(owner: owner, id: transaction)
            throw error
        }
        try? await api.closeTransaction(owner: owner, id: transaction)
    }

    /// The chunks, then the folder link, inside `transaction`.
    func upload(_ name: String, at p: PeergosPath, source: UploadSource, cap: AbsoluteCapability, dataKey: SymmetricKey, secret: SecretBytes,
                props: FileProperties, back: RelativeCapability, mirror mirrorId: Cid?, signer: SigningKeyPair, transaction: String, mimeType: String,
                seconds: Int64, progress: TransferProgress?, in load: FolderLoader) async throws {
        let owner = cap.owner
        let size = source.size
        var chunkEdit = TreeEdit()
        var location = (mapKey: cap.mapKey, bat: cap.bat)
        let committer = committer
        // The next chunk is encrypted while the fragments of the ones before it are sent: at most
        // `chunksInFlight` chunks' fragments are held at once.
        try await withThrowingTaskGroup(of: Int64.self) { sending in
            var done: Int64 = 0, sent: Int64 = 0, inFlight = 0
            repeat {
                let next = ChunkChain.next(streamSecret: secret, mapKey: location.mapKey, bat: location.bat)
                let nextCap = try RelativeCapability(writer: nil, mapKey: next.mapKey, bat: next.bat, readBaseKey: cap.readBaseKey)
                // The plaintext chunk lives only while it is encrypted, not while its fragments are sent.
                let (made, length) = try { () throws -> ((node: CryptreeNode, blocks: [[UInt8]]), Int) in
                    let chunk = try source.read(ChunkChain.chunkSize)
                    return (try CryptreeNode.fileChunk(parentKey: cap.readBaseKey, dataKey: dataKey, properties: props, parent: back, nextChunk: nextCap,
                                                       chunk: chunk, inlineBat: location.bat, mirrorBat: mirrorId, random: random), chunk.count)
                }()
                guard length > 0 || size == 0 else { throw PeergosClientError.invalidRange("the source ended at byte \(done) of \(size)") }
                if inFlight == Self.chunksInFlight, let finished = try await sending.next() {
                    inFlight -= 1
                    sent += finished
                    progress?(sent, size)
                }
                let blocks = made.blocks
                sending.addTask {
                    try await committer.putRaw(owner: owner, signer: signer, transaction: transaction, blocks)
                    return Int64(length)
                }
                inFlight += 1
                chunkEdit.put(location.mapKey, node: made.node, expected: nil)
                done += Int64(length)
                location = next
            } while done < size
            while let finished = try await sending.next() {
                sent += finished
                progress?(sent, size)
            }
        }
        // Link it into the folder (re-reading the folder if someone changed it meanwhile).
        try await retryingCompareAndSwap {
            let (parent, _) = try await load()
            var kids = try await children(parent)
            var edit = chunkEdit
            let link = try NamedRelativeCapability(name: name, capability: FolderFactory.relativeLink(to: cap, from: parent.capability.writeBaseKey, random: random),
                                                   isDirectory: false, mimeType: mimeType, created: seconds)
            if let index = kids.firstIndex(where: { $0.name == name }) {
                let old = try kids[index].capability.absolute(from: parent.capability)
                guard let oldNode = try await node(old, inherited: parent.signer) else { throw PeergosClientError.notFound(p.description) }
                guard !oldNode.isDirectory else { throw PeergosClientError.isADirectory(p.description) }
                for (mapKey, cid) in try await subtree(oldNode) { edit.remove(mapKey, expected: cid) }
                kids[index] = link
            } else {
                kids.append(link)
            }
            try await setChildren(parent, kids, mirror: parent.mirrorBat ?? mirrorId, in: &edit)
            try await commit(edit, signer: signer, owner: owner, transaction: transaction)
        }
    }

    /// Streams `range` of a file node's bytes to `sink`, chunk by chunk; every fragment is checked
    /// against its CID, and the chunk's MAC authenticates its contents.
    func read(_ file: TreeNode, range: Range<Int64>?, progress: TransferProgress?, to sink: ([UInt8]) async throws -> Void) async throws {
        let size = file.properties.size
        let wanted = range ?? 0..<size
        guard wanted.lowerBound >= 0, wanted.upperBound <= size, !wanted.isEmpty || wanted.lowerBound <= size else {
            throw PeergosClientError.invalidRange("\(wanted.lowerBound)-\(wanted.upperBound) of a \(size)-byte file")
        }
        guard !wanted.isEmpty else { return }
        let chunkSize = Int64(ChunkChain.chunkSize)
        let first = Int(wanted.lowerBound / chunkSize), last = Int((wanted.upperBound - 1) / chunkSize)
        let cap = file.capability
        let snapshot = try await WriterSnapshot.read(owner: cap.owner, writer: cap.writer, blocks: blocks)
        var legacyNext: AbsoluteCapability? = nil
        var done: Int64 = 0
        for index in first...last {
            let node: TreeNode
            if index == 0 {
                node = file
            } else if let secret = file.properties.streamSecret {
                let loc = try ChunkChain.location(index: index, streamSecret: secret, mapKey: cap.mapKey, bat: cap.bat)
                let chunkCap = try AbsoluteCapability(owner: cap.owner, writer: cap.writer, mapKey: loc.mapKey, bat: loc.bat, readBaseKey: cap.readBaseKey)
                guard let n = try await self.node(chunkCap, in: snapshot, inherited: nil) else { throw PeergosClientError.notFound("chunk \(index) of \(file.name)") }
                node = n
            } else {
                // Legacy files: walk the next-chunk links (every chunk before the range is read).
                var at: AbsoluteCapability
                if let legacyNext { at = legacyNext } else { at = try file.fromBase.nextChunk.absolute(from: cap) }
                var n: TreeNode? = nil
                for _ in (legacyNext == nil ? 1 : index)...index {
                    guard let found = try await self.node(at, in: snapshot, inherited: nil) else { throw PeergosClientError.notFound("chunk \(index) of \(file.name)") }
                    n = found
                    at = try found.fromBase.nextChunk.absolute(from: at)
                }
                legacyNext = at
                node = n!
            }
            guard case .bytes(let data) = try await openData(node.node, key: node.fromBase.key, owner: cap.owner) else {
                throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "chunk \(index) is not a byte string")
            }
            let chunkStart = Int64(index) * chunkSize
            let lo = Int(max(wanted.lowerBound - chunkStart, 0)), hi = Int(min(wanted.upperBound - chunkStart, Int64(data.count)))
            guard lo <= hi else { throw PeergosClientError.malformedAnswer(route: "cryptree", reason: "chunk \(index) shorter than the file size says") }
            try await sink(Array(data[lo..<hi]))
            done += Int64(hi - lo)
            progress?(done, Int64(wanted.count))
        }
    }
}

/// A MIME type from a file name's extension (the common ones; anything else is octet-stream).
/// Upstream also sniffs the first bytes (`MimeTypes.calculateMimeType`); we go by the name only.
public enum MimeTypes {
    static let table = [
        "txt": "text/plain", "md": "text/markdown", "html": "text/html", "htm": "text/html", "css": "text/css",
        "js": "text/javascript", "json": "application/json", "xml": "application/xml", "csv": "text/csv",
        "pdf": "application/pdf", "png": "image/png", "jpg": "image/jpeg", "jpeg": "image/jpeg", "gif": "image/gif",
        "svg": "image/svg+xml", "webp": "image/webp", "mp4": "video/mp4", "webm": "video/webm", "mp3": "audio/mpeg",
        "ogg": "audio/ogg", "wav": "audio/wav", "zip": "application/zip", "gz": "application/gzip", "tar": "application/x-tar",
    ]

    public static func guess(_ name: String) -> String {
        table[(name as NSString).pathExtension.lowercased()] ?? "application/octet-stream"
    }
}
