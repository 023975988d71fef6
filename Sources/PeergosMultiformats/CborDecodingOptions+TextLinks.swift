import PeergosCBOR

extension CborDecodingOptions {
    /// Upstream's lenient reading, including tag 42 over a CID string (re-encoded as bytes).
    public static let upstreamCompatibleWithTextLinks = CborDecodingOptions(
        mode: .upstreamCompatible,
        textLinkDecoder: { try Cid(string: $0).bytes }
    )
}
