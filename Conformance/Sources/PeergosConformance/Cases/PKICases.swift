import Foundation
import CompressNIO
import NIOCore
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// Area `pki`: the PKI routes of `/peergos/v0/core/` (Spec/http.md#core, Spec/pki.md,
/// PEERGOS-FACTS §12 item 9): lookups, signup refusals, chain updates and the published PKI tree.
enum PKICases {
    static var all: [ConformanceCase] { lookups + PKISignupCases.all + PKIChainCases.all + PKITreeCases.all }

    /// A username no server has: the run's prefix and random letters.
    static func unknownName(_ ctx: CaseContext) -> String {
        let letters = Array("abcdefghijklmnopqrstuvwxyz")
        var g = SystemRandomNumberGenerator()
        return "nobody" + String((0..<20).map { _ in letters.randomElement(using: &g)! })
    }

    static var lookups: [ConformanceCase] {
        [
            ConformanceCase(
                "pki.getChain.unknown-user-is-empty-list", "getChain of an unknown username answers the empty CBOR list (0x80)",
                level: .must, spec: "http.md#core", tags: [.readOnly]
            ) { ctx in
                let bytes = try await PKISupport.chainBytes(ctx, unknownName(ctx))
                try ctx.expect(bytes == [0x80], "getChain of an unknown user should answer [0x80], got \(RecordedExchange.show(bytes))")
            },
            ConformanceCase(
                "pki.getChain.validates-and-ends-with-public-key",
                "getChain of a user answers a chain that validates for the name and whose last owner is getPublicKey's answer",
                level: .must, spec: "pki.md#validation", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                let bytes = try await PKISupport.chainBytes(ctx, user)
                let chain: [UserPublicKeyLink]
                do { chain = try PKIChainBlock.decode(bytes) } catch { throw ctx.fail("getChain answered something that is not a chain: \(error)") }
                try ctx.expect(!chain.isEmpty, "getChain of \(user) answered an empty chain")
                if case .invalid(let failures) = ChainValidator.validate(chain, username: user) {
                    throw ctx.fail("\(user)'s chain does not validate: \(failures.map(\.description).joined(separator: ", "))")
                }
                let key = try await PKISupport.publicKey(ctx, user)
                try ctx.expect(key == chain.last?.owner, "getPublicKey answers \(key.map(\.description) ?? "none"), the chain ends with \(chain.last!.owner)")
            },
            ConformanceCase(
                "pki.getPublicKey.unknown-user-is-false", "getPublicKey of an unknown username answers the boolean false alone",
                level: .must, spec: "http.md#core", tags: [.readOnly]
            ) { ctx in
                let r = try await ctx.post("peergos/v0/core/getPublicKey", body: PKISupport.string(unknownName(ctx)))
                try ctx.expectBool(r, false, "getPublicKey of an unknown user")
            },
            ConformanceCase(
                "pki.getUsername.answers-owner-name", "getUsername of a user's identity key hash answers the username",
                level: .must, spec: "http.md#core", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                guard let key = try await PKISupport.publicKey(ctx, user) else { throw ctx.fail("getPublicKey does not know \(user)") }
                var w = DataStreamWriter()
                w.byteArray(key.serialize())
                let r = try await ctx.post("peergos/v0/core/getUsername", body: w.bytes)
                try ctx.expectStatus(r, 200, "getUsername")
                var reader = PKISupport.Reader(bytes: r.body)
                let name = String(decoding: try reader.byteArray(), as: UTF8.self)
                try ctx.expect(name == user && reader.atEnd, "getUsername answered \"\(name)\" instead of the DataStream string \"\(user)\"")
            },
            ConformanceCase(
                "pki.getUsername.refuses-unknown-key", "getUsername of a key hash no user owns is refused with a message",
                level: .must, spec: "http.md#core", tags: [.readOnly]
            ) { ctx in
                var w = DataStreamWriter()
                w.byteArray(try SigningKeyPair.random(using: SystemRandom.shared).publicKey.publicKeyHash.serialize())
                let r = try await ctx.post("peergos/v0/core/getUsername", body: w.bytes)
                try ctx.expectRefusal(r, "getUsername of an unknown key")
            },
            ConformanceCase(
                "pki.getUsernamesGzip.lists-user", "getUsernamesGzip answers a gzip JSON list of names that contains the user",
                level: .must, spec: "http.md#core", tags: [.readOnly]
            ) { ctx in
                let user = try await ctx.fixtures.probeUsername()
                let r = try await ctx.post("peergos/v0/core/getUsernamesGzip/\(user)")
                try ctx.expectStatus(r, 200, "getUsernamesGzip")
                try ctx.expect(r.header("Content-Encoding")?.lowercased() == "gzip", "getUsernamesGzip's answer has no Content-Encoding: gzip")
                var buffer = ByteBuffer(bytes: r.body)
                let json: Data
                do {
                    var out = try buffer.decompress(with: .gzip(), maxSize: 64 << 20)
                    json = Data(out.readBytes(length: out.readableBytes) ?? [])
                } catch {
                    throw ctx.fail("getUsernamesGzip's body is not gzip: \(error)")
                }
                guard let names = try? JSONSerialization.jsonObject(with: json) as? [String] else {
                    throw ctx.fail("getUsernamesGzip's body is not a JSON list of strings")
                }
                try ctx.expect(names.contains(user), "getUsernamesGzip's list (\(names.count) names) lacks \(user)")
            },
        ]
    }
}
