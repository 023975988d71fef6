import FuzzSupport
import PeergosCBOR
import PeergosCrypto
import PeergosMultiformats
import PeergosPKI

/// PKI: a chain block (`PKIChainBlock.decode`) and a single link (strict and upstream-compatible),
/// then `ChainValidator.validate` and `ChainValidator.merge` against a genuine chain, an empty one
/// and the decoded chain itself. Mode 1 re-signs the fuzzed claims (username, expiry, providers
/// from the input) and key-change proofs with two fixed keys, so validation and merging go past
/// the signature checks. Input: mode byte (% 3), then the bytes.
let today = try! PKIDate("2026-01-01")
let genuine: [UserPublicKeyLink] = UserPublicKeyLink.createInitial(signer: FuzzKeys.signer, username: "fuzz", expiry: try! PKIDate("2030-01-01"),
                                                                    storageProviders: [Array("peer".utf8)])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzPKI(_ start: UnsafeRawPointer?, _ count: Int) -> CInt {
    var r = FuzzReader(fuzzBytes(start, count))
    let mode = r.byte() % 3
    let payload = r.rest()
    var chains: [[UserPublicKeyLink]] = []
    switch mode {
    case 0:
        if let chain = try? PKIChainBlock.decode(payload) {
            fuzzCheck((try? PKIChainBlock.decode(PKIChainBlock.encode(chain))) == chain, "chain block does not round-trip")
            chains.append(chain)
        }
    case 1:
        guard let cbor = try? CborObject.decode(payload, options: .upstreamCompatible), case .list(let items) = cbor else { return 0 }
        var chain: [UserPublicKeyLink] = []
        let keys = [FuzzKeys.signer, FuzzKeys.other]
        let links = items.prefix(4).compactMap { try? UserPublicKeyLink(cbor: $0) }
        for (i, link) in links.enumerated() {
            let key = keys[i % 2]
            let claim = UsernameClaim.build(username: link.claim.username, expiry: link.claim.expiry,
                                            storageProviders: link.claim.storageProviders, signer: key.secretKey)
            // A genuine key-change proof to the next key, unless the input's proof is the one byte 0x01.
            let proof = link.keyChangeProof == [1] ? link.keyChangeProof : key.signMessage(keys[(i + 1) % 2].publicKey.publicKeyHash.serialize())
            chain.append(UserPublicKeyLink(owner: key.publicKey.publicKeyHash, claim: claim, keyChangeProof: i == links.count - 1 ? nil : proof))
        }
        chains.append(chain)
    default:
        for options in [CborDecodingOptions.strict, .upstreamCompatible] {
            if let link = try? UserPublicKeyLink(cborBytes: payload, options: options) {
                fuzzCheck((try? UserPublicKeyLink(cbor: link.toCbor())) == link, "UserPublicKeyLink does not round-trip")
                _ = link.isExpired(today: today)
                chains.append([link])
            }
        }
    }
    for chain in chains {
        let username = chain.last?.claim.username ?? "fuzz"
        let result = ChainValidator.validate(chain, username: username)
        fuzzCheck(result.isValid == result.failures.isEmpty, "validation result inconsistent")
        _ = ChainValidator.validate(chain, username: "fuzz")
        for (existing, updated) in [(genuine, chain), (chain, genuine), (chain, chain), ([], chain)] {
            if let merged = try? ChainValidator.merge(existing: existing, updated: updated) {
                fuzzCheck(ChainValidator.validate(merged, username: merged.last?.claim.username ?? "").isValid,
                          "merge returned a chain that does not validate")
            }
        }
    }
    return 0
}
