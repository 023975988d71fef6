import PeergosCBOR
import PeergosCrypto
import PeergosPKI
import Testing

/// Issue 8 item 4: `ChainValidator.merge` validates its result on every path, including a first
/// claim (nothing stored yet) and a resubmission of the stored chain.
@Suite("Chain merge validation")
struct ChainMergeValidationTests {
    static func key(_ n: UInt8) throws -> SigningKeyPair { try SigningKeyPair(seed: [UInt8](repeating: n, count: 32)) }
    static let provider: [UInt8] = Array(repeating: 0x12, count: 34)

    /// The rules a merge refusal names, or nil when the merge did not fail with invalidMergedChain.
    static func brokenRules(_ body: () throws -> [UserPublicKeyLink]) -> [ChainFailure.Rule]? {
        do {
            _ = try body()
            return nil
        } catch let PKIError.invalidMergedChain(failures) {
            return failures.map(\.rule)
        } catch {
            return nil
        }
    }

    @Test("a valid first claim merged into an empty chain is returned as it is")
    func validFirstClaim() throws {
        let chain = UserPublicKeyLink.createInitial(signer: try Self.key(1), username: "alice", expiry: try PKIDate("2030-01-01"), storageProviders: [Self.provider])
        #expect(try ChainValidator.merge(existing: [], updated: chain) == chain)
    }

    @Test("an invalid first claim merged into an empty chain is refused with the rule it breaks")
    func invalidFirstClaim() throws {
        let expiry = try PKIDate("2030-01-01")
        // No storage provider on the last link.
        let noProvider = UserPublicKeyLink.createInitial(signer: try Self.key(2), username: "bob", expiry: expiry, storageProviders: [])
        #expect(Self.brokenRules { try ChainValidator.merge(existing: [], updated: noProvider) } == [.lastLinkProviderCount])
        let error = #expect(throws: PKIError.self) { try ChainValidator.merge(existing: [], updated: noProvider) }
        #expect(error?.code == "pki.invalid_merged_chain")
        // A claim signed by a key other than the link's owner.
        let signed = UserPublicKeyLink.createInitial(signer: try Self.key(3), username: "bob", expiry: expiry, storageProviders: [Self.provider])[0]
        let stolen = [UserPublicKeyLink(owner: try Self.key(4).publicKey.publicKeyHash, claim: signed.claim)]
        #expect(Self.brokenRules { try ChainValidator.merge(existing: [], updated: stolen) } == [.claimSignatureInvalid])
        // A username with whitespace.
        let spaced = UserPublicKeyLink.createInitial(signer: try Self.key(5), username: "b ob", expiry: expiry, storageProviders: [Self.provider])
        #expect(Self.brokenRules { try ChainValidator.merge(existing: [], updated: spaced) } == [.usernameHasWhitespace])
    }

    @Test("an invalid chain resubmitted as it is stored is refused too")
    func invalidResubmission() throws {
        let noProvider = UserPublicKeyLink.createInitial(signer: try Self.key(6), username: "carol", expiry: try PKIDate("2030-01-01"), storageProviders: [])
        #expect(Self.brokenRules { try ChainValidator.merge(existing: noProvider, updated: noProvider) } == [.lastLinkProviderCount])
    }
}
