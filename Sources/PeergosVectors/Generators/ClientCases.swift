import PeergosCBOR
import PeergosCapabilities
import PeergosCrypto
import PeergosCryptree
import PeergosLogin
import PeergosMultiformats

/// The project's client-wire vectors (area "client"). Some inputs are bytes upstream's own Java
/// client sent to an upstream server (commit d48e4c8f2), copied from the capture
/// `../shared/captures/demo.jsonl` (named by its `seq`); the rest are made with DetRandom and
/// fixed seeds.
enum ClientCases {
    static func seed(_ label: String) -> [UInt8] { Hash.sha256(Array("sign:client-\(label)".utf8)) }
    /// A fixed request time (2026-11-22, as in the capture).
    static let millis: Int64 = 1_795_000_000_000

    // MARK: upstream capture data

    /// `caps` parameters of upstream's `api/v0/champ/get/bulk` requests (demo.jsonl, by seq).
    static let upstreamCaps: [(seq: Int, caps: String)] = [
        (14, "zJyBBCaiscbXDLCJVnhQDXXDBPLVXu3mWn4L5swpBDhkt7eWVPxPS6ePQuN651JotCNs4BZpCrBtagtGwLyUTtFih1hVNsjrBuzqMQv32ovP1z8TEtcjgtBeUcbLGcVybg7PXa3EyspLEChK4G2vivBTtPYtQX9xxwuWt"),
        (15, "zJyBBCaiscbXDLCJVjqcMbRz7ucmgYVHC5oxTa35yHd2QkMNQtmPs7cZzz3FKR6Eek2aKzGHPQpxiEnNcELzPh31dwu2ZLEW5XnCgGQ9NYLRPFaanYVkEjftHTM5bkuZ4nymKfdAYFnvSwHw7Dg6EPmRq7mBNVYeQZtwg"),
        (20, "zJyBBCaiscbXDLCJVoNs7YcRfL5XctwwrPmbUqForahTbnuBJ9yKNXGazfDW2uaK7BBkRHiyYVSth7z4gQ3TrwpYotnW6VhivTcmFGSZJimS9kiPdsucbwmUZqkCho8zTQ9HALYXesAwiA6qiCBi1A2ko4TCvT9yPDGmh"),
        (259, "z3qhNwQqTD4N4fop5d2bmNPoZauA7pgsmbdjHSxDN1dnPe9asg8DakDRtwmqMmMV9NQVmJERyvzqYgBnUZE5KzTwsFGCkwdBNKHNLoCqmrai65QReV8oEro8pg6caLLJ4StMzQohRuL2tq3Zu4wG1XRFFts8uJgW641dMoEthMoT4X2LEuwiBVYqvMXZ6Qq8XzrNDtnVvHdTDYHavu19VpZBuXRPZTdvgQa2NztJ6U9SoBgU1zU5eN8bckLtgrKXcDiK6aPjs5FLDVBSaH8S6pT29uUujZhZNRL6VUzMapgXwMCUzLxyr1stJYJa3c63gW6WdbMHWijffwcwopQWogfuZqgJrWNSYsCq94xiUFamjLXviHY7f1suxyHLQAKAShnTa26EMbZrKEwJbZ7ea5jCG41VYDziwdQieASpcGgXsFkYc1L6pVVugESmSo5PShQPA7xxxtbhEBUbEnbMUM1gW86haw8TTSt58QfHkYaJH2gWUk6oyHv7sUAgRX3r96Tx5NwURPEFWEedfrg2NjTeQpmjTpGFgFJYrKKWH2KbvDMu41F4XwxZJ2H2ha2Zb8RHCp3obtXFmyoxDaDtdeDVs2yuUp8Hi5y74ao9DcDcw5ABwnwAQJmoQf3SpfL2tbnjC1WEYnsYv"),
        (260, "zJyBBCaiscbXDLCJVmbQo6NaA2XN1r5JXzDfuDnn6cKfEjUN4YNAphKHJfeBdcRMDww7CA5r88b1rNPUD1Y9K2W3ahmoxHmPfiGwnzJoequ3H1rFZAQRFhZywTGe1qf5BA1xkYzDoXFg95gwmHR5Fdr1UeywHNehQ39Wo"),
    ]

