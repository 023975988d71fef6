// swift-tools-version:6.0
// The import graph is the layering: CBOR <- Multiformats <- Crypto (+ MLKEM) <- protocol modules <- tools.
// Protocol modules do no networking and no file I/O; tools (vector runner, benchmarks) sit at the edge.
import PackageDescription

let package = Package(
    name: "swift-peergos",
    products: [
        .library(name: "PeergosCBOR", targets: ["PeergosCBOR"]),
        .library(name: "PeergosMultiformats", targets: ["PeergosMultiformats"]),
        .library(name: "PeergosMLKEM", targets: ["PeergosMLKEM"]),
        .library(name: "PeergosCrypto", targets: ["PeergosCrypto"]),
        .library(name: "PeergosStorage", targets: ["PeergosStorage"]),
        .library(name: "PeergosCapabilities", targets: ["PeergosCapabilities"]),
        .library(name: "PeergosLogin", targets: ["PeergosLogin"]),
        .library(name: "PeergosPKI", targets: ["PeergosPKI"]),
        .library(name: "PeergosCHAMP", targets: ["PeergosCHAMP"]),
        .library(name: "PeergosMutable", targets: ["PeergosMutable"]),
        .library(name: "PeergosCryptree", targets: ["PeergosCryptree"]),
        .library(name: "PeergosSocial", targets: ["PeergosSocial"]),
        .library(name: "PeergosVectors", targets: ["PeergosVectors"]),
        // For FuzzTesting/ (the server's request-body parsers).
        .library(name: "PeergosServer", targets: ["PeergosServer"]),
        .executable(name: "peergos-vectors", targets: ["peergos-vectors"]),
        .executable(name: "peergos-bench", targets: ["peergos-bench"]),
        .executable(name: "peergos-server", targets: ["peergos-server"]),
        .library(name: "PeergosClient", targets: ["PeergosClient"]),
        .executable(name: "peergos", targets: ["peergos"]),
        .library(name: "PeergosConformance", targets: ["PeergosConformance"]),
        .executable(name: "peergos-conformance", targets: ["peergos-conformance"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // SHA-256 for PeergosCrypto; in tests, an independent ML-KEM-1024 to cross-check ours against.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
        // The reference server (issue 4): HTTP, durable storage, logging.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
        // gzip for upstream's `getUsernamesGzip` answers and gzip-encoded request bodies (system zlib).
        .package(url: "https://github.com/adam-fowler/compress-nio", from: "1.5.0"),
        // Already under Hummingbird; named for the NIO channel handler the server adds.
        .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.34.0"),
        // The server benchmark's client and service group (both already under Hummingbird's tests).
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.20.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.0.0"),
    ],
    targets: [
        // Thin shims over Debian's C libraries.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CScrypt", providers: [.apt(["libscrypt-dev"])]),
        .systemLibrary(name: "CCBOR", pkgConfig: "libcbor", providers: [.apt(["libcbor-dev"])]),

        // Protocol layers (pure functions, no I/O).
        .target(name: "PeergosCBOR"),
        .target(name: "PeergosMultiformats", dependencies: ["PeergosCBOR"]),
        // Zeroing, redacted, constant-time-compared storage for secret key bytes (libsodium).
        .target(name: "PeergosSecrets", dependencies: ["CSodium"]),
        .target(name: "PeergosMLKEM", dependencies: ["PeergosSecrets"]),
        .target(
            name: "PeergosCrypto",
            dependencies: [
                "PeergosCBOR", "PeergosMultiformats", "PeergosSecrets", "PeergosMLKEM", "CSodium", "CScrypt",
                // SHA-256 with the CPU's SHA extensions (BoringSSL); libsodium for everything else.
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),

        // Protocol objects on top of the foundation (pure functions; storage is a protocol).
        .target(name: "PeergosStorage", dependencies: ["PeergosMultiformats", "PeergosCrypto"]),
        .target(name: "PeergosCapabilities", dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto"]),
        .target(name: "PeergosLogin", dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosCapabilities"]),
        .target(name: "PeergosPKI", dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto"]),
        .target(name: "PeergosCHAMP", dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosStorage"]),
        .target(name: "PeergosMutable", dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto"]),
        .target(
            name: "PeergosCryptree",
            dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosCapabilities", "PeergosStorage"]
        ),
        .target(name: "PeergosSocial", dependencies: ["PeergosCBOR", "PeergosCrypto", "PeergosCapabilities"]),

        // Tools at the edge.
        .target(
            name: "PeergosVectors",
            dependencies: [
                "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMLKEM", "PeergosStorage", "PeergosCapabilities",
                "PeergosLogin", "PeergosPKI", "PeergosCHAMP", "PeergosMutable", "PeergosCryptree", "PeergosSocial",
            ]
        ),
        .executableTarget(
            name: "peergos-vectors",
            dependencies: ["PeergosVectors", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "peergos-bench",
            dependencies: [
                "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMLKEM", "PeergosStorage", "PeergosCHAMP",
                "PeergosCryptree", "PeergosCapabilities", "CSodium", "CCBOR", "PeergosServer", "PeergosClient",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                // The server workload's wrk-like load generator and its bare SQLite baseline.
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ]
        ),

        // Tests.
        // The reference server, at the edge: SQLite storage (GRDB) and HTTP (Hummingbird).
        .target(
            name: "PeergosServerStorage",
            dependencies: ["PeergosMultiformats", "PeergosCrypto", "PeergosStorage", .product(name: "GRDB", package: "GRDB.swift"),
                           .product(name: "GRDBSQLite", package: "GRDB.swift")]
        ),
        .target(
            name: "PeergosServer",
            dependencies: [
                "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosStorage", "PeergosMutable", "PeergosLogin",
                "PeergosPKI", "PeergosServerStorage", "PeergosSocial", "PeergosCHAMP", "PeergosCapabilities", "PeergosCryptree",
                .product(name: "Hummingbird", package: "hummingbird"), .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"), .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"), .product(name: "NIOHTTPTypesHTTP1", package: "swift-nio-extras"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .executableTarget(
            name: "peergos-server",
            dependencies: ["PeergosServer", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // The client (issue 9): every user flow over HTTP, on any Peergos server. I/O lives only in
        // its transport; everything else is the protocol modules.
        .target(
            name: "PeergosClient",
            dependencies: [
                "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosStorage", "PeergosCapabilities", "PeergosLogin",
                "PeergosPKI", "PeergosCHAMP", "PeergosMutable", "PeergosCryptree", "PeergosSocial",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ]
        ),
        .executableTarget(
            name: "peergos",
            dependencies: ["PeergosClient", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),

        // The conformance suite (issue 10): cases that check any Peergos server over HTTP, through the
        // client library only (never the server's code), and the runner's scheduling and reports.
        .target(
            name: "PeergosConformance",
            dependencies: [
                "PeergosClient", "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosStorage", "PeergosCapabilities",
                "PeergosLogin", "PeergosPKI", "PeergosCHAMP", "PeergosMutable", "PeergosCryptree", "PeergosSocial",
                .product(name: "AsyncHTTPClient", package: "async-http-client"), .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                // To read upstream's gzip answers (core/getUsernamesGzip).
                .product(name: "CompressNIO", package: "compress-nio"),
            ],
            path: "Conformance/Sources/PeergosConformance"
        ),
        // The runner: with no --server it starts the embedded reference server (the only reason it
        // links PeergosServer) and checks it.
        .executableTarget(
            name: "peergos-conformance",
            dependencies: ["PeergosConformance", "PeergosServer", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            path: "Conformance/Sources/peergos-conformance"
        ),

        // Test-only support shared by the test targets (seeded generator, redaction check, child processes).
        .target(name: "PeergosTestSupport", dependencies: ["PeergosMultiformats"], path: "Tests/PeergosTestSupport"),
        .testTarget(name: "PeergosCBORTests", dependencies: ["PeergosCBOR", "CCBOR", "PeergosTestSupport"]),
        .testTarget(name: "PeergosMultiformatsTests", dependencies: ["PeergosMultiformats", "PeergosCrypto"]),
        .testTarget(
            name: "PeergosMLKEMTests",
            dependencies: ["PeergosMLKEM", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "PeergosCryptoTests", dependencies: ["PeergosCrypto", "PeergosSecrets", "CSodium", "PeergosVectors", "PeergosTestSupport"]),
        .testTarget(name: "PeergosVectorsTests", dependencies: ["PeergosVectors", "PeergosTestSupport"]),
        .testTarget(
            name: "PeergosServerTests",
            dependencies: [
                "PeergosTestSupport",
                "PeergosServer", "PeergosServerStorage", "PeergosCrypto", "PeergosMutable", "PeergosMultiformats", "PeergosCBOR",
                "PeergosPKI", "PeergosLogin", "PeergosCapabilities", "PeergosCHAMP", "PeergosSocial", "PeergosStorage", "PeergosCryptree",
                "PeergosVectors",
                .product(name: "CompressNIO", package: "compress-nio"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "NIOEmbedded", package: "swift-nio"), .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ]
        ),
        .testTarget(
            name: "PeergosClientTests",
            dependencies: [
                "PeergosTestSupport", "PeergosClient", "PeergosServer", "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto",
                "PeergosCapabilities", "PeergosCryptree", "PeergosStorage", "PeergosLogin",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Hummingbird", package: "hummingbird"),
            ]
        ),
        .testTarget(
            name: "PeergosConformanceTests",
            dependencies: ["PeergosConformance", "PeergosServer", "PeergosClient", "PeergosTestSupport"]
        ),
        .testTarget(
            name: "PeergosProtocolTests",
            dependencies: [
                "PeergosTestSupport",
                "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosStorage", "PeergosCapabilities", "PeergosLogin",
                "PeergosPKI", "PeergosCHAMP", "PeergosMutable", "PeergosCryptree", "PeergosSocial", "PeergosVectors",
            ]
        ),
    ]
)
