import Foundation
import GRDB
import Testing

@testable import Governance

@Suite("Risk levels and environment policy")
struct PolicyTests {
  @Test("Green needs nobody, in every environment")
  func greenRunsWithoutAsking() {
    for environment in DeploymentEnvironment.allCases {
      #expect(EnvironmentPolicy(environment: environment).requirement(for: .green) == .none)
    }
  }

  @Test("Yellow needs a person in production and is automatic in dev and staging")
  func yellowDependsOnEnvironment() {
    #expect(EnvironmentPolicy(environment: .production).requirement(for: .yellow) == .person)
    #expect(EnvironmentPolicy(environment: .staging).requirement(for: .yellow) == .automatic)
    #expect(EnvironmentPolicy(environment: .dev).requirement(for: .yellow) == .automatic)
  }

  @Test("Red needs a person in every environment")
  func redAlwaysNeedsAPerson() {
    for environment in DeploymentEnvironment.allCases {
      #expect(EnvironmentPolicy(environment: environment).requirement(for: .red) == .person)
    }
  }

  @Test("the environment defaults to production")
  func productionByDefault() async throws {
    let dir = TemporaryDirectory()
    defer { dir.remove() }
    let report = try Workspace.initialize(at: dir.url, profiles: [:])
    #expect(report.environment == .production)
    #expect(try Workspace(root: dir.url).loadConfig().environment == .production)
  }

  @Test(
    "a config key that claims to skip Red approvals is refused, not ignored",
    arguments: [
      "auto_approve_red: true", "skip_approvals: true", "auto_approve: red",
      "risk_overrides:\n  red: green",
    ])
  func configCannotSkipRed(line: String) async throws {
    try await withWorkspace(environment: .dev) { workspace in
      let text = try String(contentsOf: workspace.configURL, encoding: .utf8) + line + "\n"
      try text.write(to: workspace.configURL, atomically: true, encoding: .utf8)
      #expect {
        try workspace.loadConfig()
      } throws: { error in
        guard case GovernanceError.invalidConfig(_, let reason) = error else { return false }
        return reason.contains("unknown key") && reason.contains("Red approvals can never")
      }
    }
  }

  @Test("environment variables that sound like skipping do not skip a Red approval")
  func environmentVariablesCannotSkipRed() async throws {
    let names = [
      "META_AGENT_AUTO_APPROVE", "META_AGENT_YES", "META_AGENT_SKIP_APPROVALS",
      "META_AGENT_AUTO_APPROVE_RED", "CI",
    ]
    for name in names { setenv(name, "1", 1) }
    defer { for name in names { unsetenv(name) } }
    try await withWorkspace(environment: .dev) { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let gate = ApprovalGate(
        store: store, policy: try workspace.loadConfig().policy,
        key: try workspace.loadOperatorKey(), approver: "alice", terminal: nil)
      let outcome = try await gate.request(deployRequest())
      guard case .waiting(let approval) = outcome else {
        Issue.record("Red was not left waiting: \(outcome)")
        return
      }
      #expect(approval.state == .pending)
      #expect(approval.approveCommand == "meta-agent approve \(approval.id)")
    }
  }

  @Test("the store refuses to auto-approve Red, whatever policy it is handed")
  func storeRefusesAutomaticRed() async throws {
    try await withWorkspace(environment: .dev) { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let key = try workspace.loadOperatorKey()
      let pending = try store.request(deployRequest())
      for environment in DeploymentEnvironment.allCases {
        #expect(throws: GovernanceError.redNeedsPerson(id: pending.id)) {
          try store.approveAutomatically(
            id: pending.id, policy: EnvironmentPolicy(environment: environment), key: key)
        }
      }
      #expect(try store.approval(id: pending.id).state == .pending)
    }
  }

  @Test("the database itself rejects an automatic decision on a Red request")
  func tableRejectsAutomaticRed() async throws {
    try await withWorkspace(environment: .dev) { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let pending = try store.request(deployRequest())
      #expect(throws: DatabaseError.self) {
        try tamper(
          workspace,
          "UPDATE approvals SET state = 'approved', decision_mode = 'automatic' "
            + "WHERE id = '\(pending.id)'")
      }
    }
  }

  @Test("a Red request in dev waits for a person at the prompt, and the person decides")
  func redInDevPromptsAPerson() async throws {
    try await withWorkspace(environment: .dev) { workspace in
      let terminal = ScriptedTerminal(script: [(afterPolls: 2, input: .line("y"))])
      let gate = ApprovalGate(
        store: ApprovalStore(database: try workspace.openDatabase()),
        policy: EnvironmentPolicy(environment: .dev), key: try workspace.loadOperatorKey(),
        approver: "alice", terminal: terminal, pollInterval: .milliseconds(10))
      let outcome = try await gate.request(deployRequest())
      guard case .approved(let approval) = outcome else {
        Issue.record("expected approved, got \(outcome)")
        return
      }
      #expect(approval.decisionMode == .person)
      #expect(approval.decidedBy == "alice")
      #expect(terminal.output.contains("approve? [y/N]"))
      #expect(terminal.output.contains("RED"))
    }
  }
}
