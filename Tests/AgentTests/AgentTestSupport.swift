import Foundation
import Governance
import Kube
import Sandbox
import Testing

@testable import Agent

/// The captures next to the Kube tests; under META_AGENT_SOURCE_ROOT when set, so a
/// copied test bundle (scripts/test's unprivileged run) finds them.
enum Scenarios {
  static let root: URL = {
    if let source = ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"] {
      return URL(fileURLWithPath: source).appendingPathComponent("Tests/KubeTests/Scenarios")
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("KubeTests/Scenarios")
  }()

  static func directory(_ name: String) -> URL { root.appendingPathComponent(name) }
}

/// A throwaway workspace (shipped profiles) next to a replay cluster serving a
/// scenario, with a kubeconfig for it. Readable by the sandbox's user.
final class AgentHarness: @unchecked Sendable {
  let base: URL
  let workspace: Workspace
  let kubeconfig: URL
  let server: ReplayServer?

  init(
    environment: DeploymentEnvironment = .production, scenario: String? = "reference-oom-crashloop",
    captureDirectory: URL? = nil
  ) async throws {
    base = FileManager.default.temporaryDirectory
      .appendingPathComponent("meta-agent-agent-\(UUID().uuidString.prefix(8))")
    try FileManager.default.createDirectory(
      at: base, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
    let root = base.appendingPathComponent("workspace")
    _ = try Workspace.initialize(
      at: root, environment: environment, approver: "alice", profiles: ShippedProfiles.all)
    workspace = Workspace(root: root)
    kubeconfig = base.appendingPathComponent("kubeconfig")
    if let directory = captureDirectory ?? scenario.map(Scenarios.directory) {
      let server = try await ReplayServer.start(directory: directory)
      _ = try server.writeKubeconfig(to: kubeconfig)
      self.server = server
    } else {
      server = nil
    }
  }

  var environment: [String: String] {
    var environment = ProcessInfo.processInfo.environment
    environment["HOME"] = base.path
    environment["KUBECONFIG"] = kubeconfig.path
    return environment
  }

  func orchestrator(
    terminal: any ApprovalTerminal = UnansweredTerminal(),
    openTools: @escaping Orchestrator.SessionFactory = DeployedToolSession.open
  ) -> Orchestrator {
    Orchestrator(
      workspace: workspace, terminal: terminal, narrator: SilentNarrator(),
      environment: environment, pollInterval: .milliseconds(20), openTools: openTools)
  }

  func request(_ text: String = AgentHarness.reference, namespace: String? = nil) -> RunRequest {
    RunRequest(request: text, namespace: namespace, kubeconfig: kubeconfig.path)
  }

  static let reference =
    "My pods in EKS cluster are crashing, check the logs and diagnose the issue"

  var approvals: ApprovalStore {
    get throws { ApprovalStore(database: try workspace.openDatabase()) }
  }
  var runs: RunStore { get throws { RunStore(database: try workspace.openDatabase()) } }

  /// A person approves from "another terminal".
  func approve(_ id: String, by person: String = "bob") throws {
    _ = try approvals.approve(id: id, by: person, key: try workspace.loadOperatorKey())
  }

  func auditEntries() throws -> [AuditEntry] {
    try AuditLog(database: try workspace.openDatabase()).entries()
  }

  func auditKinds() throws -> [String] {
    try auditEntries().map(\.kind)
  }

  func stop() async {
    await server?.shutdown()
    try? FileManager.default.removeItem(at: base)
  }
}

/// Nobody at the keyboard: every approval stops the run.
struct UnansweredTerminal: ApprovalTerminal {
  var isInteractive: Bool { false }
  func write(_ text: String) {}
  func readLine(timeout: Duration) async throws -> TerminalInput { .closed }
}

/// A person who answers every prompt with `answer` ("y" or "n").
final class AnsweringTerminal: ApprovalTerminal, @unchecked Sendable {
  private let lock = NSLock()
  private let answer: String
  private var written = ""
  private var pending = false

  init(answer: String) { self.answer = answer }

  var isInteractive: Bool { true }
  var output: String { lock.withLock { written } }
  /// How many prompts were shown.
  var prompts: Int { lock.withLock { written.components(separatedBy: "approve? [y/N]").count - 1 } }

  func write(_ text: String) {
    lock.withLock {
      written += text
      if text.contains("approve? [y/N]") { pending = true }
    }
  }

  func readLine(timeout: Duration) async throws -> TerminalInput {
    let line: String? = lock.withLock {
      guard pending else { return nil }
      pending = false
      return answer
    }
    if let line { return .line(line) }
    try await Task.sleep(for: .milliseconds(5))
    return .nothing
  }
}

/// Whether this host can run the sandbox (user namespaces).
let sandboxAvailable: Bool = {
  let profile = try? ProfileSource.resolve("strict", workspace: nil).profile
  guard let profile else { return false }
  let result = try? SandboxLauncher.run(
    SandboxRequest(argv: ["/usr/bin/true"], profile: profile, wallTimeSeconds: 10))
  return result?.ending == .exited(code: 0)
}()

/// kubectl is on the machine image; the execution step needs it.
let kubectlAvailable = FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")
