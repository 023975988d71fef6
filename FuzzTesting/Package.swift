// swift-tools-version:6.0
// libFuzzer targets over the protocol's decoders (issue 8, item 17). Built apart from the root
// package, with sanitizers, so that the root's normal build is not disturbed:
//   swift build -c release --sanitize fuzzer --sanitize address -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library
// or simply `bash run.sh --seconds N all` (see README.md).
import Foundation
import PackageDescription

// The root package's identity is the name of its folder (a path dependency).
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().lastPathComponent.lowercased()

func fuzzer(_ name: String, _ products: [String], _ extra: [Target.Dependency] = []) -> Target {
    .executableTarget(
        name: name,
        dependencies: products.map { .product(name: $0, package: root) } + ["FuzzSupport"] + extra,
        path: "Sources/\(name)"
    )
}

let package = Package(
    name: "peergos-fuzz",
    dependencies: [.package(path: "..")],
    targets: [
        // Helpers shared by the fuzzers (byte readers, a fixed signing key).
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "PeergosCrypto", package: root), .product(name: "PeergosMultiformats", package: root)],
            path: "Sources/FuzzSupport"
        ),
        fuzzer("FuzzCBORStrict", ["PeergosCBOR"]),
        fuzzer("FuzzCBORUpstream", ["PeergosCBOR", "PeergosMultiformats"]),
        fuzzer("FuzzMultiformats", ["PeergosCBOR", "PeergosMultiformats"]),
        fuzzer("FuzzCapability", ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosCapabilities"]),
        fuzzer("FuzzChamp", ["PeergosCBOR", "PeergosMultiformats", "PeergosStorage", "PeergosCHAMP"]),
        fuzzer("FuzzCryptree", ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosCapabilities", "PeergosCryptree"]),
        fuzzer("FuzzPKI", ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosPKI"]),
        fuzzer("FuzzPointer", ["PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMutable", "PeergosLogin"]),
        fuzzer("FuzzServerBodies", ["PeergosServer", "PeergosCBOR", "PeergosMultiformats", "PeergosCrypto", "PeergosMutable", "PeergosPKI", "PeergosStorage"]),
    ]
)
