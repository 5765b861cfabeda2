import Foundation
import Governance
import MCP
import MCPHost

/// The deployed tools offered to a caller (an outside MCP client, or the agent
/// itself) under the agent's own governance: only verified tools, only their
/// read-only (Green) functions, each in its sandbox, and every call audited. The
/// registry is re-read whenever the caller lists tools (and when it calls a
/// function not yet known), so a tool deployed while serving appears without a restart.
public actor ToolGateway {
  /// Who the audit log says made the calls, unless the caller names itself.
  public static let auditActor = "mcp-client"

  public let workspace: Workspace
  /// Who the audit log says made the calls.
  public let actor: String
  private let catalog: CapabilityCatalog
  private let limits: ToolServerLimits
  private let attachments: any ToolServerAttachments
  private let registry: ToolRegistry
  private let audit: AuditLog
  private let stagingRoot: URL
  // One host per tool: a host's allow-list is fixed, and tools come and go.
  private var served: [String: (tool: ServedTool, host: MCPHost)] = [:]
  /// Offered function → the tool that serves it, as of the last listing.
  private var routes: [String: String] = [:]
  /// A reload in progress, shared so concurrent listings never start a tool twice.
  private var reloading: Task<Void, Error>?
  /// Why tools were skipped at the last listing.
  public private(set) var problems: [ServeProblem] = []
  /// The registry's verdict at the last listing: verified tools and refused ones.
  public private(set) var lastScan = RegistryScan()

  /// - Parameters:
  ///   - attachments: what tool servers need from the host beyond their code (the
  ///     kube gateway for `network: kube-gateway` profiles); Toolsmith builds none.
  ///   - actor: who the audit log says made the calls.
  public init(
    workspace: Workspace, catalog: CapabilityCatalog = .standard,
    limits: ToolServerLimits = ToolServerLimits(),
    attachments: any ToolServerAttachments = NoAttachments(), actor: String = auditActor
  ) throws {
    self.workspace = workspace
    self.actor = actor
    self.catalog = catalog
    self.limits = limits
    self.attachments = attachments
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
    for (name, declared) in await declaredTools() {
      for function in declared where routes[function.name] == nil {
        routes[function.name] = name
        offered.append(function)
      }
    }
    self.routes = routes
    return offered
  }

  /// Every installed tool: what each verified one offers (its server started in its
  /// sandbox and asked for tools/list) or why it offers nothing, and the refused ones.
  public func survey() async throws -> ToolSurvey {
    try await reload()
    var offerings = await declaredTools().map { name, declared in
      ToolOffering(name: name, functions: declared.map(\.name))
    }
    for problem in problems where !offerings.contains(where: { $0.name == problem.tool }) {
      offerings.append(ToolOffering(name: problem.tool, functions: [], problem: problem))
    }
    offerings.sort { $0.name < $1.name }
    return ToolSurvey(scan: lastScan, offerings: offerings)
  }

  /// Each served tool's read-only functions as its server declares them, by tool
  /// name; a tool whose server fails is left out and its problem recorded.
  private func declaredTools() async -> [(String, [Tool])] {
    var result: [(String, [Tool])] = []
    for name in served.keys.sorted() {
      guard let (tool, host) = served[name] else { continue }
      do {
        let declared = try await host.tools(of: name)
        result.append((name, declared.filter { tool.readOnlyFunctions.contains($0.name) }))
      } catch {
        // The host's error names the server again; the problem names it once.
        guard case .server(_, let cause) = error else {
          problems.append(.unavailable(tool: name, reason: error.description))
          continue
        }
        problems.append(.unavailable(tool: name, reason: cause.description))
      }
    }
    return result
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
        tool: subject, arguments: argumentsJSON, outcome: "failed: \(error)", actor: actor)
      return Self.errorResult("\(subject) failed: \(error)")
    }
    try audit.recordToolCall(
      tool: subject, arguments: argumentsJSON,
      outcome: result.isError ? "tool_error" : "answered", actor: actor)
    return CallTool.Result(content: result.content, isError: result.isError)
  }

  static func errorResult(_ message: String) -> CallTool.Result {
    CallTool.Result(content: [.text(text: message, annotations: nil, _meta: nil)], isError: true)
  }

  /// Stops every tool server, releases what was attached to it, removes the staged code.
  public func shutdown() async {
    _ = try? await reloading?.value
    for (name, entry) in served { await retire(name, entry.tool) }
    served = [:]
    routes = [:]
    try? FileManager.default.removeItem(at: stagingRoot)
  }

  private func refuse(_ subject: String, _ argumentsJSON: Data, reason: String) throws
    -> CallTool.Result
  {
    try audit.append(
      .refusedAction, actor: actor, subject: "call \(subject)",
      details: ["arguments_sha256": Digest.sha256(argumentsJSON), "reason": reason])
    return Self.errorResult("refused: \(subject): \(reason)")
  }

  /// Brings the running servers in line with the registry, one reload at a time.
  private func reload() async throws {
    if let reloading {
      try await reloading.value
      return
    }
    let task = Task { try await self.synchronize() }
    reloading = task
    defer { reloading = nil }
    try await task.value
  }

  /// New and redeployed tools get a fresh server, removed (or now refused) ones are stopped.
  private func synchronize() async throws {
    problems = []
    let scan = try registry.scan()
    lastScan = scan
    let names = Set(scan.tools.map(\.manifest.name))
    for (name, entry) in served where !names.contains(name) {
      await retire(name, entry.tool)
    }
    for tool in scan.tools {
      let name = tool.manifest.name
      if served[name]?.tool.identity == ServedTool.identity(of: tool.manifest) { continue }
      if let old = served[name]?.tool { await retire(name, old) }
      do {
        let prepared = try await ServedTool.prepare(
          tool, catalog: catalog, stagingRoot: stagingRoot, attachments: attachments)
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
    await tool.detach()
    try? FileManager.default.removeItem(at: tool.stagingDirectory)
  }

  /// Sorted keys, so equal arguments always digest alike.
  static func canonicalJSON(_ arguments: [String: Value]) -> Data {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    return (try? encoder.encode(arguments)) ?? Data()
  }
}
