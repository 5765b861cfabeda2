import Foundation
import GRDB
import Governance
import Testing

#if canImport(Glibc)
  import Glibc
#endif

/// `meta-agent run`, `resume`, `diagnose` as a person (or a script) uses them:
/// the real binary against the replay cluster, approvals through the CLI.
@Suite("run, resume and diagnose from the command line")
struct RunCLITests {
  static let scenarios: URL = {
    if let source = ProcessInfo.processInfo.environment["META_AGENT_SOURCE_ROOT"] {
      return URL(fileURLWithPath: source).appendingPathComponent("Tests/KubeTests/Scenarios")
    }
    return URL(fileURLWithPath: #filePath).deletingLastPathComponent()
      .deletingLastPathComponent().appendingPathComponent("KubeTests/Scenarios")
  }()
  static let reference =
    "My pods in EKS cluster are crashing, check the logs and diagnose the issue"

  /// A workspace next to a running `meta-agent cluster replay` of a scenario.
  final class Setup {
    let dir: URL
    let replay: Started
    let kubeconfig: URL
    var environment: [String: String] {
      ["KUBECONFIG": kubeconfig.path, "HOME": dir.path, "NO_COLOR": "1"]
    }

    init(env: String, scenario: String = "reference-oom-crashloop") throws {
      dir = FileManager.default.temporaryDirectory
        .appendingPathComponent("meta-agent-run-\(UUID().uuidString.prefix(8))")
      try FileManager.default.createDirectory(
        at: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o755])
      kubeconfig = dir.appendingPathComponent("kubeconfig")
      replay = try started(
        [
          "cluster", "replay", RunCLITests.scenarios.appendingPathComponent(scenario).path,
          "--kubeconfig-out", kubeconfig.path,
        ], in: dir)
      for _ in 0..<100 where !FileManager.default.fileExists(atPath: kubeconfig.path) {
        usleep(50_000)
      }
      let initialized = try metaAgent(
        ["init", "workspace", "--env", env, "--approver", "alice"], in: dir)
      #expect(initialized.status == 0, "\(initialized.stderr)")
    }

    var workspace: URL { dir.appendingPathComponent("workspace") }

    func run(_ arguments: [String]) throws -> Outcome {
      try metaAgent(arguments, in: workspace, environment: environment)
    }

    func pending() throws -> [Approval] {
      try ApprovalStore(database: try Workspace(root: workspace).openDatabase()).list()
    }

    func latestRun() throws -> String? {
      try RunStore(database: try Workspace(root: workspace).openDatabase()).list(limit: 1).first?.id
    }

    func stop() {
      replay.process.terminate()
      _ = replay.finish()
      try? FileManager.default.removeItem(at: dir)
    }
  }

  @Test("usage errors exit 2 with one line naming the problem")
  func usageErrors() throws {
    let dir = FileManager.default.temporaryDirectory
    let both = try metaAgent(["run", "why", "-n", "prod", "-A"], in: dir)
    #expect(both.status == 2)
    #expect(both.stderr.contains("either -n NAMESPACE or -A"))
    let empty = try metaAgent(["run", "  "], in: dir)
    #expect(empty.status == 2)
    let badID = try metaAgent(["resume", "NOT-AN-ID"], in: dir)
    #expect(badID.status == 2)
    #expect(badID.stderr.contains("is not a run ID"))
    let noDir = try metaAgent(["diagnose", "--from", "/nonexistent/capture"], in: dir)
    #expect(noDir.status == 2)
    #expect(noDir.stderr.contains("no such directory"))
  }

  @Test("without a terminal a production run stops at the draft with exit 3 and says what to run")
  func waitsWithExitThree() throws {
    let setup = try Setup(env: "production")
    defer { setup.stop() }
    let outcome = try setup.run(["run", Self.reference, "--no-wait"])
    #expect(outcome.status == 3, "\(outcome.stderr)")
    #expect(outcome.stdout.isEmpty, "stdout is for the report only")
    let pending = try setup.pending()
    #expect(pending.count == 1)
    let id = try #require(pending.first?.id)
    #expect(outcome.stderr.contains("meta-agent approve \(id)"))
    #expect(outcome.stderr.contains("meta-agent resume "))
  }

