import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

extension VectorArea {
    /// Area "client": the request forms a client sends (Spec/client.md): `champ/get/bulk` caps,
    /// BAT ids, signed times and signed requests, space requests, secret-link CHAMP keys and
    /// named child links. Several vectors carry bytes upstream's own client sent (see
    /// Vectors/peergos/client-wire.json, `description` of each).
    public static let client = VectorArea(name: "client") { v in
        switch v.kind {
        case "champ_caps":
            let caps = try v.nestedArray("caps").map { c in
                ChunkMirrorCap(mapKey: try c.hex("map_key"), bat: try c.optionalHex("bat_secret").map { try Bat(secret: $0) })
            }
            try expectBytes(ChunkMirrorCap.capsCbor(caps).serialize(), equals: try v.hex("cbor"), "caps CBOR")
            let multibase = try v.string("multibase")
            try expect(ChunkMirrorCap.encodeCaps(caps), equals: multibase, "caps parameter (multibase base58btc)")
            let read = try expectSuccess("reading the caps parameter back") { try ChunkMirrorCap.decodeCaps(multibase) }
            guard read == caps else { throw VectorMismatch("caps read back differ (a BAT id is not Bat.calculateId of its secret, or a key differs)") }
        case "mirror_bat_id":
            let bat = try Bat(secret: try v.hex("secret"))
            let mirrorId = try v.hex("mirror_id"), calculatedId = try v.hex("calculated_id")
            try expectBytes(bat.mirrorId.bytes, equals: mirrorId, "mirror id (BatId.sha256: sha2-256 of the bare secret)")
            try expectBytes(bat.sha256Id.bytes, equals: calculatedId, "calculated id (Bat.calculateId: sha2-256 of CBOR {s})")
            guard mirrorId != calculatedId else { throw VectorMismatch("mirror id and calculated id must differ") }
            if let cbor = try v.optionalHex("bat_with_id_cbor") {
                let sent = try expectSuccess("reading the BatWithId") { try BatWithId(cbor: CborObject.decode(cbor, options: .upstreamCompatible)) }
                guard sent.bat == bat else { throw VectorMismatch("the BatWithId holds another secret") }
                try expectBytes(sent.id.bytes, equals: mirrorId, "BatWithId id")
                try expectBytes(BatWithId(bat: bat, id: bat.mirrorId).serialize(), equals: cbor, "BatWithId CBOR")
            }
            if let list = try v.optionalHex("user_bats_cbor") {
                let bats = try expectSuccess("reading the getUserBats answer") {
                    try CborObject.decode(list, options: .upstreamCompatible).asList("bats").map(BatWithId.init(cbor:))
                }
                guard bats.contains(where: { $0.bat == bat && $0.id.bytes == mirrorId }) else {
                    throw VectorMismatch("the getUserBats answer does not list this BAT with its mirror id")
                }
            }
        case "signed_time", "signed_request":
            let publicKeyCbor = try v.hex("public_key_cbor")
            let key = try PublicSigningKey(cbor: CborObject.decode(publicKeyCbor, options: .upstreamCompatible))
            let millis = try v.int64("millis"), signed = try v.hex("signed")
            let path = v.kind == "signed_request" ? try v.string("path") : nil
            let payload = path.map { SignedRequest.payload(path: $0, millis: millis) } ?? SignedTime.payload(millis: millis)
            let opened = try expectSuccess("opening the signature with the key") { try key.unsignMessage(signed) }
            try expectBytes(opened, equals: payload, path == nil ? "signed payload (CBOR uint millis)" : "signed payload (CBOR {p, t})")
            if let path {
                let read = try SignedRequest.open(signed, key: key)
                try expect(read.path, equals: path, "path")
                try expect(read.millis, equals: millis, "millis")
            } else {
                try expect(try SignedTime.open(signed, key: key), equals: millis, "millis")
            }
            if let seed = try v.optionalHex("seed") {
                let pair = try SigningKeyPair(seed: seed)
                try expectBytes(pair.publicKey.serialize(), equals: publicKeyCbor, "public key of the seed")
                let ours = path.map { SignedRequest.sign(pair, path: $0, millis: millis) } ?? SignedTime.sign(pair, millis: millis)
                try expectBytes(ours, equals: signed, "signature")
            }
        case "space_request":
            let request = SpaceRequest(username: try v.string("username"), bytes: try v.int64("bytes"), annual: try v.bool("annual"),
                                       utcMillis: try v.int64("millis"), paymentProof: try v.optionalHex("payment_proof"))
            let cbor = try v.hex("cbor")
            try expectBytes(request.serialize(), equals: cbor, "SpaceRequest CBOR")
            try expect(try SpaceRequest(cbor: CborObject.decode(cbor, options: .upstreamCompatible)), equals: request, "read back")
            let pair = try SigningKeyPair(seed: try v.hex("seed"))
            let signed = try v.hex("signed")
            try expectBytes(request.sign(pair), equals: signed, "signed request")
            try expectBytes(try pair.publicKey.unsignMessage(signed), equals: cbor, "signed payload")
        case "link_champ_key":
            try expectBytes(SecretLink.champKey(label: try v.int64("label")), equals: try v.hex("champ_key"), "champ key (SHA-256 of the label, 8 bytes little-endian)")
        case "named_child_link":
            let capability = try RelativeCapability(cbor: CborObject.decode(try v.hex("capability_cbor"), options: .upstreamCompatible))
            let link = NamedRelativeCapability(name: try v.string("name"), capability: capability, isDirectory: try v.optionalBool("is_directory"),
                                               mimeType: try v.optionalString("mime_type"), created: try v.optionalInt64("created"))
            let cbor = try v.hex("cbor")
            try expectBytes(link.toCbor().serialize(), equals: cbor, "NamedRelativeCapability CBOR")
            try expect(try NamedRelativeCapability(cbor: CborObject.decode(cbor, options: .upstreamCompatible)), equals: link, "read back")
        default:
            throw VectorSkip("unknown client vector kind \(v.kind)")
        }
    }
}
