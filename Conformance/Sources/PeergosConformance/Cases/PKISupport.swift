import Foundation
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// Raw requests to `/peergos/v0/core/` (Spec/http.md#core) and the claims the PKI cases send.
enum PKISupport {
    /// A DataStream answer read field by field (Java's framing: int32 big-endian lengths).
    struct Reader {
        var bytes: [UInt8]
        var at = 0
        mutating func bool() throws -> Bool {
            guard at < bytes.count else { throw CaseFailure("the answer ends before a boolean") }
            defer { at += 1 }
            return bytes[at] != 0
        }
        mutating func int32() throws -> Int {
            guard at + 4 <= bytes.count else { throw CaseFailure("the answer ends before an int32") }
            defer { at += 4 }
            return Int(Int32(bitPattern: bytes[at..<at + 4].reduce(UInt32(0)) { $0 << 8 | UInt32($1) }))
        }
        mutating func byteArray() throws -> [UInt8] {
            let n = try int32()
            guard n >= 0, at + n <= bytes.count else { throw CaseFailure("the answer ends inside a byte array of \(n) bytes") }
            defer { at += n }
            return Array(bytes[at..<at + n])
        }
        var atEnd: Bool { at == bytes.count }
    }

    static func string(_ s: String) -> [UInt8] {
        var w = DataStreamWriter()
        w.string(s)
        return w.bytes
    }

    /// The storage provider a claim on this server names: its node id.
    static func nodeId(_ ctx: CaseContext) async throws -> [UInt8] { try await ctx.client().api.nodeId().bytes }

    /// Upstream's signup expiry distance: about two months from today (UTC).
    static func expiry(days: Int) throws -> PKIDate {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day], from: Date().addingTimeInterval(Double(days) * 86400))
        return try PKIDate(year: c.year!, month: c.month!, day: c.day!)
    }

    /// A one-link claim of `username` by `key` with one provider.
    static func claim(_ username: String, key: SigningKeyPair, provider: [UInt8], days: Int = 60) throws -> UserPublicKeyLink {
        UserPublicKeyLink.createInitial(signer: key, username: username, expiry: try expiry(days: days), storageProviders: [provider])[0]
    }

    /// The `core/signup` body: username, claim, OpLog (empty by default), proof, token.
    static func signupBody(_ username: String, claim: [UInt8], opLog: [UInt8] = CborObject.map([:]).serialize(), proof: [UInt8]) -> [UInt8] {
        var w = DataStreamWriter()
        w.string(username)
        w.byteArray(claim)
        w.byteArray(opLog)
        w.byteArray(proof)
        w.string("")
        return w.bytes
    }

    /// Posts a signup of `link` (proof of work of difficulty 0); when the server answers `false`
    /// with a difficulty, solves it once and sends again. Answers the last response.
    static func signup(_ ctx: CaseContext, _ username: String, link: UserPublicKeyLink) async throws -> ProbeResponse {
        let data = CborObject.list([link.toCbor()]).serialize()
        var r = try await ctx.post("peergos/v0/core/signup", body: signupBody(username, claim: link.serialize(), proof: ProofOfWork.generate(difficulty: 0, data: data).serialize()))
        if r.status == 200, r.body.first == 0 {
            var reader = Reader(bytes: r.body)
            _ = try reader.bool()
            let difficulty = try reader.int32()
            guard (0...ProofOfWork.maxDifficulty).contains(difficulty) else { throw ctx.fail("signup asked for an impossible difficulty \(difficulty)") }
            let proof = ProofOfWork.generate(difficulty: difficulty, data: data)
            r = try await ctx.post("peergos/v0/core/signup", body: signupBody(username, claim: link.serialize(), proof: proof.serialize()))
        }
        return r
    }

    /// The `core/updateChain` body with a proof of difficulty 0.
    static func updateChain(_ ctx: CaseContext, _ username: String, _ chain: [UserPublicKeyLink]) async throws -> ProbeResponse {
        var w = DataStreamWriter()
        w.string(username)
        let encoded = PKIChainBlock.encode(chain)
        w.byteArray(encoded)
        w.byteArray(ProofOfWork.generate(difficulty: 0, data: encoded).serialize())
        w.string("")
        return try await ctx.post("peergos/v0/core/updateChain", body: w.bytes)
    }

    /// `getChain`'s raw answer.
    static func chainBytes(_ ctx: CaseContext, _ username: String) async throws -> [UInt8] {
        let r = try await ctx.post("peergos/v0/core/getChain", body: string(username))
        try ctx.expectStatus(r, 200, "getChain \(username)")
        return r.body
    }

    /// `getPublicKey`'s answer: the key hash, or nil when the server says it has none.
    static func publicKey(_ ctx: CaseContext, _ username: String) async throws -> PublicKeyHash? {
        let r = try await ctx.post("peergos/v0/core/getPublicKey", body: string(username))
        try ctx.expectStatus(r, 200, "getPublicKey \(username)")
        var reader = Reader(bytes: r.body)
        guard try reader.bool() else {
            try ctx.expect(reader.atEnd, "getPublicKey answered false followed by more bytes")
            return nil
        }
        let bytes = try reader.byteArray()
        try ctx.expect(reader.atEnd, "getPublicKey's answer has bytes after the key hash")
        do { return try PublicKeyHash(cbor: CborObject.decode(bytes, options: .upstreamCompatible)) } catch {
            throw ctx.fail("getPublicKey answered bytes that are not a key hash CBOR: \(error)")
        }
    }

    /// Fails unless the signup answer is a refusal (400 with a message, containing `text` when
    /// given) and the name is still unclaimed (or, with `owner`, still claimed by that key).
    static func expectSignupRefused(_ ctx: CaseContext, _ r: ProbeResponse, _ username: String, containing text: String? = nil,
                                    owner: PublicKeyHash? = nil) async throws {
        try ctx.expectRefusal(r, containing: text, "the signup of \"\(username)\"")
        let now = try await publicKey(ctx, username)
        try ctx.expect(now == owner, "after the refused signup getPublicKey(\"\(username)\") answers \(now.map(\.description) ?? "none") instead of \(owner.map(\.description) ?? "none")")
    }
}
