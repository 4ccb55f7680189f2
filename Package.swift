// swift-tools-version: 6.1
// The idOS issuer back-office. Module map and layering: see README.md and ARCHITECTURE notes there.
import PackageDescription

/// Settings every Swift target shares: strict, explicit imports and `any` for existentials.
let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

let package = Package(
    name: "idos-issuer",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "idos-issuer", targets: ["idos-issuer"]),
        .library(name: "IdosCrypto", targets: ["IdosCrypto"]),
        .library(name: "IdosKit", targets: ["IdosKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    ],
    targets: [
        // C: system libraries through pkg-config, plus a shim for curl's variadic setopt/getinfo.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // Primitives: hashes, signatures, box, KDF, encodings. No I/O.
        .target(name: "IdosCrypto", dependencies: ["CSodium", "CSecp256k1"], swiftSettings: strictSettings),
        // Domain: idOS wallet proofs (later: typed actions, credential pair, DWG).
        .target(name: "IdosKit", dependencies: ["IdosCrypto", "VerifiableCredentials"], swiftSettings: strictSettings),
        // JSON-LD → RDF, RDFC-1.0, Ed25519Signature2020, bundled contexts.
        .target(name: "VerifiableCredentials", dependencies: ["IdosCrypto"], resources: [.copy("Contexts")],
                swiftSettings: strictSettings),

        // Surfaces.
        .executableTarget(
            name: "idos-issuer",
            dependencies: [
                "IdosCrypto", "IdosKit", "VerifiableCredentials",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "idos-bench", dependencies: ["IdosCrypto", "VerifiableCredentials"], path: "Benchmarks/idos-bench",
                          swiftSettings: strictSettings),

        // Tests.
        .target(name: "TestSupport", path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "IdosCryptoTests", dependencies: ["IdosCrypto", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "IdosKitTests", dependencies: ["IdosKit", "IdosCrypto", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(name: "VerifiableCredentialsTests", dependencies: ["VerifiableCredentials", "IdosCrypto", "TestSupport"],
                    swiftSettings: strictSettings),
        .testTarget(name: "IssuerCLITests", dependencies: ["IdosCrypto", "TestSupport"], swiftSettings: strictSettings),
    ]
)