  @Test(
    "approve, resume, approve, resume: the whole flow ends in the diagnosis; a second run reuses the tool",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")))
  func wholeFlow() throws {
    let setup = try Setup(env: "production")
    defer { setup.stop() }
    let first = try setup.run(["run", Self.reference, "--no-wait"])
    #expect(first.status == 3, "\(first.stderr)")
    let runID = try #require(try setup.latestRun())
    var last = first
    for _ in 0..<3 where last.status == 3 {
      for approval in try setup.pending() {
        let approved = try setup.run(["approve", approval.id, "--note", "test"])
        #expect(approved.status == 0, "\(approved.stderr)")
      }
      last = try setup.run(["resume", runID, "--no-wait"])
    }
    #expect(last.status == 0, "\(last.stderr)")
    #expect(last.stdout.contains("payment-service"), "\(last.stdout)")
    #expect(last.stdout.contains("OOMKilled"), "\(last.stdout)")

    let again = try setup.run(["run", Self.reference, "--no-wait", "--output", "json"])
    #expect(again.status == 0, "\(again.stderr)")
    #expect(try setup.pending().isEmpty, "no approval is needed once the tool is deployed")
    let report = try JSONSerialization.jsonObject(with: Data(again.stdout.utf8)) as? [String: Any]
    #expect(report?["healthy"] as? Bool == false, "\(again.stdout.prefix(400))")

    let verify = try setup.run(["audit", "verify"])
    #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
  }

  @Test(
    "a kill -9 at any moment of a run leaves it resumable: one deployment, a verified chain",
    .enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/kubectl")),
    arguments: [0.2, 0.9, 1.8])
  func killNine(after seconds: Double) throws {
    let setup = try Setup(env: "dev")
    defer { setup.stop() }
    let running = try started(
      ["run", Self.reference, "--no-wait"], in: setup.workspace, environment: setup.environment)
    usleep(UInt32(seconds * 1_000_000))
    if running.process.isRunning { kill(running.process.processIdentifier, SIGKILL) }
    _ = running.finish()

    var outcome = Outcome(status: 3, stdout: "", stderr: "")
    for _ in 0..<6 where outcome.status != 0 {
      guard let runID = try setup.latestRun() else {
        // Killed before the run was recorded: start it again.
        outcome = try setup.run(["run", Self.reference, "--no-wait"])
        continue
      }
      for approval in try setup.pending() {
        _ = try setup.run(["approve", approval.id])
      }
      outcome = try setup.run(["resume", runID, "--no-wait"])
      #expect([0, 3].contains(outcome.status), "\(outcome.stderr)")
    }
    #expect(outcome.status == 0, "\(outcome.stderr)")
    #expect(outcome.stdout.contains("payment-service"))
    let audit = AuditLog(database: try Workspace(root: setup.workspace).openDatabase())
    #expect(try audit.entries().filter { $0.kind == "deployment" }.count == 1)
    #expect(try setup.run(["audit", "verify"]).status == 0)
    #expect(try setup.run(["tools", "verify"]).status == 0)
  }

  @Test("diagnose --from reads a capture offline, in all three formats")
  func diagnoseFrom() throws {
    let dir = FileManager.default.temporaryDirectory
    let capture = Self.scenarios.appendingPathComponent("reference-oom-crashloop").path
    let text = try metaAgent(
      ["diagnose", "--from", capture], in: dir, environment: ["NO_COLOR": "1"])
    #expect(text.status == 0, "\(text.stderr)")
    #expect(text.stdout.contains("OOMKilled"))
    #expect(!text.stdout.contains("\u{1B}["), "no colour when stdout is not a terminal")
    let markdown = try metaAgent(
      ["diagnose", "--from", capture, "--output", "markdown"], in: dir)
    #expect(markdown.stdout.contains("# "))
    let json = try metaAgent(["diagnose", "--from", capture, "--output", "json"], in: dir)
    let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
    #expect(object?["healthy"] as? Bool == false)
  }
}
