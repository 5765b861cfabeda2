import ArgumentParser
import Governance

struct DenyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "deny", abstract: "Deny a pending request; the decision is signed and audited.")

  @OptionGroup var decision: DecisionOptions

  @Option(help: "Why, kept with the decision and shown to whoever asked.")
  var reason: String?

  func run() throws {
    try reportingFailures {
      let (approver, key, store) = try decision.open()
      let approval = try store.deny(id: decision.id, by: approver, reason: reason, key: key)
      print("denied \(approval.id): \(approval.action) by \(approver); it will not run")
    }
  }
}
