import Diagnosis
import Foundation
import Governance
import Kube
import Sandbox
import Testing
import Toolsmith

@testable import Agent

/// The orchestrator walks the real flow: a real workspace (SQLite, keys), the
/// replay cluster, the real kubectl for the credential check, the toolsmith's
/// validator in the sandbox. Approvals are given the way a person gives them.
@Suite("The orchestrator walks a request through the flow as a persisted run")
struct OrchestratorTests {
  @Test("in production a run stops at the Yellow draft and writes nothing before approval")
  func stopsAtDraft() async throws {
    let harness = try await AgentHarness(environment: .production)
    defer { Task { await harness.stop() } }
    let outcome = try await harness.orchestrator().start(harness.request())
    guard case .waitingForApproval(let runID, let approval) = outcome else {
      Issue.record("expected to wait for the draft approval, got \(outcome)")
      return
    }
    #expect(approval.risk == .yellow)
    #expect(approval.action == "draft mcp_servers/kubectl_tools.py")
    #expect(approval.details.contains("def get_pods"), "the approval view shows the code")
    let draft = harness.workspace.toolsDirectory.appendingPathComponent("drafts/kubectl_tools.py")
    #expect(!FileManager.default.fileExists(atPath: draft.path))
    let run = try harness.runs.load(id: runID)
    #expect(run.state == .waitingForApproval)
    #expect(run.waitingFor == approval.id)
    #expect(run.step == RunStep.draft.rawValue)
    #expect(try harness.auditKinds().contains("classification"))
  }

  @Test("resuming without a decision waits on the same request: never a second one")
  func resumeReusesTheRequest() async throws {
    let harness = try await AgentHarness(environment: .production)
    defer { Task { await harness.stop() } }
    let orchestrator = harness.orchestrator()
    let first = try await orchestrator.start(harness.request())
    let second = try await orchestrator.resume(runID: first.runID)
    guard case .waitingForApproval(_, let a) = first, case .waitingForApproval(_, let b) = second
    else {
      Issue.record("expected both to wait: \(first), \(second)")
      return
    }
    #expect(a.id == b.id)
    #expect(try harness.approvals.list(states: [.pending]).count == 1)
  }