    /// The mirror BatWithId in the OpLog of upstream's `core/signup` bodies (seq 7 alice, seq 41
    /// bob), and the `bats/getUserBats` answers listing it (seq 22 alice, seq 57 bob).
    static let upstreamMirrorBats: [(user: String, signupSeq: Int, batWithId: String, userBatsSeq: Int, userBats: String)] = [
        ("alice", 7, "a26162a1617358201b7740fa91c1b9ca52ef8e6bc2c7a931c61d3c0cede9f4e3581a0688436e98e36169582401551220efee8ed07aa4629f26d65863b2217656e3ad0f8c452b653b9e084ea8455f8199",
         22, "81a26162a1617358201b7740fa91c1b9ca52ef8e6bc2c7a931c61d3c0cede9f4e3581a0688436e98e36169582401551220efee8ed07aa4629f26d65863b2217656e3ad0f8c452b653b9e084ea8455f8199"),
        ("bob", 41, "a26162a1617358207a51647914400858b0aeafc6be4f5ada4b42626398352076d187d7e63aff6b5d616958240155122057f0e8bae65adf256227d513ab8242cce2b48ac2ace0ab6196244c2bcc07e16a",
         57, "81a26162a1617358207a51647914400858b0aeafc6be4f5ada4b42626398352076d187d7e63aff6b5d616958240155122057f0e8bae65adf256227d513ab8242cce2b48ac2ace0ab6196244c2bcc07e16a"),
    ]

    /// `login/getLogin` (`author` = CBOR login public key, `auth` = signed time).
    static let upstreamSignedTimes: [(seq: Int, user: String, author: String, auth: String)] = [
        (11, "alice", "8201582009ee6583d406dd4a7cdfc165be07c2b2569229a3b2027a7cfa45bcf625af32bb",
         "016e73081550e260cb0451f9bfa74d54a0aabefdcb22acd42f1957827fef748f7861cf8d60451a59590dcdb36e0a75680993378464b09ef76b3b026c81edbc0d1b000001a203014ec5"),
        (46, "bob", "820158207bfb99ad261c2e454fa405435e457e9a58ccaba8f9634a9e85c9f068b11307da",
         "911267ed71090c6c33e12ebd39d63b09bb07700903ac8e5bdea6d22749921da71a7b59ca3536f07ddad1d8949a7beefd087d9863ff7307abb48a1d0195f3770e1b000001a203015c12"),
    ]

    /// `bats/getUserBats` `auth` (signed request), with the identity key from the user's
    /// `owner` parameter elsewhere in the capture (seq 9 alice, seq 44 bob: CIDv1 dag-cbor identity
    /// multihash of the CBOR public key).
    static let upstreamSignedRequests: [(seq: Int, user: String, owner: String, auth: String)] = [
        (22, "alice", "z59vuwzfFDonzkssbiXWL7kZ6w4qiRZWmSo8CnegKa2e3eqabtoPYMk",
         "8f56273d3e8318ba5bb567e96c8b509fdc6a28d1c0c216a6966924dca0aef1770280ea943cdc5e2454ed71e27eca710811f5e4c0700b119d05da9eccc7263509a26170781b70656572676f732f76302f626174732f676574557365724261747361741b000001a2030151ee"),
        (57, "bob", "z59vuwzfFDoy3bFaMF1jwKNsS8EvKUaqaei5xiyDMQ6X3uSmWTAzw9g",
         "00cfaf18ba10135fda743cfce427459871cf6c4027e498a6e0757b86d3fa2ce9ddcc7a5dbcaf6b36adac4b26e509dc0d358e44273c64cf47e32c1efe851a8600a26170781b70656572676f732f76302f626174732f676574557365724261747361741b000001a203015ea5"),
    ]

    static func hex(_ s: String) -> [UInt8] { Hex.decode(s)! }

    // MARK: vectors

    static func vectors() throws -> [[String: Any]] {
        try champCaps() + mirrorBatIds() + signedForms() + spaceRequests() + linkChampKeys() + namedChildLinks()
    }

    static func capsVector(id: String, description: String, _ caps: [ChunkMirrorCap], multibase: String? = nil) -> [String: Any] {
        ["id": id, "kind": "champ_caps", "description": description,
         "caps": caps.map { c -> [String: Any] in
             var m: [String: Any] = ["map_key": Hex.encode(c.mapKey)]
             m["bat_secret"] = c.bat.map { Hex.encode($0.bat.secret.copyBytes()) } ?? NSNullValue.value
             return m
         },
         "cbor": Hex.encode(ChunkMirrorCap.capsCbor(caps).serialize()), "multibase": multibase ?? ChunkMirrorCap.encodeCaps(caps)]
    }

