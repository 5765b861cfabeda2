import Foundation
import MCP
import MCPHost
import Sandbox
import Testing
import Toolsmith

@testable import Kube

/// The deployed kubectl tool end to end, everything real: the toolsmith's
/// rendered `kubectl_tools.py`, started by the MCP host under
/// `kubectl-mcp-tool`, its kubectl reaching the replay cluster only through the
/// sandbox's gateway port, the read-only gateway and the user's `kubectl proxy`.
@Suite("The kubectl MCP tool reads the cluster through its sandbox's gateway")
struct KubectlToolServerTests {
  static let payment = [
    "payment-service-7d9f8b6c5-m8qzt", "payment-service-7d9f8b6c5-r5wnj",
    "payment-service-7d9f8b6c5-x2k4p",
  ]

  /// A directory the sandbox's unprivileged user can read, holding the rendered tool.
  static func renderTool() throws -> String {
    let directory = NSTemporaryDirectory() + "kubectl-tool-\(UUID().uuidString.prefix(8))"
    try FileManager.default.createDirectory(
      atPath: directory, withIntermediateDirectories: true,
      attributes: [.posixPermissions: 0o755])
    try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: directory)
    let rendered = try ToolRenderer.render(KubectlCapability.entry)
    let file = directory + "/" + KubectlToolServer.fileName
    #expect(rendered.fileName == KubectlToolServer.fileName)
    try Data(rendered.code.utf8).write(to: URL(fileURLWithPath: file))
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
    return directory
  }

  /// The tool's JSON answer, parsed.
  static func payload(_ result: ToolCallResult) throws -> [String: Any] {
    let object = try JSONSerialization.jsonObject(with: Data(result.text.utf8))
    return try #require(object as? [String: Any], "not a JSON object: \(result.text)")
  }

  @Test("get_pods and get_logs answer from the cluster; the gateway saw only GETs")
  func podsAndLogs() async throws {
    let replay = try await ReplayHarness.start(scenario: "reference-oom-crashloop")
    let directory = try Self.renderTool()
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = replay.home.path
    let tool = try KubectlToolServer(
      proxy: KubectlProxy.Configuration(
        kubeconfig: replay.kubeconfig.path, environment: environment),
      profile: ProfileSource.resolve(KubectlToolServer.profileName, workspace: nil).profile,
      namespace: "production")
    let spec = ToolServerSpec(
      argv: tool.argv, profile: tool.profile, toolDirectory: directory,
      mountPoint: tool.mountPoint, extraReadOnly: tool.extraReadOnly, gateway: tool.gateway)
    do {
      let connection = try await ToolServerConnection.start(
        spec, limits: ToolServerLimits(startSeconds: 20, callSeconds: 60))
      #expect(connection.tools.map(\.name).contains("kubectl_get_pods"))

      let pods = try Self.payload(
        await connection.callTool("kubectl_get_pods", arguments: ["namespace": "production"]))
      #expect(pods["status"] as? String == "success", "\(pods)")
      let names = (pods["pods"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String }
      #expect(names.sorted() == Self.payment, "\(pods)")

      let logs = try Self.payload(
        await connection.callTool(
          "kubectl_get_logs",
          arguments: ["pod": .string(Self.payment[0]), "namespace": "production", "previous": true])
      )
      #expect(logs["status"] as? String == "success", "\(logs)")
      #expect((logs["logs"] as? String ?? "").contains("java.lang.OutOfMemoryError"), "\(logs)")
      connection.stop()

      let records = tool.audit.records
      #expect(records.contains { $0.path == "/api/v1/namespaces/production/pods" }, "\(records)")
      #expect(!records.isEmpty && records.allSatisfy { $0.method == "GET" }, "\(records)")
    } catch {
      Issue.record("\(error)")
    }
    await tool.stop()
    await replay.stop()
    try? FileManager.default.removeItem(atPath: directory)
  }

  @Test("the tool's environment inside holds no credentials")
  func noCredentialsInside() throws {
    let profile = try ProfileSource.resolve(KubectlToolServer.profileName, workspace: nil).profile
    #expect(profile.network == .kubeGateway)
    #expect(profile.environment.pass.isEmpty, "nothing passes from the host's environment")
    #expect(profile.environment.set["KUBECONFIG"] == SandboxedKubectl.kubeconfigInside)
    let kubeconfig = SandboxedKubectl.kubeconfig(namespace: "production")
    #expect(kubeconfig.contains("users: []"))
    for secret in ["token", "client-key", "client-certificate", "password", "exec:"] {
      #expect(!kubeconfig.contains(secret))
    }
  }
}
