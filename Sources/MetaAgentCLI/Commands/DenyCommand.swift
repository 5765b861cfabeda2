import ArgumentParser
import Foundation
import Governance

struct DenyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deny", abstract: "Deny a pending request; the decision is signed and audited.")

  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Argument(help: "The approval ID, like xyz78901.")
  var id: String

  @Option(help: "Why, kept with the decision and shown to whoever asked.")
  var reason: String?

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
      let approval = try store.deny(id: id, by: config.approver, reason: reason, key: key)
      print("denied \(approval.id): \(approval.action) by \(config.approver); it will not run")
    }
  }
}
