import PeergosCBOR
// Placeholder until the module is written; the real one decodes CID strings.
extension CborDecodingOptions {
    public static let upstreamCompatibleWithTextLinks = CborDecodingOptions(mode: .upstreamCompatible)
}
