import Foundation
import Governance
import Sandbox
import Testing
import Toolsmith

/// `meta-agent tools` as an operator uses it: list, verify, remove under the environment policy.
@Suite("The tools commands")
struct ToolsCLITests {
  static func workspace(_ environment: String) throws -> URL {
    let dir = URL(fileURLWithPath: "/tmp/meta-agent-tools-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    let result = try metaAgent(["init", "--env", environment, "--approver", "alice"], in: dir)
    #expect(result.status == 0, "\(result.stderr)")
    return dir
  }

  @Test("an empty workspace lists no tools, and a tool without a signed manifest fails verify")
  func listAndVerify() throws {
    let dir = try Self.workspace("dev")
    defer { try? FileManager.default.removeItem(at: dir) }
    let empty = try metaAgent(["tools"], in: dir)
    #expect(empty.status == 0)
    #expect(empty.stdout.contains("no tools installed"), "\(empty.stdout)")
    try "print(1)\n".write(
      to: dir.appendingPathComponent("mcp_servers/rogue_tools.py"), atomically: true,
      encoding: .utf8)
    let verify = try metaAgent(["tools", "verify"], in: dir)
    #expect(verify.status == 1)
    #expect(verify.stderr.contains("rogue_tools.manifest.json is missing"), "\(verify.stderr)")
  }

  @Test("removing is Yellow: automatic and recorded in dev, waiting for a person in production")
  func removeFollowsThePolicy() throws {
    for (environment, expected) in [("dev", Int32(0)), ("production", Int32(3))] {
      let dir = try Self.workspace(environment)
      defer { try? FileManager.default.removeItem(at: dir) }
      let code = dir.appendingPathComponent("mcp_servers/rogue_tools.py")
      try "print(1)\n".write(to: code, atomically: true, encoding: .utf8)
      let removed = try metaAgent(["tools", "remove", "rogue"], in: dir)
      #expect(removed.status == expected, "\(environment): \(removed.stdout)\(removed.stderr)")
      #expect(FileManager.default.fileExists(atPath: code.path) == (environment == "production"))
      if environment == "production" {
        #expect(removed.stderr.contains("waiting for approval"))
      } else {
        #expect(removed.stdout.contains("policy:dev"), "\(removed.stdout)")
      }
    }
  }
}

/// Deploys a rendered catalog tool into a CLI test's workspace, approved Red by alice.
enum ToolDeployment {
  static func deploy(_ entry: CapabilityEntry, profileYAML: String, into root: URL) throws {
    let workspace = Workspace(root: root)
    let rendered = try ToolRenderer.render(entry)
    let digest = ToolDeployer.deploymentDigest(code: rendered.code, profile: profileYAML)
    let store = ApprovalStore(database: try workspace.openDatabase())
    let request = try store.request(
      ApprovalRequest(
        risk: .red, action: "deploy \(entry.name)", digest: digest,
        summary: "install \(rendered.fileName)", details: rendered.code, requester: "agent"))
    _ = try store.approve(id: request.id, by: "alice", key: try workspace.loadOperatorKey())
    try ToolDeployer.deploy(
      rendered: rendered, profileName: entry.sandboxProfile, profileYAML: profileYAML,
      approvalID: request.id, workspace: workspace, approver: "agent")
  }

  /// The logfile tool under the shipped python-mcp-tool profile, or under `profileYAML`.
  static func deployLogfile(into root: URL, profileYAML: String? = nil) throws {
    let shipped = try #require(ShippedProfiles.all["python-mcp-tool"])
    try deploy(LogfileCapability.entry, profileYAML: profileYAML ?? shipped, into: root)
  }

  static func audit(_ kind: AuditKind, in root: URL) throws -> [AuditEntry] {
    try AuditLog(database: try Workspace(root: root).openDatabase()).entries().filter {
      $0.kind == kind.rawValue
    }
  }
}

/// `tools list` starts each verified tool's server and shows what it offers.
@Suite("tools list shows what each tool offers", .serialized)
struct ToolsListCLITests {
  static let hasPython = FileManager.default.isExecutableFile(atPath: "/usr/bin/python3")

