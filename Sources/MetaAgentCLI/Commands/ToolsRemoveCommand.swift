import ArgumentParser
import Governance
import Toolsmith

struct ToolsRemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Remove an installed tool (Yellow: a person approves in production).",
    discussion: """
      Removing is Yellow: approved automatically (and recorded) in dev and staging; in
      production a person approves, inline on a terminal, or else the command files the
      request bound to the tool's manifest and exits 3: approve it (meta-agent approve ID),
      then run again with --approval ID.
      """)

  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Argument(help: "The tool's name, like kubectl.")
  var name: String

  @Option(help: "The approved removal request.")
  var approval: String?

  func validate() throws {
    guard ToolFiles.isValidName(name) else {
      throw ValidationError(RegistryError.invalidToolName(name).description)
    }
    if let approval, !ApprovalStore.isWellFormedID(approval) {
      throw ValidationError(GovernanceError.malformedApprovalID(id: approval).description)
    }
  }

  func run() throws {
    try reportingToolFailures {
      let workspace = try workspaceOptions.resolve()
      let registry = ToolRegistry(workspace: workspace)
      let actor = try workspace.loadConfig().approver
      guard let approval else {
        let config = try workspace.loadConfig()
        let terminal = StandardTerminal()
        let gate = ApprovalGate(
          store: ApprovalStore(database: try workspace.openDatabase()), policy: config.policy,
          key: try workspace.loadOperatorKey(), approver: config.approver,
          terminal: terminal.isInteractive ? terminal : nil)
        let request = ApprovalRequest(
          risk: .yellow, action: "remove tool \(name)",
          digest: try registry.removalDigest(name: name),
          summary: "delete mcp_servers/\(name)_tools.{py,profile.yaml,manifest.json}",
          details: "Removes the deployed tool \(name); the agent can no longer call it.",
          requester: actor)
        let outcome = BlockingOutcome<ApprovalOutcome>()
        Task {
          do {
            outcome.finish(.success(try await gate.request(request)))
          } catch {
            outcome.finish(.failure(error))
          }
        }
        let decided = try outcome.wait().get()
        guard case .approved(let approved) = decided else {
          if let message = decided.stopMessage { printError(message) }
          if case .waiting(let pending) = decided {
            print("then run `meta-agent tools remove \(name) --approval \(pending.id)`")
          }
          throw decided.exitCode
        }
        try registry.remove(name: name, approvalID: approved.id, actor: actor)
        print("removed \(name) (approval \(approved.id), \(approved.decidedBy ?? "auto"))")
        return
      }
      try registry.remove(name: name, approvalID: approval, actor: actor)
      print("removed \(name) (approval \(approval))")
    }
  }
}
