import Foundation
import Sandbox
import Testing
import Toolsmith

/// `meta-agent mcp serve` driven by the official Python MCP client (PyPI `mcp`).
@Suite("CLI mcp serve")
struct MCPServeCLITests {
  static let hasClient: Bool = {
    let probe = Process()
    probe.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    probe.arguments = ["python3", "-c", "import mcp.client.stdio"]
    probe.standardOutput = FileHandle.nullDevice
    probe.standardError = FileHandle.nullDevice
    guard (try? probe.run()) != nil else { return false }
    probe.waitUntilExit()
    return probe.terminationStatus == 0
  }()

  /// initialize, list_tools, one call; prints a JSON report.
  static let driver = """
    import asyncio, json, os, sys
    from mcp import ClientSession, StdioServerParameters
    from mcp.client.stdio import stdio_client

    async def main():
        server = StdioServerParameters(
            command=sys.argv[1], args=["mcp", "serve", "--workspace", sys.argv[2]] + sys.argv[5:],
            env=dict(os.environ))
        async with stdio_client(server) as (read, write):
            async with ClientSession(read, write) as session:
                init = await session.initialize()
                tools = await session.list_tools()
                result = await session.call_tool(sys.argv[3], json.loads(sys.argv[4]))
                print(json.dumps({
                    "server": init.server_info.name,
                    "tools": sorted(t.name for t in tools.tools),
                    "is_error": result.is_error,
                    "text": result.content[0].text if result.content else "",
                }))

    asyncio.run(main())
    """

