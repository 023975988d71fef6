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
        .library(name: "PeergosVectors", targets: ["PeergosVectors"]),
        .executable(name: "peergos-vectors", targets: ["peergos-vectors"]),
        .executable(name: "peergos-bench", targets: ["peergos-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        // Test-only: an independent ML-KEM-1024 to cross-check ours against.
        .package(url: "https://github.com/apple/swift-crypto", from: "4.0.0"),
    ],
    targets: [
        // Thin shims over Debian's C libraries.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CScrypt", providers: [.apt(["libscrypt-dev"])]),
        .systemLibrary(name: "CCBOR", pkgConfig: "libcbor", providers: [.apt(["libcbor-dev"])]),

        // Protocol layers (pure functions, no I/O).
        .target(name: "PeergosCBOR"),
        .target(name: "PeergosMultiformats", dependencies: ["PeergosCBOR"]),
        .target(name: "PeergosMLKEM"),
        .target(
            name: "PeergosCrypto",
            dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosMLKEM", "CSodium", "CScrypt"]
        ),

        // Tools at the edge.
        .target(
            name: "PeergosVectors",
            dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMLKEM"]
        ),
        .executableTarget(
            name: "peergos-vectors",
            dependencies: ["PeergosVectors", .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .executableTarget(
            name: "peergos-bench",
            dependencies: ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMLKEM", "CSodium", "CCBOR"]
        ),

        // Tests.
        .testTarget(name: "PeergosCBORTests", dependencies: ["PeergosCBOR", "CCBOR"]),
        .testTarget(name: "PeergosMultiformatsTests", dependencies: ["PeergosMultiformats", "PeergosCrypto"]),
        .testTarget(
            name: "PeergosMLKEMTests",
            dependencies: ["PeergosMLKEM", .product(name: "Crypto", package: "swift-crypto")]
        ),
        .testTarget(name: "PeergosCryptoTests", dependencies: ["PeergosCrypto", "CSodium"]),
        .testTarget(name: "PeergosVectorsTests", dependencies: ["PeergosVectors"]),
    ]
)