  static func rows(_ output: String) throws -> [String: [String: Any]] {
    let array = try #require(
      try JSONSerialization.jsonObject(with: Data(output.utf8)) as? [[String: Any]], "\(output)")
    var byName: [String: [String: Any]] = [:]
    for row in array {
      #expect(Set(row.keys) == ["name", "state", "functions", "problem"], "\(row)")
      byName[row["name"] as? String ?? ""] = row
    }
    return byName
  }

  @Test(
    "--json lists the functions the verified tool's server declares, and refused tools",
    .enabled(if: hasPython))
  func jsonFromTheServer() throws {
    let dir = try ToolsCLITests.workspace("production")
    defer { try? FileManager.default.removeItem(at: dir) }
    try ToolDeployment.deployLogfile(into: dir)
    try "print(1)\n".write(
      to: dir.appendingPathComponent("mcp_servers/rogue_tools.py"), atomically: true,
      encoding: .utf8)
    let listed = try metaAgent(["tools", "list", "--json"], in: dir)
    #expect(listed.status == 0, "\(listed.stderr)")
    let rows = try Self.rows(listed.stdout)
    #expect(rows["logfile"]?["state"] as? String == "verified")
    #expect(rows["logfile"]?["functions"] as? [String] == ["logfile_list", "logfile_tail"])
    #expect(rows["logfile"]?["problem"] is NSNull, "\(listed.stdout)")
    #expect(rows["rogue"]?["state"] as? String == "refused")
    #expect(rows["rogue"]?["functions"] as? [String] == [])
    #expect((rows["rogue"]?["problem"] as? String)?.contains("missing") == true)

    let table = try metaAgent(["tools"], in: dir)
    #expect(table.status == 0, "\(table.stderr)")
    #expect(table.stdout.contains("verified; offers logfile_list, logfile_tail"), "\(table.stdout)")
    #expect(table.stdout.contains("REFUSED: "), "\(table.stdout)")
  }

  @Test(
    "a server that does not start shows why in its row; --offline starts nothing",
    .enabled(if: hasPython))
  func failureInTheRow() throws {
    let dir = try ToolsCLITests.workspace("production")
    defer { try? FileManager.default.removeItem(at: dir) }
    // A profile that binds nothing: python3 is not there, so the server cannot start.
    try ToolDeployment.deployLogfile(
      into: dir, profileYAML: "name: python-mcp-tool\nnetwork: none\n")
    let online = try metaAgent(["tools", "list", "--json", "--timeout", "5"], in: dir)
    #expect(online.status == 0, "\(online.stderr)")
    let row = try #require(try Self.rows(online.stdout)["logfile"])
    #expect(row["state"] as? String == "verified")
    #expect(row["functions"] as? [String] == [])
    #expect((row["problem"] as? String)?.contains("could not start") == true, "\(row)")

    let offline = try metaAgent(["tools", "list", "--offline", "--json"], in: dir)
    #expect(offline.status == 0, "\(offline.stderr)")
    let offlineRow = try #require(try Self.rows(offline.stdout)["logfile"])
    #expect(offlineRow["functions"] as? [String] == [])
    #expect(offlineRow["problem"] is NSNull)
    let text = try metaAgent(["tools", "list"], in: dir)
    #expect(text.stdout.contains("verified, not started: "), "\(text.stdout)")
  }

  @Test("a bad --timeout or --kubeconfig is a usage error naming it")
  func usage() throws {
    let dir = try ToolsCLITests.workspace("dev")
    defer { try? FileManager.default.removeItem(at: dir) }
    let timeout = try metaAgent(["tools", "list", "--timeout", "0"], in: dir)
    #expect(timeout.status == 2)
    #expect(timeout.stderr.contains("--timeout"), "\(timeout.stderr)")
    let kubeconfig = try metaAgent(["tools", "list", "--kubeconfig", "/nonexistent/kc"], in: dir)
    #expect(kubeconfig.status == 2)
    #expect(kubeconfig.stderr.contains("/nonexistent/kc"), "\(kubeconfig.stderr)")
  }
}
