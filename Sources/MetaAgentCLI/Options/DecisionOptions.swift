import ArgumentParser
import Governance

/// The workspace and the approval ID that `approve` and `deny` decide on.
struct DecisionOptions: ParsableArguments {
  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Argument(help: "The approval ID, like xyz78901.")
  var id: String

  func validate() throws {
    guard ApprovalStore.isWellFormedID(id) else {
      throw ValidationError(GovernanceError.malformedApprovalID(id: id).description)
    }
  }

  /// What a decision needs: who decides, the key that signs, and the store.
  func open() throws -> (approver: String, key: OperatorKey, store: ApprovalStore) {
    let workspace = try workspaceOptions.resolve()
    let config = try workspace.loadConfig()
    let key = try workspace.loadOperatorKey()
    return (config.approver, key, ApprovalStore(database: try workspace.openDatabase()))
  }
}
