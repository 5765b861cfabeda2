import ArgumentParser
import Foundation
import Governance

struct ApprovalsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "approvals",
    abstract: "List approval requests, or show one in full.",
    subcommands: [List.self, Show.self],
    defaultSubcommand: List.self)

  struct List: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "list", abstract: "Pending approval requests as a table (the default).")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Flag(help: "Print JSON instead of a table.")
    var json = false

    @Flag(help: "Include decided, expired and executed requests.")
    var all = false

    func run() throws {
      try reportingFailures {
        let store = ApprovalStore(database: try workspaceOptions.resolve().openDatabase())
        let approvals = try store.list(states: all ? Set(ApprovalState.allCases) : [.pending])
        if json {
          print(try jsonText(approvals.map(ApprovalSummary.init)))
          return
        }
        if approvals.isEmpty {
          print(all ? "no approval requests" : "no approvals pending")
          return
        }
        let rows = approvals.map { approval in
          [
            approval.id, approval.risk.rawValue.uppercased(), approval.state.rawValue,
            approval.action, approval.requester, Self.remaining(until: approval.expiresAt),
            approval.summary,
          ]
        }
        print(
          Self.table(
            header: ["ID", "RISK", "STATE", "ACTION", "REQUESTER", "EXPIRES", "SUMMARY"], rows: rows
          ))
        if !all, let first = approvals.first {
          print("\nshow one: meta-agent approvals show \(first.id)")
        }
      }
    }

    static func remaining(until date: Date) -> String {
      let seconds = Int(date.timeIntervalSinceNow)
      if seconds <= 0 { return "expired" }
      if seconds < 3600 { return "in \(seconds / 60)m" }
      return "in \(seconds / 3600)h\(seconds % 3600 / 60)m"
    }

    static func table(header: [String], rows: [[String]]) -> String {
      let all = [header] + rows
      let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
      return all.map { row in
        row.enumerated().map { index, cell in
          index == row.count - 1
            ? cell : cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
        }.joined(separator: "  ")
      }.joined(separator: "\n")
    }
  }

  struct Show: ParsableCommand {
    static let configuration = CommandConfiguration(
      commandName: "show", abstract: "What exactly will happen: the details, the risk and why.")

    @OptionGroup var workspaceOptions: WorkspaceOptions

    @Argument(help: "The approval ID, like xyz78901.")
    var id: String

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
      guard ApprovalStore.isWellFormedID(id) else {
        throw ValidationError(GovernanceError.malformedApprovalID(id: id).description)
      }
    }

    func run() throws {
      try reportingFailures {
        let workspace = try workspaceOptions.resolve()
        let approval = try ApprovalStore(database: try workspace.openDatabase()).approval(id: id)
        // Showing must work even when the key is unusable; the signature line says so.
        let signature = Self.signatureStatus(approval, key: try? workspace.loadOperatorKey())
        if json {
          print(try jsonText(ApprovalDetail(approval, signature: signature)))
        } else {
          print(Self.describe(approval, signature: signature))
        }
      }
    }

    static func signatureStatus(_ approval: Approval, key: OperatorKey?) -> String? {
      guard approval.decidedBy != nil else { return nil }
      guard let key else { return "not checked: the operator key is unavailable" }
      return approval.hasValidSignature(key)
        ? "valid (operator key)" : "INVALID: not signed by this workspace's key, or edited"
    }

    static func describe(_ approval: Approval, signature: String?) -> String {
      var lines = [
        "approval  \(approval.id)",
        "state     \(approval.state.rawValue)",
        "risk      \(approval.risk.rawValue.uppercased())",
        "why       \(approval.reason)",
        "action    \(approval.action)",
        "summary   \(approval.summary)",
        "requester \(approval.requester)",
        "created   \(approval.createdAt.formatted(.iso8601))",
        "expires   \(approval.expiresAt.formatted(.iso8601))",
        "digest    sha256:\(approval.digest)",
      ]
      if let run = approval.runID { lines.append("run       \(run)") }
      if let decidedBy = approval.decidedBy {
        let mode = approval.decisionMode == .automatic ? " (automatic, by policy)" : ""
        let when = approval.decidedAt.map { " at \($0.formatted(.iso8601))" } ?? ""
        lines.append("decided   \(approval.state.rawValue) by \(decidedBy)\(mode)\(when)")
      }
      if let note = approval.note { lines.append("note      \(note)") }
      if let signature { lines.append("signature \(signature)") }
      lines.append("")
      lines.append("── what will happen ──")
      lines.append(approval.details)
      if approval.state == .pending {
        lines.append("")
        lines.append("approve: meta-agent approve \(approval.id) [--note TEXT]")
        lines.append("deny:    meta-agent deny \(approval.id) [--reason TEXT]")
      }
      return lines.joined(separator: "\n")
    }
  }
}

/// One row of `approvals --json`.
struct ApprovalSummary: Encodable {
  let id: String
  let risk: String
  let state: String
  let action: String
  let summary: String
  let requester: String
  let digest: String
  let created: Date
  let expires: Date
  let decidedBy: String?
  let approveCommand: String

  init(_ approval: Approval) {
    id = approval.id
    risk = approval.risk.rawValue
    state = approval.state.rawValue
    action = approval.action
    summary = approval.summary
    requester = approval.requester
    digest = approval.digest
    created = approval.createdAt
    expires = approval.expiresAt
    decidedBy = approval.decidedBy
    approveCommand = approval.approveCommand
  }
}

/// `approvals show ID --json`: the summary plus what a person needs to decide.
struct ApprovalDetail: Encodable {
  let approval: ApprovalSummary
  let reason: String
  let details: String
  let runID: String?
  let decisionMode: String?
  let decidedAt: Date?
  let note: String?
  let signature: String?

  init(_ approval: Approval, signature: String?) {
    self.approval = ApprovalSummary(approval)
    self.signature = signature
    reason = approval.reason
    details = approval.details
    runID = approval.runID
    decisionMode = approval.decisionMode?.rawValue
    decidedAt = approval.decidedAt
    note = approval.note
  }
}
