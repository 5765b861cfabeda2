import ArgumentParser
import Governance
import Toolsmith

struct ToolsRemoveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "remove",
    abstract: "Remove an installed tool (Yellow: needs an approval).",
    discussion: """
      Without --approval it files a Yellow request bound to the tool's manifest and exits 3;
      approve it (meta-agent approve ID), then run again with --approval ID.
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
        let request = try ApprovalStore(database: try workspace.openDatabase()).request(
          ApprovalRequest(
            risk: .yellow, action: "remove tool \(name)",
            digest: try registry.removalDigest(name: name),
            summary: "delete mcp_servers/\(name)_tools.{py,profile.yaml,manifest.json}",
            details: "Removes the deployed tool \(name); the agent can no longer call it.",
            requester: actor))
        print(
          "removal needs approval \(request.id); approve with `\(request.approveCommand)`, "
            + "then run `meta-agent tools remove \(name) --approval \(request.id)`")
        throw ExitCode.waitingForApproval
      }
      try registry.remove(name: name, approvalID: approval, actor: actor)
      print("removed \(name) (approval \(approval))")
    }
  }
}
