import Foundation
import GRDB
import Governance
import Testing

/// A temp directory with `meta-agent init` run in it; removed after `body`.
private func withInitializedWorkspace(
  environment: String = "production", _ body: (URL) async throws -> Void
) async throws {
  let dir = FileManager.default.temporaryDirectory
    .appendingPathComponent("meta-agent-cli-\(UUID().uuidString.prefix(8))")
  try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
  defer { try? FileManager.default.removeItem(at: dir) }
  let result = try metaAgent(["init", "--env", environment, "--approver", "alice"], in: dir)
  #expect(result.status == 0, "\(result.stderr)")
  try await body(dir)
}

/// A pending Red request made through the Governance API, as the orchestrator would.
private func pendingRequest(in dir: URL, code: String = "def get_pods(): ...") throws -> Approval {
  let store = ApprovalStore(database: try Workspace(root: dir).openDatabase())
  return try store.request(
    ApprovalRequest(
      risk: .red, action: "deploy kubectl_tools", digest: Digest.sha256(code),
      summary: "install mcp_servers/kubectl_tools.py", details: code,
      reason: EnvironmentPolicy(environment: .production).reason(for: .red), requester: "agent"))
}

@Suite("Governance CLI: init, approvals, approve, deny, audit")
struct GovernanceCLITests {
  @Test("init creates a workspace; running it again keeps everything and says so")
  func initTwice() async throws {
    try await withInitializedWorkspace { dir in
      let again = try metaAgent(["init"], in: dir)
      #expect(again.status == 0)
      #expect(again.stdout.contains("already initialized"))
      #expect(again.stdout.contains("nothing was overwritten"))
      #expect(!again.stdout.contains("created"))
      let keyMode = try FileManager.default.attributesOfItem(
        atPath: dir.appendingPathComponent(".meta-agent/keys/operator.ed25519").path)[
          .posixPermissions]
      #expect(keyMode as? Int == 0o600)
    }
  }

  @Test(
    "usage errors exit 2 with one message",
    arguments: [
      ["init", "--env", "prod"], ["approve", "NOT-AN-ID"], ["deny", "abc"],
      ["approvals", "show", "x"], ["audit", "--kind", "everything"], ["audit", "--since", "soon"],
    ])
  func usageErrors(arguments: [String]) async throws {
    try await withInitializedWorkspace { dir in
      let result = try metaAgent(arguments, in: dir)
      #expect(result.status == 2, "\(arguments): \(result.stderr)")
      #expect(result.stderr.hasPrefix("Error: "))
    }
  }

