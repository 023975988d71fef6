/// How strictly ``CborObject/decode(_:options:)`` reads its input.
public struct CborDecodingOptions: Sendable {
    /// The two reading disciplines.
    public enum Mode: String, Sendable, Hashable {
        /// Accepts exactly the canonical encodings ``CborObject/serialize()`` writes: shortest
        /// heads, sorted unique text keys, definite lengths, valid UTF-8, one item with no trailing
        /// bytes, tag 42 only over `0x00 || cid` bytes. Use it for anything you verify or hash.
        case strict
        /// Accepts what upstream Peergos' `CborObject.fromByteArray` accepts: non-minimal heads,
        /// unsorted keys (re-sorted), trailing bytes (padded ciphertexts rely on this), invalid
        /// UTF-8 (replaced by U+FFFD), an indefinite-length map header (read as an empty map), a
        /// truncated one-byte argument (read as 0xff), and tag 42 over a CID string (when
        /// ``CborDecodingOptions/textLinkDecoder`` is set).
        case upstreamCompatible
    }

    /// The reading discipline.
    public var mode: Mode
    /// Deepest nesting of lists and maps accepted, so hostile input cannot exhaust the stack.
    public var maximumDepth: Int
    /// Turns the text form of a CID (inside tag 42) into CID bytes; upstream-compatible mode only.
    /// PeergosMultiformats supplies one (`CborDecodingOptions.upstreamCompatibleWithTextLinks`).
    public var textLinkDecoder: (@Sendable (String) throws -> [UInt8])?

    public init(mode: Mode, maximumDepth: Int = 64, textLinkDecoder: (@Sendable (String) throws -> [UInt8])? = nil) {
        self.mode = mode
        self.maximumDepth = maximumDepth
        self.textLinkDecoder = textLinkDecoder
    }

    /// Canonical input only.
    public static let strict = CborDecodingOptions(mode: .strict)
    /// Upstream's lenient reading, without text-CID links.
    public static let upstreamCompatible = CborDecodingOptions(mode: .upstreamCompatible)
}
