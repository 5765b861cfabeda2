import Foundation
import Governance
import Kube
import MCP
import MCPHost
import Toolsmith

/// The deployed tools, ready to call: the registry's verified tools, each server in
/// the sandbox profile installed with it, tools that read the cluster given the
/// kube gateway in front of the user's own kubeconfig, only the catalog's read-only
/// (Green) functions offered, and every call audited. `mcp serve`, `tools list` and
/// the orchestrator all go through this one path.
public final class DeployedTools: Sendable {
  public let workspace: Workspace
  public let gateway: ToolGateway

  /// - Parameters:
  ///   - kubeconfig: a KUBECONFIG value (path or `:` list); nil keeps the user's
  ///     environment (`KUBECONFIG`, else `~/.kube/config`).
  ///   - context: the kubeconfig context; nil uses its current context.
  ///   - namespace: the namespace kubectl inside uses when a call names none.
  ///   - limits: how long a tool server may take to start and to answer.
  ///   - actor: who the audit log says made the calls.
  ///   - policy: the gateway's read allow-list (ConfigMaps only when it opts in).
  public init(
    workspace: Workspace, kubeconfig: String? = nil, context: String? = nil,
    namespace: String? = nil, limits: ToolServerLimits = ToolServerLimits(),
    actor: String = ToolGateway.auditActor, catalog: CapabilityCatalog = .standard,
    policy: GatewayPolicy = GatewayPolicy(),
    environment: [String: String] = ProcessInfo.processInfo.environment
  ) throws {
    self.workspace = workspace
    let proxy = KubectlProxy.Configuration(
      kubeconfig: kubeconfig, context: context, environment: environment,
      startTimeout: max(limits.startSeconds, 5))
    let attachments = KubeToolAttachments(
      proxy: proxy, namespace: namespace, policy: policy,
      auditLog: AuditLog(database: try workspace.openDatabase()))
    gateway = try ToolGateway(
      workspace: workspace, catalog: catalog, limits: limits, attachments: attachments,
      actor: actor)
  }

  /// The read-only functions every verified tool offers, from its own tools/list.
  /// Re-reads the registry, so a tool deployed since the last call is included.
  public func tools() async throws -> [Tool] {
    try await gateway.listTools()
  }

  /// Calls one offered function (Green only) and audits it. A refusal or a tool
  /// failure is an error result (`isError`), not a throw; only an audit failure throws.
  public func call(_ function: String, arguments: [String: Value] = [:]) async throws
    -> CallTool.Result
  {
    try await gateway.call(function, arguments: arguments)
  }

  /// Every installed tool: what each verified one offers, or why it offers nothing.
  public func survey() async throws -> ToolSurvey {
    try await gateway.survey()
  }

  /// Why verified tools were not offered at the last listing.
  public var problems: [ServeProblem] {
    get async { await gateway.problems }
  }

  /// Stops every tool server, its gateway and `kubectl proxy`.
  public func shutdown() async {
    await gateway.shutdown()
  }
}
