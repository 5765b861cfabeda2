import Foundation
import Governance
import MCP
import Sandbox
import Testing

@testable import Toolsmith

/// A workspace with the logfile tool deployed (approved Red), reading a log
/// directory the tool's installed profile binds at /logs.
struct ServeFixture {
  let workspace: Workspace
  let logs: String
  /// Whether the installed profile binds the log directory; when not, only an
  /// attachment can give the tool its /logs.
  let profileBindsLogs: Bool

  init(profileBindsLogs: Bool = true) throws {
    self.profileBindsLogs = profileBindsLogs
    let root = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-serve-test-\(UUID().uuidString.prefix(8))")
    _ = try Workspace.initialize(
      at: root, environment: .production, approver: "alice",
      profiles: ["strict": "name: strict\nnetwork: none\n"])
    workspace = Workspace(root: root)
    logs = try Support.readableDirectory()
    Support.write("one\ntwo\nthree\n", to: logs + "/app.log")
    try deployLogfile()
  }

  func remove() {
    try? FileManager.default.removeItem(at: workspace.root)
    try? FileManager.default.removeItem(atPath: logs)
  }

  /// The shipped python-mcp-tool profile plus a read-only bind of the log directory.
  var profileYAML: String {
    let shipped = ShippedProfiles.all["python-mcp-tool"] ?? ""
    guard profileBindsLogs else { return shipped }
    return shipped.replacingOccurrences(
      of: "  read_only:\n", with: "  read_only:\n    - { path: \(logs), at: /logs }\n")
  }

  private func deployLogfile() throws {
    var entry = LogfileCapability.entry
    entry.allowedDirectories = ["/logs"]
    let rendered = try ToolRenderer.render(entry)
    let yaml = profileYAML
    precondition(
      yaml.contains(logs) || !profileBindsLogs, "the shipped profile no longer has a read_only list"
    )
    let digest = ToolDeployer.deploymentDigest(code: rendered.code, profile: yaml)
    let store = ApprovalStore(database: try workspace.openDatabase())
    let request = try store.request(
      ApprovalRequest(
        risk: .red, action: "deploy logfile", digest: digest, summary: "install logfile",
        details: rendered.code, requester: "agent"))
    _ = try store.approve(id: request.id, by: "alice", key: try workspace.loadOperatorKey())
    try ToolDeployer.deploy(
      rendered: rendered, profileName: "python-mcp-tool", profileYAML: yaml,
      approvalID: request.id, workspace: workspace, approver: "agent")
  }

  func audit(_ kind: AuditKind) throws -> [AuditEntry] {
    try AuditLog(database: try workspace.openDatabase()).entries().filter {
      $0.kind == kind.rawValue
    }
  }
}

extension CallTool.Result {
  var text: String {
    content.compactMap {
      if case .text(let text, _, _) = $0 { return text }
      return nil
    }.joined(separator: "\n")
  }
}

@Suite("mcp serve: the gateway", .serialized)
struct ServeGatewayTests {
  @Test(
    "the deployed logfile tool is offered, a call is answered and audited",
    .enabled(if: Support.hasPython))
  func listAndCall() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let gateway = try ToolGateway(workspace: fixture.workspace)
    let tools = try await gateway.listTools()
    #expect(tools.map(\.name) == ["logfile_list", "logfile_tail"])
    let result = try await gateway.call(
      "logfile_tail", arguments: ["path": "app.log", "lines": 2])
    await gateway.shutdown()
    #expect(result.isError != true, "\(result.text)")
    #expect(result.text.contains("three"), "\(result.text)")
    let calls = try fixture.audit(.toolCall)
    #expect(calls.map(\.subject) == ["logfile.logfile_tail"])
    #expect(calls.first?.detailFields["outcome"] == "answered")
    #expect(
      calls.first?.detailFields["arguments_sha256"]
        == Digest.sha256(#"{"lines":2,"path":"app.log"}"#))
  }

  @Test(
    "an unknown function is refused with an error result and a refused_action entry",
    .enabled(if: Support.hasPython))
  func unknownRefused() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let gateway = try ToolGateway(workspace: fixture.workspace)
    let result = try await gateway.call("logfile_delete", arguments: ["path": "app.log"])
    await gateway.shutdown()
    #expect(result.isError == true)
    #expect(result.text.hasPrefix("refused:"), "\(result.text)")
    let refused = try fixture.audit(.refusedAction)
    #expect(refused.map(\.subject) == ["call logfile_delete"])
    #expect(try fixture.audit(.toolCall).isEmpty)
  }

  @Test(
    "a function the catalog does not mark read-only is neither offered nor called",
    .enabled(if: Support.hasPython))
  func onlyCatalogFunctions() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    var catalog = CapabilityCatalog.standard
    let index = try #require(catalog.entries.firstIndex { $0.name == "logfile" })
    catalog.entries[index].functions.removeAll { $0.name == "logfile_tail" }
    let gateway = try ToolGateway(workspace: fixture.workspace, catalog: catalog)
    #expect(try await gateway.listTools().map(\.name) == ["logfile_list"])
    let result = try await gateway.call("logfile_tail", arguments: ["path": "app.log"])
    await gateway.shutdown()
    #expect(result.isError == true)
    #expect(try fixture.audit(.refusedAction).map(\.subject) == ["call logfile_tail"])
  }

  @Test(
    "a tool removed while serving disappears at the next listing (hot reload)",
    .enabled(if: Support.hasPython))
  func hotReload() async throws {
    let fixture = try ServeFixture()
    defer { fixture.remove() }
    let gateway = try ToolGateway(workspace: fixture.workspace)
    #expect(try await gateway.listTools().count == 2)
    let manifest = fixture.workspace.toolsDirectory
      .appendingPathComponent("logfile_tools.manifest.json")
    try FileManager.default.removeItem(at: manifest)
    #expect(try await gateway.listTools().isEmpty)
    await gateway.shutdown()
  }
}