  @Test("outside a workspace: one line that says what to run, exit 1")
  func noWorkspace() throws {
    let dir = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-none-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: dir) }
    let result = try metaAgent(["approvals"], in: dir)
    #expect(result.status == 1)
    #expect(result.stderr.split(separator: "\n").count == 1)
    #expect(result.stderr.contains("meta-agent init"))
    let fromEnv = try metaAgent(["audit"], in: dir, environment: ["META_AGENT_WORKSPACE": dir.path])
    #expect(fromEnv.status == 1)
    #expect(fromEnv.stderr.contains("META_AGENT_WORKSPACE"))
  }

  @Test("approvals lists pending requests; show prints what will happen, the risk and why")
  func listAndShow() async throws {
    try await withInitializedWorkspace { dir in
      let pending = try pendingRequest(in: dir)
      let table = try metaAgent(["approvals"], in: dir)
      #expect(table.status == 0)
      #expect(table.stdout.contains("ID"))
      #expect(table.stdout.contains(pending.id))
      #expect(table.stdout.contains("RED"))
      let json = try metaAgent(["approvals", "--json"], in: dir)
      let rows = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]]
      #expect(rows?.first?["id"] as? String == pending.id)
      #expect(rows?.first?["approveCommand"] as? String == "meta-agent approve \(pending.id)")
      let show = try metaAgent(["approvals", "show", pending.id], in: dir)
      #expect(show.status == 0)
      #expect(show.stdout.contains("def get_pods(): ..."))
      #expect(show.stdout.contains("RED"))
      #expect(show.stdout.contains("a person must approve"))
      #expect(show.stdout.contains("meta-agent approve \(pending.id)"))
      // Elsewhere in the tree, --workspace finds it.
      let elsewhere = try metaAgent(
        ["approvals", "--workspace", dir.path], in: FileManager.default.temporaryDirectory)
      #expect(elsewhere.stdout.contains(pending.id))
    }
  }

  @Test("approve signs and records; a second approve is told it was already decided")
  func approveOnce() async throws {
    try await withInitializedWorkspace { dir in
      let pending = try pendingRequest(in: dir)
      let first = try metaAgent(["approve", pending.id, "--note", "read it"], in: dir)
      #expect(first.status == 0, "\(first.stderr)")
      #expect(first.stdout.contains("approved \(pending.id)"))
      let second = try metaAgent(["approve", pending.id], in: dir)
      #expect(second.status == 1)
      #expect(second.stderr.contains("already decided"))
      #expect(second.stderr.split(separator: "\n").count == 1)
      let workspace = Workspace(root: dir)
      let store = ApprovalStore(database: try workspace.openDatabase())
      let approval = try store.approval(id: pending.id)
      #expect(approval.decidedBy == "alice")
      #expect(approval.note == "read it")
      let show = try metaAgent(["approvals", "show", pending.id], in: dir)
      #expect(show.stdout.contains("signature valid (operator key)"))
      _ = try store.authorize(
        id: pending.id, digest: pending.digest, key: try workspace.loadOperatorKey())
    }
  }

  @Test("deny records the reason; unknown IDs and loose keys are one clear line")
  func denyAndBadInput() async throws {
    try await withInitializedWorkspace { dir in
      let pending = try pendingRequest(in: dir)
      let denied = try metaAgent(["deny", pending.id, "--reason", "wrong namespace"], in: dir)
      #expect(denied.status == 0)
      let state = try ApprovalStore(database: try Workspace(root: dir).openDatabase())
        .approval(id: pending.id)
      #expect(state.state == .denied)
      #expect(state.note == "wrong namespace")

      let unknown = try metaAgent(["approve", "zzzz0000"], in: dir)
      #expect(unknown.status == 1)
      #expect(unknown.stderr.contains("no approval request with ID zzzz0000"))

      let other = try pendingRequest(in: dir)
      let key = dir.appendingPathComponent(".meta-agent/keys/operator.ed25519").path
      chmod(key, 0o640)
      let loose = try metaAgent(["approve", other.id], in: dir)
      #expect(loose.status == 1)
      #expect(loose.stderr.contains("chmod 600 \(key)"))
      #expect(loose.stderr.split(separator: "\n").count == 1)
    }
  }

  @Test("32 approve processes racing on one ID: exactly one succeeds")
  func racingApproveProcesses() async throws {
    try await withInitializedWorkspace { dir in
      let pending = try pendingRequest(in: dir)
      // All 32 are started before any is waited for, so they really run at once.
      let running = try (0..<32).map { _ in try started(["approve", pending.id], in: dir) }
      let statuses = running.map { $0.finish() }
      let winners = statuses.filter { $0.status == 0 }
      let losers = statuses.filter { $0.status == 1 && $0.stderr.contains("already decided") }
      #expect(winners.count == 1)
      #expect(
        losers.count == 31, "\(statuses.map(\.stderr).filter { !$0.contains("already decided") })")
      let verify = try metaAgent(["audit", "verify"], in: dir)
      #expect(verify.status == 0)
      print(
        "32 racing approve processes: \(winners.count) won, \(losers.count) told already decided")
    }
  }

  @Test("audit lists entries with filters and JSON; verify names the first bad entry")
  func auditAndVerify() async throws {
    try await withInitializedWorkspace { dir in
      let pending = try pendingRequest(in: dir)
      _ = try metaAgent(["approve", pending.id], in: dir)
      let all = try metaAgent(["audit"], in: dir)
      #expect(all.status == 0)
      #expect(all.stdout.contains("approval_requested"))
      #expect(all.stdout.contains("approval_decided"))
      let decided = try metaAgent(["audit", "--json", "--kind", "approval_decided"], in: dir)
      let entries =
        try JSONSerialization.jsonObject(with: Data(decided.stdout.utf8)) as? [[String: Any]]
      #expect(entries?.count == 1)
      #expect(entries?.first?["subject"] as? String == pending.id)
      let ok = try metaAgent(["audit", "verify"], in: dir)
      #expect(ok.status == 0)
      #expect(ok.stdout.contains("intact: 3 entries"))

      let queue = try DatabaseQueue(
        path: dir.appendingPathComponent(".meta-agent/state.sqlite").path)
      try queue.writeWithoutTransaction { db in
        try db.execute(sql: "DROP TRIGGER audit_log_no_update")
        try db.execute(sql: "UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
      }
      try queue.close()
      let broken = try metaAgent(["audit", "verify"], in: dir)
      #expect(broken.status == 1)
      #expect(broken.stderr.contains("audit log broken at entry 2"))
    }
  }

  @Test("a corrupt database is one line with how to recover, exit 1")
  func corruptDatabase() async throws {
    try await withInitializedWorkspace { dir in
      let path = dir.appendingPathComponent(".meta-agent/state.sqlite").path
      for suffix in ["-wal", "-shm"] { try? FileManager.default.removeItem(atPath: path + suffix) }
      try Data(repeating: 0x41, count: 4096).write(to: URL(fileURLWithPath: path))
      let result = try metaAgent(["approvals"], in: dir)
      #expect(result.status == 1)
      #expect(result.stderr.contains(path))
      #expect(result.stderr.contains("restore it from a backup"))
      try FileManager.default.removeItem(atPath: path)
      let missing = try metaAgent(["audit", "verify"], in: dir)
      #expect(missing.status == 1)
      #expect(missing.stderr.contains("is missing"))
      #expect(!FileManager.default.fileExists(atPath: path))
    }
  }

  @Test(
    "meta-agent approve processes killed with SIGKILL at random moments leave the database sound")
  func killNineTheBinary() async throws {
    try await withInitializedWorkspace { dir in
      var ids: [String] = []
      for index in 0..<40 { ids.append(try pendingRequest(in: dir, code: "v\(index)").id) }
      for id in ids {
        let process = Process()
        process.executableURL = binary
        process.arguments = ["approve", id]
        process.currentDirectoryURL = dir
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(UInt32.random(in: 1_000...60_000))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
      }
      let database = try Workspace(root: dir).openDatabase()
      #expect(try database.integrityCheck() == ["ok"])
      let verify = try metaAgent(["audit", "verify"], in: dir)
      #expect(verify.status == 0, "\(verify.stderr)")
      let store = ApprovalStore(database: database)
      let approved = try store.list(states: [.approved])
      let key = try Workspace(root: dir).loadOperatorKey()
      for approval in approved { #expect(approval.hasValidSignature(key)) }
      print(
        "kill -9 of meta-agent approve: \(approved.count) of 40 committed before the kill, rest untouched"
      )
    }
  }
}