  @Test(
    "an MCP client lists the deployed tools and calls one through meta-agent mcp serve",
    .enabled(if: hasClient))
  func serveOverStdio() throws {
    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-mcp-serve-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: workspace) }
    let initialized = try metaAgent(
      ["init", "--approver", "alice", workspace.path], in: FileManager.default.temporaryDirectory)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    // No tool deployed: the server still speaks MCP, offers nothing and refuses calls.
    let driverPath = workspace.appendingPathComponent("driver.py").path
    try Self.driver.write(toFile: driverPath, atomically: true, encoding: .utf8)
    let report = try Self.drive(driverPath, workspace: workspace, call: "logfile_list")
    #expect(report["server"] as? String == "meta-agent")
    #expect(report["tools"] as? [String] == [])
    #expect(report["is_error"] as? Bool == true)
    #expect((report["text"] as? String)?.hasPrefix("refused:") == true)
  }

  @Test("requests piped in before EOF are all answered before the server exits")
  func answersBeforeExit() throws {
    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-mcp-pipe-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: workspace) }
    let initialized = try metaAgent(
      ["init", "--approver", "alice", workspace.path], in: FileManager.default.temporaryDirectory)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    let requests =
      [
        #"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}"#,
        #"{"jsonrpc":"2.0","id":2,"method":"tools/list"}"#,
        #"{"jsonrpc":"2.0","id":3,"method":"tools/call","params":{"name":"nope","arguments":{}}}"#,
      ].joined(separator: "\n") + "\n"
    let process = Process()
    process.executableURL = binary
    process.arguments = ["mcp", "serve", "--workspace", workspace.path]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = FileHandle.nullDevice
    try process.run()
    input.fileHandleForWriting.write(Data(requests.utf8))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0)
    let ids = String(decoding: data, as: UTF8.self).split(separator: "\n").compactMap {
      (try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])?["id"] as? Int
    }
    #expect(ids.sorted() == [1, 2, 3], "\(String(decoding: data, as: UTF8.self))")
  }

  /// The capture the kubectl tool reads through the gateway.
  static let scenario: URL = {
    let root =
      ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"].map {
        URL(fileURLWithPath: $0)
      }
      ?? URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
      .deletingLastPathComponent()
    return root.appendingPathComponent("Tests/KubeTests/Scenarios/reference-oom-crashloop")
  }()

  static let hasKubectl = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")

  @Test(
    "an MCP client calls kubectl_get_pods on a replay cluster through mcp serve and the gateway",
    .enabled(if: hasClient && hasKubectl))
  func kubectlThroughTheGateway() throws {
    let workspace = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-mcp-kube-\(UUID().uuidString.prefix(8))")
    defer { try? FileManager.default.removeItem(at: workspace) }
    let initialized = try metaAgent(
      ["init", "--approver", "alice", workspace.path], in: FileManager.default.temporaryDirectory)
    try #require(initialized.status == 0, "\(initialized.stderr)")
    let profile = try #require(ShippedProfiles.all[KubectlCapability.entry.sandboxProfile])
    try ToolDeployment.deploy(KubectlCapability.entry, profileYAML: profile, into: workspace)

    let home = workspace.appendingPathComponent("home")
    try FileManager.default.createDirectory(at: home, withIntermediateDirectories: true)
    let kubeconfig = workspace.appendingPathComponent("replay.kubeconfig")
    let replay = try started(
      ["cluster", "replay", Self.scenario.path, "--kubeconfig-out", kubeconfig.path],
      in: workspace, environment: ["HOME": home.path])
    defer {
      if replay.process.isRunning { replay.process.terminate() }
      _ = replay.finish()
    }
    let deadline = Date().addingTimeInterval(30)
    while !FileManager.default.fileExists(atPath: kubeconfig.path) && Date() < deadline
      && replay.process.isRunning
    {
      Thread.sleep(forTimeInterval: 0.1)
    }
    try #require(
      FileManager.default.fileExists(atPath: kubeconfig.path), "the replay did not start")

    let driverPath = workspace.appendingPathComponent("driver.py").path
    try Self.driver.write(toFile: driverPath, atomically: true, encoding: .utf8)
    let report = try Self.drive(
      driverPath, workspace: workspace, call: "kubectl_get_pods",
      arguments: #"{"namespace": "production"}"#,
      serveArguments: ["--kubeconfig", kubeconfig.path, "--namespace", "production"],
      environment: ["HOME": home.path])
    let tools = report["tools"] as? [String] ?? []
    #expect(
      tools.contains("kubectl_get_pods") && tools.contains("kubectl_get_resources"), "\(report)")
    #expect(report["is_error"] as? Bool == false, "\(report)")
    let payload =
      try JSONSerialization.jsonObject(
        with: Data((report["text"] as? String ?? "").utf8)) as? [String: Any]
    let pods = (payload?["pods"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
    #expect(
      pods.sorted() == [
        "payment-service-7d9f8b6c5-m8qzt", "payment-service-7d9f8b6c5-r5wnj",
        "payment-service-7d9f8b6c5-x2k4p",
      ], "\(report)")

    let calls = try ToolDeployment.audit(.toolCall, in: workspace)
    #expect(calls.map(\.subject) == ["kubectl.kubectl_get_pods"])
    #expect(calls.first?.detailFields["outcome"] == "answered")
    let requests = try ToolDeployment.audit(.gatewayRequest, in: workspace)
    #expect(
      requests.contains {
        $0.subject == "GET /api/v1/namespaces/production/pods" && $0.actor == "kubectl-tool"
      }, "\(requests.map(\.subject))")
    #expect(requests.allSatisfy { $0.subject.hasPrefix("GET ") })

    // tools list starts the same server through the same gateway path.
    let listed = try metaAgent(
      ["tools", "list", "--json", "--kubeconfig", kubeconfig.path], in: workspace,
      environment: ["HOME": home.path])
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = try JSONSerialization.jsonObject(with: Data(listed.stdout.utf8)) as? [[String: Any]]
    #expect(
      rows?.first?["functions"] as? [String] == KubectlCapability.entry.functionNames,
      "\(listed.stdout)")
    #expect(rows?.first?["problem"] is NSNull, "\(listed.stdout)")
    let table = try metaAgent(
      ["tools", "--kubeconfig", kubeconfig.path], in: workspace, environment: ["HOME": home.path])
    #expect(table.stdout.contains("verified; offers kubectl_get_pods, "), "\(table.stdout)")
  }

  static func drive(
    _ driver: String, workspace: URL, call tool: String, arguments: String = "{}",
    serveArguments: [String] = [], environment: [String: String] = [:]
  ) throws -> [String: Any] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments =
      ["python3", driver, binary.path, workspace.path, tool, arguments] + serveArguments
    var env = ProcessInfo.processInfo.environment
    env.removeValue(forKey: "META_AGENT_WORKSPACE")
    process.environment = env.merging(environment) { _, new in new }
    let output = Pipe()
    let errors = Pipe()
    process.standardOutput = output
    process.standardError = errors
    try process.run()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    let problems = errors.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    guard process.terminationStatus == 0,
      let report = try JSONSerialization.jsonObject(with: data) as? [String: Any]
    else {
      Issue.record("the MCP client failed: \(String(decoding: problems, as: UTF8.self))")
      return [:]
    }
    return report
  }
}
