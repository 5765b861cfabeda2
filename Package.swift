// swift-tools-version:6.0
import PackageDescription

let package = Package(
  name: "meta-agent",
  platforms: [.macOS(.v14)],
  products: [
    .executable(name: "meta-agent", targets: ["MetaAgentCLI"])
  ],
  dependencies: [
    .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
    .package(url: "https://github.com/apple/swift-crypto", from: "3.12.0"),
    .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
    .package(url: "https://github.com/apple/swift-nio", from: "2.80.0"),
    .package(url: "https://github.com/modelcontextprotocol/swift-sdk", from: "0.12.1"),
    .package(url: "https://github.com/apple/swift-log", from: "1.5.0"),
  ],
  targets: [
    // C libraries, found through pkg-config.
    .systemLibrary(
      name: "CSeccomp", pkgConfig: "libseccomp",
      providers: [.apt(["libseccomp-dev"])]),
    .systemLibrary(
      name: "CCap", pkgConfig: "libcap",
      providers: [.apt(["libcap-dev"])]),

    // The async-signal-safe part between fork and exec.
    .target(name: "CSandboxSpawn", dependencies: ["CCap"]),

    // Profiles, seccomp policy, the launcher.
    .target(
      name: "Sandbox",
      dependencies: [
        "CSandboxSpawn", "CSeccomp",
        .product(name: "Yams", package: "Yams"),
      ]),

    // Risk levels, approvals, audit, workspace and keys.
    .target(
      name: "Governance",
      dependencies: [
        .product(name: "GRDB", package: "GRDB.swift"),
        .product(name: "Crypto", package: "swift-crypto"),
        .product(name: "Yams", package: "Yams"),
      ]),

    // Kubernetes access: auth broker, verb policy, read-only gateway, replay cluster.
    .target(
      name: "Kube",
      dependencies: [
        "Sandbox", "Governance",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
        .product(name: "Yams", package: "Yams"),
      ]),

    // Runs tool servers inside their sandbox and talks MCP to them (official SDK).
    .target(
      name: "MCPHost",
      dependencies: [
        "Sandbox",
        .product(name: "MCP", package: "swift-sdk"),
        .product(name: "Logging", package: "swift-log"),
      ]),

    // Capability catalog, missing-tool detection, templates, validation, signing, registry.
    .target(
      name: "Toolsmith",
      dependencies: ["Sandbox", "Governance", "MCPHost"]),

    // Analyzers, findings and renderers: Kubernetes JSON in, a diagnosis out. Foundation only.
    .target(name: "Diagnosis"),

    // The classifier and the orchestrator (persisted runs) that walk the whole flow.
    .target(
      name: "Agent",
      dependencies: [
        "Governance", "Kube", "Toolsmith", "MCPHost", "Diagnosis", "Sandbox",
        .product(name: "MCP", package: "swift-sdk"),
      ]),

    .executableTarget(
      name: "MetaAgentCLI",
      dependencies: [
        "Sandbox", "Governance", "Kube", "MCPHost", "Toolsmith", "Diagnosis", "Agent",
        .product(name: "ArgumentParser", package: "swift-argument-parser"),
      ]),

    // A tiny C program that tries one escape at a time; the sandbox tests run it inside.
    .executableTarget(name: "sandbox-probe", path: "Sources/SandboxProbe"),

    .executableTarget(
      name: "meta-agent-bench",
      dependencies: [
        "Sandbox", "Kube", "MCPHost", "Diagnosis",
        .product(name: "MCP", package: "swift-sdk"),
      ],
      path: "Benchmarks/Sources/meta-agent-bench"),

    .testTarget(name: "SandboxTests", dependencies: ["Sandbox", "sandbox-probe"]),
    .testTarget(name: "GovernanceTests", dependencies: ["Governance"]),
    .testTarget(
      name: "DiagnosisTests",
      dependencies: ["Diagnosis", .product(name: "Yams", package: "Yams")]),
    .testTarget(
      name: "AgentTests",
      dependencies: ["Agent", "Diagnosis", "Governance", "Kube", "Toolsmith", "Sandbox"]),
    .testTarget(name: "MCPHostTests", dependencies: ["MCPHost", "Sandbox"]),
    .testTarget(name: "ToolsmithTests", dependencies: ["Toolsmith", "Sandbox", "Governance"]),
    .testTarget(
      name: "KubeTests",
      dependencies: [
        "Kube", "Governance", "MCPHost", "Toolsmith",
        .product(name: "NIOCore", package: "swift-nio"),
        .product(name: "NIOPosix", package: "swift-nio"),
        .product(name: "NIOHTTP1", package: "swift-nio"),
      ],
      exclude: ["Scenarios"]),
    .testTarget(
      name: "CLITests",
      dependencies: [
        "MetaAgentCLI", "Governance", "Sandbox", "Toolsmith",
        .product(name: "GRDB", package: "GRDB.swift"),
      ]),
  ]
)
