import Foundation
import Governance
import MCP
import MCPHost

/// The deployed tools offered to an outside MCP client under the agent's own
/// governance: only verified tools, only their read-only (Green) functions, each
/// in its sandbox, and every call audited. The registry is re-read whenever the
/// client lists tools (and when it calls a function not yet known), so a tool
/// deployed while serving appears without a restart.
public actor ToolGateway {
  /// Who the audit log says made the calls.
  public static let auditActor = "mcp-client"

  public let workspace: Workspace
  private let catalog: CapabilityCatalog
  private let limits: ToolServerLimits
  private let registry: ToolRegistry
  private let audit: AuditLog
  private let stagingRoot: URL
  // One host per tool: a host's allow-list is fixed, and tools come and go.
  private var served: [String: (tool: ServedTool, host: MCPHost)] = [:]
  /// Offered function → the tool that serves it, as of the last listing.
  private var routes: [String: String] = [:]
  /// Why tools were skipped at the last listing.
  public private(set) var problems: [ServeProblem] = []

  public init(
    workspace: Workspace, catalog: CapabilityCatalog = .standard,
    limits: ToolServerLimits = ToolServerLimits()
  ) throws {
    self.workspace = workspace
    self.catalog = catalog
    self.limits = limits
    self.registry = ToolRegistry(workspace: workspace)
    self.audit = AuditLog(database: try workspace.openDatabase())
    self.stagingRoot = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-serve-\(UUID().uuidString.prefix(8))")
  }

  /// The read-only functions of every verified tool, as each server declares them.
  /// When two tools declare the same function name, the first tool by name wins.
  public func listTools() async throws -> [Tool] {
    try await reload()
    var offered: [Tool] = []
    var routes: [String: String] = [:]
    for name in served.keys.sorted() {
      guard let (tool, host) = served[name] else { continue }
      let declared: [Tool]
      do {
        declared = try await host.tools(of: name)
      } catch {
        problems.append(.unavailable(tool: name, reason: error.description))
        continue
      }
      for function in declared
      where tool.readOnlyFunctions.contains(function.name) && routes[function.name] == nil {
        routes[function.name] = name
        offered.append(function)
      }
    }
    self.routes = routes
    return offered
  }

  /// Runs an offered function. Refusals and tool failures come back as error
  /// results (`isError`), never as protocol errors; only an audit failure throws,
  /// since an unaudited call must not be reported as done.
  public func call(_ function: String, arguments: [String: Value] = [:]) async throws
    -> CallTool.Result
  {
    let argumentsJSON = Self.canonicalJSON(arguments)
    if routes[function] == nil { _ = try await listTools() }
    guard let name = routes[function], let host = served[name]?.host else {
      return try refuse(
        function, argumentsJSON,
        reason: "no deployed tool offers \(function) as a read-only function")
    }
    let subject = "\(name).\(function)"
    let result: ToolCallResult
    do {
      result = try await host.call(name, function: function, arguments: arguments)
    } catch .notAllowed {
      return try refuse(subject, argumentsJSON, reason: "not on the read-only allow-list")
    } catch {
      try audit.recordToolCall(
        tool: subject, arguments: argumentsJSON, outcome: "failed: \(error)",
        actor: Self.auditActor)
      return Self.errorResult("\(subject) failed: \(error)")
    }
    try audit.recordToolCall(
      tool: subject, arguments: argumentsJSON,
      outcome: result.isError ? "tool_error" : "answered", actor: Self.auditActor)
    return CallTool.Result(content: result.content, isError: result.isError)
  }

  static func errorResult(_ message: String) -> CallTool.Result {
    CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
  }

  /// Stops every tool server and removes the staged code.
  public func shutdown() async {
    for (_, entry) in served { await entry.host.shutdown() }
    served = [:]
    routes = [:]
    try? FileManager.default.removeItem(at: stagingRoot)
  }

  private func refuse(_ subject: String, _ argumentsJSON: Data, reason: String) throws
    -> CallTool.Result
  {
    try audit.append(
      .refusedAction, actor: Self.auditActor, subject: "call \(subject)",
      details: ["arguments_sha256": Digest.sha256(argumentsJSON), "reason": reason])
    return Self.errorResult("refused: \(subject): \(reason)")
  }

  /// Brings the running servers in line with the registry: new and redeployed
  /// tools get a fresh server, removed (or now refused) ones are stopped.
  private func reload() async throws {
    problems = []
    let installed = try registry.list()
    let names = Set(installed.map(\.manifest.name))
    for (name, entry) in served where !names.contains(name) {
      await retire(name, entry.tool)
    }
    for tool in installed {
      let name = tool.manifest.name
      if served[name]?.tool.identity == ServedTool.identity(of: tool.manifest) { continue }
      if let old = served[name]?.tool { await retire(name, old) }
      do {
        let prepared = try ServedTool.prepare(tool, catalog: catalog, stagingRoot: stagingRoot)
        let host = MCPHost(allowList: ReadOnlyAllowList([name: prepared.readOnlyFunctions]))
        await host.register(name, spec: prepared.spec, limits: limits)
        served[name] = (prepared, host)
      } catch {
        problems.append(error)
      }
    }
  }

  private func retire(_ name: String, _ tool: ServedTool) async {
    await served.removeValue(forKey: name)?.host.shutdown()
    try? FileManager.default.removeItem(at: tool.stagingDirectory)
  }

  /// Sorted keys, so equal arguments always digest alike.
  static func canonicalJSON(_ arguments: [String: Value]) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(arguments)) ?? Data()
  }
}
