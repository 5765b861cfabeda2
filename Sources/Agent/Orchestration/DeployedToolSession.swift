import Governance
import MCP
import MCPHost

/// The execution step's tools: the workspace's verified tools through
/// `DeployedTools` (each in its sandbox, kubectl ones with their gateway),
/// Green functions only, every call audited as the agent's.
public struct DeployedToolSession: ToolSession {
  let tools: DeployedTools

  /// A pod list answer carries kubectl's JSON (up to the tool's 16 MiB) plus a
  /// summary, escaped once more inside the MCP message.
  static let maxAnswerBytes = 64 << 20

  /// The `Orchestrator.SessionFactory` the CLI uses.
  public static func open(
    workspace: Workspace, request: RunRequest, namespace: String?,
    environment: [String: String]
  ) async throws -> any ToolSession {
    DeployedToolSession(
      tools: try DeployedTools(
        workspace: workspace, kubeconfig: request.kubeconfig, context: request.context,
        namespace: namespace,
        limits: ToolServerLimits(
          startSeconds: 20, callSeconds: 60, maxMessageBytes: Self.maxAnswerBytes),
        actor: "agent", environment: environment))
  }

  public func functions() async throws -> [String: Set<String>] {
    var functions: [String: Set<String>] = [:]
    for tool in try await tools.tools() {
      let properties = tool.inputSchema.objectValue?["properties"]?.objectValue ?? [:]
      functions[tool.name] = Set(properties.keys)
    }
    return functions
  }

  public func call(_ function: String, arguments: [String: Value]) async throws
    -> CallTool.Result
  {
    try await tools.call(function, arguments: arguments)
  }

  public func shutdown() async {
    await tools.shutdown()
  }
}