  @Test(
    "in dev the draft is auto-approved (recorded) but the Red deploy still waits for a person",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func devStillWaitsForRed() async throws {
    let harness = try await AgentHarness(environment: .dev)
    defer { Task { await harness.stop() } }
    let outcome = try await harness.orchestrator().start(harness.request())
    guard case .waitingForApproval(let runID, let approval) = outcome else {
      Issue.record("expected to wait for the deploy approval, got \(outcome)")
      return
    }
    #expect(approval.risk == .red)
    #expect(approval.action == "deploy kubectl_tools")
    #expect(approval.details.contains("kubectl-mcp-tool"), "the approval view shows the profile")
    let drafts = try harness.approvals.list(states: [.executed])
    #expect(drafts.count == 1 && drafts[0].decisionMode == .automatic && drafts[0].risk == .yellow)
    let draft = harness.workspace.toolsDirectory.appendingPathComponent("drafts/kubectl_tools.py")
    #expect(FileManager.default.fileExists(atPath: draft.path))
    #expect(try ToolRegistry(workspace: harness.workspace).list().isEmpty, "nothing deployed")
    #expect(try harness.runs.load(id: runID).step == RunStep.deploy.rawValue)
  }

  @Test(
    "a denied deploy stops the run and installs nothing",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func deniedDeploy() async throws {
    let harness = try await AgentHarness(environment: .dev)
    defer { Task { await harness.stop() } }
    let orchestrator = harness.orchestrator()
    let outcome = try await orchestrator.start(harness.request())
    guard case .waitingForApproval(let runID, let approval) = outcome else {
      Issue.record("expected to wait, got \(outcome)")
      return
    }
    _ = try harness.approvals.deny(
      id: approval.id, by: "bob", reason: "not today", key: try harness.workspace.loadOperatorKey())
    let resumed = try await orchestrator.resume(runID: runID)
    guard case .denied = resumed else {
      Issue.record("expected denied, got \(resumed)")
      return
    }
    #expect(try ToolRegistry(workspace: harness.workspace).list().isEmpty)
    #expect(try harness.runs.load(id: runID).state == .denied)
    await #expect(throws: RunError.self) { try await orchestrator.resume(runID: runID) }
  }

  @Test(
    "a draft edited after its approval is refused at deploy",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func editedDraftIsRefused() async throws {
    let harness = try await AgentHarness(environment: .dev)
    defer { Task { await harness.stop() } }
    let orchestrator = harness.orchestrator()
    let outcome = try await orchestrator.start(harness.request())
    guard case .waitingForApproval(let runID, let approval) = outcome else {
      Issue.record("expected to wait, got \(outcome)")
      return
    }
    try harness.approve(approval.id)
    let draft = harness.workspace.toolsDirectory.appendingPathComponent("drafts/kubectl_tools.py")
    let code = try String(contentsOf: draft, encoding: .utf8)
    try Data((code + "\nimport socket\n").utf8).write(to: draft)
    await #expect {
      try await orchestrator.resume(runID: runID)
    } throws: { error in
      guard case RunError.draftChanged = error else { return false }
      return true
    }
    #expect(try ToolRegistry(workspace: harness.workspace).list().isEmpty)
  }

  @Test(
    "missing credentials stop the run with the remedy; once fixed, resume goes on",
    .enabled(if: kubectlAvailable))
  func credentialsNeeded() async throws {
    let harness = try await AgentHarness(environment: .dev)
    defer { Task { await harness.stop() } }
    let missing = harness.base.appendingPathComponent("later/kubeconfig")
    let orchestrator = harness.orchestrator()
    let outcome = try await orchestrator.start(
      RunRequest(request: AgentHarness.reference, kubeconfig: missing.path))
    guard case .credentialsNeeded(let runID, let remedy) = outcome else {
      Issue.record("expected credentials needed, got \(outcome)")
      return
    }
    #expect(!remedy.explanation.isEmpty)
    #expect(try harness.runs.load(id: runID).state == .waitingForCredentials)
    try FileManager.default.createDirectory(
      at: missing.deletingLastPathComponent(), withIntermediateDirectories: true)
    try FileManager.default.copyItem(at: harness.kubeconfig, to: missing)
    let resumed = try await orchestrator.resume(runID: runID)
    if sandboxAvailable {
      guard case .waitingForApproval(_, let approval) = resumed else {
        Issue.record("expected the deploy approval next, got \(resumed)")
        return
      }
      #expect(approval.risk == .red)
    }
  }

  @Test(
    "a person at the terminal answers both prompts: one call goes from the request to the diagnosis",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func wholeFlowAtATerminal() async throws {
    let harness = try await AgentHarness(environment: .production)
    defer { Task { await harness.stop() } }
    let terminal = AnsweringTerminal(answer: "y")
    let outcome = try await harness.orchestrator(terminal: terminal).start(harness.request())
    guard case .diagnosed(let runID, let report) = outcome else {
      Issue.record("expected a diagnosis, got \(outcome)")
      return
    }
    #expect(terminal.prompts == 2, "Yellow draft and Red deploy: \(terminal.output)")
    #expect(report.scope.pods == 3)
    #expect(report.scope.logs >= 3, "the previous logs of the crashed containers were read")
    #expect(!report.healthy)
    #expect(report.findings.first?.affected.first?.name == "payment-service")
    #expect(try harness.runs.load(id: runID).state == .done)
    let kinds = try harness.auditKinds()
    #expect(kinds.contains("deployment"))
    #expect(kinds.contains("tool_call"))
    #expect(kinds.contains("gateway_request"))
    let drafts = harness.workspace.toolsDirectory.appendingPathComponent("drafts/kubectl_tools.py")
    #expect(!FileManager.default.fileExists(atPath: drafts.path), "the draft is gone once deployed")

    // The tool is there now: a second run asks nobody and goes straight to execution.
    let again = try await harness.orchestrator(terminal: UnansweredTerminal()).start(
      harness.request(namespace: "production"))
    guard case .diagnosed(_, let second) = again else {
      Issue.record("expected a diagnosis without approvals, got \(again)")
      return
    }
    #expect(second.scope.namespace == "production")
  }

  /// The reference capture with its pods copied `copies` times (about 13 KB of
  /// kubectl JSON a pod); removed by the caller.
  static func bigCapture(copies: Int) throws -> URL {
    let capture = FileManager.default.temporaryDirectory
      .appendingPathComponent("big-capture-\(UUID().uuidString.prefix(8))")
    // The demo's built-in copy of the capture (a test keeps it identical): written
    // fresh, so the test also works as a user who cannot copy the fixtures' owners.
    try DemoScenario.write(to: capture)
    let podsFile = capture.appendingPathComponent("pods.json")
    var list = try #require(
      try JSONSerialization.jsonObject(with: Data(contentsOf: podsFile)) as? [String: Any])
    let pods = try #require(list["items"] as? [[String: Any]])
    list["items"] = (0..<copies).flatMap { copy in
      pods.map { pod -> [String: Any] in
        guard copy > 0 else { return pod }
        var pod = pod
        var metadata = pod["metadata"] as? [String: Any] ?? [:]
        metadata["name"] = "\(metadata["name"] as? String ?? "pod")-\(copy)"
        pod["metadata"] = metadata
        return pod
      }
    }
    try JSONSerialization.data(withJSONObject: list).write(to: podsFile)
    return capture
  }

  @Test(
    "a 600-pod namespace is read a page of 500 at a time through the sandboxed tool and diagnosed",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func bigNamespace() async throws {
    let capture = try Self.bigCapture(copies: 200)
    defer { try? FileManager.default.removeItem(at: capture) }
    let harness = try await AgentHarness(environment: .dev, captureDirectory: capture)
    defer { Task { await harness.stop() } }
    let outcome = try await harness.orchestrator(terminal: AnsweringTerminal(answer: "y")).start(
      harness.request(namespace: "production"))
    guard case .diagnosed(_, let report) = outcome else {
      Issue.record("expected a diagnosis, got \(outcome)")
      return
    }
    #expect(report.scope.pods == 600)
    #expect(report.findings.first?.kind == "oom-killed")
    // Two pages of pods, asked for by the tool and forwarded (and audited) by the gateway
    // (kubectl sorts the query).
    let pages = try harness.auditEntries()
      .filter { $0.kind == "gateway_request" && $0.details.contains("/pods") }
      .map(\.details)
    #expect(pages.contains { $0.contains("limit=500") && !$0.contains("continue") })
    #expect(pages.contains { $0.contains("continue=replay-offset-500&limit=500") }, "\(pages)")
  }

  @Test(
    "kubectl's 20 MB answer (1,500 pods) is not killed under kubectl-readonly (the Go runtime munmaps)",
    .enabled(if: sandboxAvailable && kubectlAvailable))
  func bigAnswerUnderKubectlReadonly() async throws {
    let capture = try Self.bigCapture(copies: 500)
    defer { try? FileManager.default.removeItem(at: capture) }
    let harness = try await AgentHarness(environment: .dev, captureDirectory: capture)
    defer { Task { await harness.stop() } }
    let kubectl = try SandboxedKubectl(
      proxy: KubectlProxy.Configuration(
        kubeconfig: harness.kubeconfig.path, environment: harness.environment),
      profile: ProfileSource.resolve("kubectl-readonly", workspace: nil).profile)
    defer { kubectl.stop() }
    let result = try await kubectl.run(["kubectl", "get", "pods", "-n", "production", "-o", "json"])
    #expect(result.ending == .exited(code: 0), "\(result.ending)")
  }

  @Test("a change request is refused before anything runs, with the commands an operator could run")
  func changeIsRefused() async throws {
    let harness = try await AgentHarness(environment: .dev, scenario: nil)
    defer { Task { await harness.stop() } }
    let outcome = try await harness.orchestrator().start(
      harness.request("restart the payment-service deployment in production"))
    guard case .refusedChange(let runID, let classification, let advice) = outcome else {
      Issue.record("expected a refusal, got \(outcome)")
      return
    }
    #expect(classification.risk == .red)
    #expect(advice.reason.contains("read-only"))
    #expect(
      advice.commands.contains("kubectl rollout restart deployment/payment-service -n production"))
    #expect(try harness.approvals.list(states: Set(ApprovalState.allCases)).isEmpty)
    #expect(try harness.runs.load(id: runID).state == .done)
    #expect(try harness.auditKinds().contains("refused_action"))
  }

  @Test("two resumes racing: one goes on, the other is told and changes nothing")
  func racingResumes() async throws {
    let harness = try await AgentHarness(environment: .production)
    defer { Task { await harness.stop() } }
    let orchestrator = harness.orchestrator()
    let runID = try await orchestrator.start(harness.request()).runID
    let results = await withTaskGroup(of: String.self) { group in
      for _ in 0..<4 {
        group.addTask {
          do {
            _ = try await orchestrator.resume(runID: runID)
            return "ok"
          } catch RunError.resumedElsewhere {
            return "elsewhere"
          } catch {
            return "other: \(error)"
          }
        }
      }
      return await group.reduce(into: []) { $0.append($1) }
    }
    #expect(results.contains("ok"), "\(results)")
    #expect(results.allSatisfy { $0 == "ok" || $0 == "elsewhere" }, "\(results)")
    #expect(try harness.approvals.list(states: [.pending]).count == 1)
  }
}
