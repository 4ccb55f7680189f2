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
        .executable(name: "idos-devnode", targets: ["idos-devnode"]),
        .library(name: "IdosCrypto", targets: ["IdosCrypto"]),
        .library(name: "IdosKit", targets: ["IdosKit"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
        .package(url: "https://github.com/vapor/postgres-nio.git", from: "1.33.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-configuration.git", from: "1.4.0"),
        // Metrics API (engine and API record) and its Prometheus backend (/metrics).
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
        // The peer's address of a request (NIOCore), for the console's cookie rules.
        .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
        // The operator console's server-rendered pages.
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", from: "2.1.1"),
        // Test-only: reads openapi.yaml in IssuerAPIConformanceTests.
        .package(url: "https://github.com/jpsim/Yams.git", from: "5.0.1"),
    ],
    targets: [
        // C: system libraries through pkg-config, plus a shim for curl's variadic setopt/getinfo.
        .systemLibrary(name: "CSodium", pkgConfig: "libsodium", providers: [.apt(["libsodium-dev"])]),
        .systemLibrary(name: "CSecp256k1", pkgConfig: "libsecp256k1", providers: [.apt(["libsecp256k1-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .target(name: "CCurlShim", dependencies: ["CCurl"]),

        // Primitives: hashes, signatures, box, KDF, encodings. No I/O.
        .target(name: "IdosCrypto", dependencies: ["CSodium", "CSecp256k1"], swiftSettings: strictSettings),
        // Domain: the typed catalog of idOS actions and the issuer's call builders, DWG, credential pair, wallet proofs.
        .target(name: "IdosKit", dependencies: ["KwilKit", "IdosCrypto", "VerifiableCredentials"], swiftSettings: strictSettings),
        // JSON-LD → RDF, RDFC-1.0, Ed25519Signature2020, bundled contexts.
        .target(name: "VerifiableCredentials", dependencies: ["IdosCrypto"], resources: [.copy("Contexts")],
                swiftSettings: strictSettings),
        // Kwil 0.10 client: binary codec, transactions, signers (no HTTP library).
        .target(name: "KwilKit", dependencies: ["IdosCrypto"], swiftSettings: strictSettings),
        // HTTPTransport over libcurl (worker threads, one reusable easy handle each).
        .target(name: "CurlTransport", dependencies: ["KwilKit", "CCurlShim", .product(name: "Logging", package: "swift-log")],
                swiftSettings: strictSettings),

        // PostgreSQL URLs → PostgresNIO configurations (one parser for the store, the devnode and the tests).
        .target(name: "PostgresURL", dependencies: [.product(name: "PostgresNIO", package: "postgres-nio")], swiftSettings: strictSettings),
        // The issuer's own PostgreSQL: the only module with SQL; migrations in Sources/IssuerStore/Migrations (the top-level Migrations is a link to it).
        .target(
            name: "IssuerStore",
            dependencies: [
                "PostgresURL", "IdosCrypto",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Migrations/README.md"],
            resources: [.copy("Migrations")],
            swiftSettings: strictSettings
        ),
        // The durable job queue, its maintenance services and the node writer.
        .target(
            name: "IssuerEngine",
            dependencies: [
                "IssuerStore", "IdosKit", "KwilKit", "CurlTransport", "IdosCrypto", "VerifiableCredentials",
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ],
            swiftSettings: strictSettings
        ),

        // The KYC-provider HTTP API (Hummingbird): routes, auth, idempotency, problem+json, openapi.yaml.
        .target(
            name: "IssuerAPI",
            dependencies: [
                "IssuerEngine", "IssuerStore", "IdosKit", "IdosCrypto", "KwilKit", "VerifiableCredentials",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
            ],
            resources: [.copy("Resources/openapi.yaml")],
            swiftSettings: strictSettings
        ),

        // The operator console (`/console/` on the API listener): sessions, CSRF, pages from Templates/.
        .target(
            name: "IssuerConsole",
            dependencies: [
                "IssuerAPI", "IssuerEngine", "IssuerStore", "IdosCrypto",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ],
            resources: [.copy("Templates")],
            swiftSettings: strictSettings
        ),

        // Local idOS node (issue 5): Kwil JSON-RPC + idOS actions on PostgreSQL, with fault injection.
        .target(
            name: "IdosDevNode",
            dependencies: [
                "KwilKit", "IdosKit", "IdosCrypto", "PostgresURL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "idos-devnode",
            dependencies: [
                "IdosDevNode",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),

        // Surfaces.
        .executableTarget(
            name: "idos-issuer",
            dependencies: [
                "IdosCrypto", "IdosKit", "KwilKit", "CurlTransport", "VerifiableCredentials", "IssuerStore", "IssuerEngine", "IssuerAPI", "IssuerConsole", "PostgresURL",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Configuration", package: "swift-configuration"),
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(name: "idos-bench",
                          dependencies: ["IdosCrypto", "IdosDevNode", "IdosKit", "KwilKit", "CurlTransport", "VerifiableCredentials",
                                         .product(name: "Hummingbird", package: "hummingbird"),
                                         .product(name: "Logging", package: "swift-log")],
                          path: "Benchmarks/idos-bench", swiftSettings: strictSettings),

        // Tests.
        .target(name: "TestSupport",
                dependencies: ["PostgresURL", .product(name: "PostgresNIO", package: "postgres-nio"), .product(name: "Logging", package: "swift-log")],
                path: "Tests/TestSupport", swiftSettings: strictSettings),
        .testTarget(name: "IdosCryptoTests", dependencies: ["IdosCrypto", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: strictSettings),
        .testTarget(name: "IdosKitTests", dependencies: ["IdosKit", "KwilKit", "IdosCrypto", "VerifiableCredentials", "TestSupport"],
                    exclude: ["Fixtures"], swiftSettings: strictSettings),
        .testTarget(
            name: "IdosDevNodeTests",
            dependencies: [
                "IdosDevNode", "KwilKit", "CurlTransport", "IdosKit", "IdosCrypto", "TestSupport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "KwilKitTests", dependencies: ["KwilKit", "IdosCrypto", "TestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "CurlTransportTests",
            dependencies: [
                "CurlTransport", "KwilKit", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdCore", package: "hummingbird"),
                .product(name: "HummingbirdTLS", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "VerifiableCredentialsTests", dependencies: ["VerifiableCredentials", "IdosCrypto", "TestSupport"],
                    swiftSettings: strictSettings),
        // Test support for the issuer's own modules: a migrated store in a throwaway schema, a whole issuer world.
        .target(
            name: "IssuerTestSupport",
            dependencies: [
                "IssuerEngine", "IssuerStore", "PostgresURL", "TestSupport", "IdosDevNode", "IdosKit", "IdosCrypto", "KwilKit", "CurlTransport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/IssuerTestSupport",
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IssuerEngineTests",
            dependencies: [
                "IssuerEngine", "IssuerStore", "PostgresURL", "TestSupport", "IssuerTestSupport", "IdosKit", "IdosCrypto", "KwilKit",
                "IdosDevNode", "CurlTransport",
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "IssuerAPITests",
            dependencies: [
                "IssuerAPI", "IssuerEngine", "IssuerStore", "TestSupport", "IssuerTestSupport", "IdosKit", "IdosCrypto", "KwilKit",
                "VerifiableCredentials", "IdosDevNode", "CurlTransport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "IssuerCLITests", dependencies: ["IdosCrypto", "TestSupport", .product(name: "PostgresNIO", package: "postgres-nio")],
                    swiftSettings: strictSettings),
        // openapi.yaml against the router: the (method, path) set, and each operation's statuses against its handler's source.
        .testTarget(
            name: "IssuerAPIConformanceTests",
            dependencies: [
                "IssuerAPI", "IssuerEngine", "IssuerStore", "IdosCrypto", "PostgresURL", "TestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Yams", package: "Yams"),
            ],
            swiftSettings: strictSettings
        ),
    ]
)
