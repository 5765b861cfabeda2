import Foundation
import GRDB

@testable import Governance

/// A fresh directory under the system temp dir; `remove()` deletes it.
struct TemporaryDirectory {
  let url: URL

  init(_ label: String = "gov") {
    url = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-\(label)-\(UUID().uuidString.prefix(8))")
    try! FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
  }

  func remove() { try? FileManager.default.removeItem(at: url) }
}

/// The profiles handed to `Workspace.initialize` in tests.
let sampleProfiles = [
  "strict": "name: strict\nnetwork: none\n",
  "kubectl": "name: kubectl\nnetwork: gateway\n",
]

/// An initialized workspace in its own temp dir, removed after `body`.
@discardableResult
func withWorkspace<T>(
  environment: DeploymentEnvironment = .production,
  _ body: (Workspace) async throws -> T
) async throws -> T {
  let dir = TemporaryDirectory()
  defer { dir.remove() }
  _ = try Workspace.initialize(
    at: dir.url, environment: environment, approver: "alice", profiles: sampleProfiles)
  return try await body(Workspace(root: dir.url))
}

/// A sample Red request for deploying a tool.
func deployRequest(code: String = "print('hi')", lifetime: TimeInterval = 3600) -> ApprovalRequest {
  ApprovalRequest(
    risk: .red, action: "deploy kubectl_tools",
    digest: Digest.sha256(parts: [("code", code), ("profile", "name: kubectl")]),
    summary: "install mcp_servers/kubectl_tools.py", details: code, requester: "agent",
    lifetime: lifetime)
}

func draftRequest() -> ApprovalRequest {
  ApprovalRequest(
    risk: .yellow, action: "draft kubectl_tools", digest: Digest.sha256("draft"),
    summary: "write mcp_servers/kubectl_tools.py", details: "code", requester: "agent")
}

/// Runs raw SQL on the database file with a separate connection, the way a
/// person with sqlite3 would tamper with it.
func tamper(_ workspace: Workspace, _ sql: String) throws {
  let queue = try DatabaseQueue(path: workspace.databaseURL.path)
  try queue.writeWithoutTransaction { db in try db.execute(sql: sql) }
  try queue.close()
}

/// A terminal that answers with scripted lines after some number of polls.
final class ScriptedTerminal: ApprovalTerminal, @unchecked Sendable {
  private let lock = NSLock()
  private var script: [(afterPolls: Int, input: TerminalInput)]
  private var polls = 0
  private var written = ""
  let isInteractive: Bool

  init(interactive: Bool = true, script: [(afterPolls: Int, input: TerminalInput)] = []) {
    self.isInteractive = interactive
    self.script = script
  }

  var output: String { lock.withLock { written } }

  func write(_ text: String) { lock.withLock { written += text } }

  func readLine(timeout: Duration) async throws -> TerminalInput {
    let next: TerminalInput? = lock.withLock {
      polls += 1
      if let first = script.first, polls > first.afterPolls {
        script.removeFirst()
        return first.input
      }
      return nil
    }
    if let next { return next }
    try await Task.sleep(for: timeout)
    return .nothing
  }
}