    static func champCaps() throws -> [[String: Any]] {
        let r = DetRandom(label: "client-champ-caps")
        func key() -> [UInt8] { r.bytes(32) }
        var out: [[String: Any]] = [
            capsVector(id: "caps_one_with_bat", description: "one key with its BAT: {m, b: {b: {s}, i: Bat.calculateId}}",
                       [ChunkMirrorCap(mapKey: key(), bat: Bat.random(using: r))]),
            capsVector(id: "caps_one_without_bat", description: "a key without a BAT: {m} only", [ChunkMirrorCap(mapKey: key(), bat: nil as Bat?)]),
            capsVector(id: "caps_mixed", description: "three keys, the second without a BAT, in request order",
                       [ChunkMirrorCap(mapKey: key(), bat: Bat.random(using: r)), ChunkMirrorCap(mapKey: key(), bat: nil as Bat?),
                        ChunkMirrorCap(mapKey: key(), bat: Bat.random(using: r))]),
            capsVector(id: "caps_empty", description: "no keys: the empty CBOR list", []),
        ]
        for (seq, caps) in upstreamCaps {
            let decoded = try ChunkMirrorCap.decodeCaps(caps)
            out.append(capsVector(id: "caps_upstream_seq\(seq)",
                                  description: "upstream's client (capture demo.jsonl seq \(seq), champ/get/bulk): \(decoded.count) key(s); the caps parameter must be reproduced byte for byte",
                                  decoded, multibase: caps))
        }
        return out
    }

    static func mirrorBatIds() throws -> [[String: Any]] {
        let r = DetRandom(label: "client-mirror-bat")
        var out: [[String: Any]] = (0..<2).map { n in
            let bat = Bat.random(using: r)
            return ["id": "mirror_bat_id_\(n)", "kind": "mirror_bat_id",
                    "description": "a mirror BAT's id (BatId.sha256 of the bare secret) is not Bat.calculateId (sha2-256 of CBOR {s})",
                    "secret": Hex.encode(bat.secret.copyBytes()), "mirror_id": Hex.encode(bat.mirrorId.bytes), "calculated_id": Hex.encode(bat.sha256Id.bytes)]
        }
        for u in upstreamMirrorBats {
            let sent = try BatWithId(cbor: CborObject.decode(hex(u.batWithId), options: .upstreamCompatible))
            out.append(["id": "mirror_bat_id_upstream_\(u.user)", "kind": "mirror_bat_id",
                        "description": "upstream's mirror BAT of \(u.user): the BatWithId in the OpLog of core/signup (capture demo.jsonl seq \(u.signupSeq)) and the bats/getUserBats answer (seq \(u.userBatsSeq)); its id is the mirror id",
                        "secret": Hex.encode(sent.bat.secret.copyBytes()), "mirror_id": Hex.encode(sent.bat.mirrorId.bytes),
                        "calculated_id": Hex.encode(sent.bat.sha256Id.bytes), "bat_with_id_cbor": u.batWithId, "user_bats_cbor": u.userBats])
        }
        return out
    }

    static func signedForms() throws -> [[String: Any]] {
        var out: [[String: Any]] = []
        for (n, ms) in [millis, 0, 1_000].enumerated() {
            let pair = try SigningKeyPair(seed: seed("time-\(n)"))
            out.append(["id": "signed_time_seed_\(n)", "kind": "signed_time", "description": "sign(CBOR(uint ms)) with an Ed25519 key from a fixed seed",
                        "seed": Hex.encode(seed("time-\(n)")), "public_key_cbor": Hex.encode(pair.publicKey.serialize()), "millis": Int(ms),
                        "signed": Hex.encode(SignedTime.sign(pair, millis: ms))])
        }
        for t in upstreamSignedTimes {
            let signed = hex(t.auth)
            let ms = try CborObject.decode(Array(signed.dropFirst(64)), options: .upstreamCompatible).asInteger()
            out.append(["id": "signed_time_upstream_\(t.user)", "kind": "signed_time",
                        "description": "upstream's client: login/getLogin of \(t.user) (capture demo.jsonl seq \(t.seq)), `author` and `auth` as sent",
                        "public_key_cbor": t.author, "millis": Int(ms), "signed": t.auth])
        }
        for (n, path) in ["peergos/v0/bats/getUserBats", "peergos/v0/bats/addBat"].enumerated() {
            let pair = try SigningKeyPair(seed: seed("request-\(n)"))
            out.append(["id": "signed_request_seed_\(n)", "kind": "signed_request", "description": "sign(CBOR({p: path, t: ms})) with an Ed25519 key from a fixed seed",
                        "seed": Hex.encode(seed("request-\(n)")), "public_key_cbor": Hex.encode(pair.publicKey.serialize()), "millis": Int(millis), "path": path,
                        "signed": Hex.encode(SignedRequest.sign(pair, path: path, millis: millis))])
        }
        for t in upstreamSignedRequests {
            let owner = try Cid(string: t.owner)
            let signed = hex(t.auth)
            let m = try CborObject.decode(Array(signed.dropFirst(64)), options: .upstreamCompatible).asMap()
            out.append(["id": "signed_request_upstream_\(t.user)", "kind": "signed_request",
                        "description": "upstream's client: bats/getUserBats of \(t.user) (capture demo.jsonl seq \(t.seq)), `auth` as sent; the key is the identity in the user's owner parameter",
                        "public_key_cbor": Hex.encode(owner.multihash.digest), "millis": Int(try m.required("t").asInteger()),
                        "path": try m.required("p").asText(), "signed": t.auth])
        }
        return out
    }

