import Foundation
import PeergosClient

/// Area `flow`: end-to-end user journeys through the client library (Spec/client.md), one case a
/// step, each depending on the step before it.
enum FlowCases {
    static var all: [ConformanceCase] {
        [
            ConformanceCase(
                "flow.signup.creates-account", "Signup creates an account whose identity core/getPublicKey answers",
                level: .must, spec: "client.md#signup", tags: [.mutating]
            ) { ctx in
                let account = try await ctx.fixtures.account("a", prerequisite: false)
                let published = try await ctx.client().api.publicKey(username: account.username)
                try ctx.expect(published != nil, "core/getPublicKey does not know the new user \(account.username)")
                try ctx.expect(published == account.session.id,
                               "core/getPublicKey answers \(published.map { "\($0)" } ?? "nothing") for \(account.username), not the identity signed up (\(account.session.id))")
            },
        ]
    }
}
