import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosSocial

extension VectorArea {
    /// Area "follow": blinded follow requests and entry points.
    public static let follow = VectorArea(name: "follow") { v in
        switch v.kind {
        case "blind_follow_request": try FollowVectors.build(v)
        case "blind_follow_decrypt": try FollowVectors.decrypt(v)
        case "entry_point": try FollowVectors.entryPoint(v)
        default: throw VectorSkip("unknown follow vector kind \(v.kind)")
        }
    }
}

enum FollowVectors {
    static func build(_ v: Vector) throws {
        let recipient = try BoxingKeyPair.curve25519(secret: try v.hex("recipient_secret"))
        guard case .curve25519(let pub) = recipient.publicKey else { throw VectorMismatch("not Curve25519") }
        try expectBytes(pub.bytes, equals: try v.hex("recipient_public"), "recipient public key")
        let requestBytes = try v.hex("follow_request_cbor")
        let request = try FollowRequest(cborBytes: requestBytes)
        try expectBytes(request.serialize(), equals: requestBytes, "FollowRequest re-encoding")
        if v.has("follow_request") { try expect(request.toCbor(), equals: try TypedCborTree.parse(try v.object("follow_request")), "FollowRequest value") }
        let padded = BlindFollowRequest.paddedPlaintext(request)
        try expect(padded.count, equals: try v.int("padded_plaintext_len"), "padded length")
        if let expected = try v.optionalHex("padded_plaintext") { try expectBytes(padded, equals: expected, "padded plaintext") }
        let stream = try CryptoVectors.detRandom(v)
        try expectBytes(stream.bytes(32), equals: try v.hex("ephemeral_secret"), "ephemeral secret draw")
        try expectBytes(stream.bytes(24), equals: try v.hex("nonce"), "nonce draw")
        let blind = try BlindFollowRequest.build(target: recipient.publicKey, request: request, random: try CryptoVectors.detRandom(v))
        let expected = try v.hex("blind_follow_request_cbor")
        // Built from the stream's ephemeral secret and nonce, the request matches the recorded one
        // only if its ephemeral public key and nonce are the stream's: what the two flags claim.
        let matchesStream = blind.serialize() == expected
        try expectBytes(blind.serialize(), equals: expected, "BlindFollowRequest CBOR")
        try expect(matchesStream, equals: try v.bool("ephemeral_public_matches_rng"), "ephemeral public key from the stream")
        try expect(matchesStream, equals: try v.bool("nonce_matches_rng"), "nonce from the stream")
        v.ignore(["server_visible"], because: "prose: what a server sees of the request")
        let opened = try expectSuccess("decrypt") { try BlindFollowRequest(cborBytes: expected).decrypt(with: recipient.secretKey) }
        try expect(opened == request, equals: try v.optionalBool("decrypted_equals") ?? true, "decrypts to the request")
        if let accepted = try v.optionalBool("is_accepted") { try expect(opened.isAccepted, equals: accepted, "isAccepted") }
        if let reciprocated = try v.optionalBool("is_reciprocated") { try expect(opened.isReciprocated, equals: reciprocated, "isReciprocated") }
    }

    static func decrypt(_ v: Vector) throws {
        let recipient = try BoxingKeyPair.curve25519(secret: try v.hex("recipient_secret"))
        let blind = try BlindFollowRequest(cborBytes: try v.hex("blind_follow_request_cbor"))
        if try v.expectsError() {
            try expectError(v, "decrypt") { try blind.decrypt(with: recipient.secretKey) }
        } else {
            _ = try expectSuccess("decrypt") { try blind.decrypt(with: recipient.secretKey) }
        }
    }

    static func entryPoint(_ v: Vector) throws {
        let cap = try AbsoluteCapability(cborBytes: try v.hex("capability_cbor"))
        let entry = EntryPoint(capability: cap, ownerName: try v.string("owner_name"))
        let cbor = try v.hex("cbor")
        try expectBytes(entry.serialize(), equals: cbor, "EntryPoint CBOR")
        try expect(try EntryPoint(cborBytes: cbor), equals: entry, "read back")
    }
}
