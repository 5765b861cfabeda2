import ArgumentParser
import Governance

struct ApproveCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approve",
    abstract: "Approve a pending request; the decision is signed with the operator key.",
    discussion: "Read it first: meta-agent approvals show ID.")

  @OptionGroup var decision: DecisionOptions

  @Option(help: "A note kept with the decision and in the audit log.")
  var note: String?

  func run() throws {
    try reportingFailures {
      let (approver, key, store) = try decision.open()
      let approval = try store.approve(id: decision.id, by: approver, note: note, key: key)
      print(
        "approved \(approval.id): \(approval.action) (\(approval.risk.rawValue.uppercased())) "
          + "by \(approver), signed with the operator key")
      if let run = approval.runID {
        print(
          "the waiting run continues on its own if it is still open; otherwise: meta-agent resume \(run)"
        )
      }
    }
  }
}
