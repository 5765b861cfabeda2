import ArgumentParser
import Foundation
import Governance

struct ApproveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve a pending request; the decision is signed with the operator key.",
    discussion: "Read it first: meta-agent approvals show ID.")

  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Argument(help: "The approval ID, like xyz78901.")
  var id: String

  @Option(help: "A note kept with the decision and in the audit log.")
  var note: String?

  func validate() throws {
    guard ApprovalStore.isWellFormedID(id) else {
      throw usageFailure(GovernanceError.malformedApprovalID(id: id).description, Self.self)
    }
  }

  func run() throws {
    try reportingFailures {
      let workspace = try workspaceOptions.resolve()
      let config = try workspace.loadConfig()
      let key = try workspace.loadOperatorKey()
      let store = ApprovalStore(database: try workspace.openDatabase())
      let approval = try store.approve(id: id, by: config.approver, note: note, key: key)
      print(
        "approved \(approval.id): \(approval.action) (\(approval.risk.rawValue.uppercased())) "
          + "by \(config.approver), signed with the operator key")
      if let run = approval.runID {
        print(
          "the waiting run continues on its own if it is still open; otherwise: meta-agent resume \(run)"
        )
      }
    }
  }
}