    static func spaceRequests() throws -> [[String: Any]] {
        let pair = try SigningKeyPair(seed: seed("space"))
        let requests = [
            ("space_request_delete_account", "what deleteAccount sends: 1 MB, not annual", SpaceRequest(username: "alice", bytes: 1_000_000, annual: false, utcMillis: millis)),
            ("space_request_annual", "annual, a large quota", SpaceRequest(username: "bob", bytes: 50_000_000_000, annual: true, utcMillis: millis)),
            ("space_request_payment_proof", "with a payment proof `p`", SpaceRequest(username: "carol", bytes: 0, annual: false, utcMillis: millis, paymentProof: Array("proof".utf8))),
        ]
        return requests.map { id, description, request in
            var v: [String: Any] = ["id": id, "kind": "space_request", "description": "SpaceRequest {u, s, a, t, p?} in canonical key order, signed (attached): " + description,
                                    "username": request.username, "bytes": Int(request.bytes), "annual": request.annual, "millis": Int(request.utcMillis),
                                    "cbor": Hex.encode(request.serialize()), "seed": Hex.encode(seed("space")), "signed": Hex.encode(request.sign(pair))]
            if let p = request.paymentProof { v["payment_proof"] = Hex.encode(p) }
            return v
        }
    }

    static func linkChampKeys() -> [[String: Any]] {
        [1, 42, 1_234_567_890_123, Int64.max].map { label in
            ["id": "link_champ_key_\(label)", "kind": "link_champ_key", "description": "a secret link's key in the links CHAMP: SHA-256 of the label as 8 little-endian bytes",
             "label": String(label), "champ_key": Hex.encode(SecretLink.champKey(label: label))]
        }
    }

    static func namedChildLinks() throws -> [[String: Any]] {
        let r = DetRandom(label: "client-named-child")
        let writer = try SigningKeyPair(seed: seed("child-writer")).publicKey.publicKeyHash
        let cases: [(String, PublicKeyHash?, Bool?, String?, Int64?)] = [
            ("named_child_name_only", nil, nil, nil, nil),
            ("named_child_directory", nil, true, nil, millis),
            ("named_child_file_all_fields", nil, false, "text/plain", millis),
            ("named_child_own_writer", writer, false, "image/png", 1),
        ]
        return try cases.map { id, w, d, t, c in
            let capability = try RelativeCapability(writer: w, mapKey: r.bytes(32), bat: Bat.random(using: r), readBaseKey: SymmetricKey.random(using: r))
            let link = NamedRelativeCapability(name: id.replacingOccurrences(of: "named_child_", with: "") + (d == true ? "" : ".txt"),
                                               capability: capability, isDirectory: d, mimeType: t, created: c)
            var v: [String: Any] = ["id": id, "kind": "named_child_link", "description": "a child link with its name n and optional d (directory), t (MIME type), c (created)",
                                    "name": link.name, "capability_cbor": Hex.encode(capability.serialize()), "cbor": Hex.encode(link.toCbor().serialize())]
            if let d { v["is_directory"] = d }
            if let t { v["mime_type"] = t }
            if let c { v["created"] = Int(c) }
            return v
        }
    }
}
