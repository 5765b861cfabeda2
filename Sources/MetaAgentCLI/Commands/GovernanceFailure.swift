import ArgumentParser
import Foundation
import Governance

extension GovernanceError {
  /// The documented exit code for this failure (docs/governance.md).
  var exitCode: ExitCode {
    switch self {
    case .approvalPending: .waitingForApproval
    case .approvalDenied: .denied
    case .malformedApprovalID: .usage
    default: .error
    }
  }
}

extension ApprovalOutcome {
  /// How a command that stops at an approval exits: 0 to go on, 3 waiting, 4 denied.
  var exitCode: ExitCode {
    switch self {
    case .notRequired, .approved: .success
    case .waiting: .waitingForApproval
    case .denied: .denied
    }
  }

  /// The line a command prints when it stops at this outcome; nil when it goes on.
  var stopMessage: String? {
    switch self {
    case .notRequired, .approved: nil
    case .waiting(let approval):
      "waiting for approval \(approval.id) (\(approval.risk.rawValue.uppercased()): "
        + "\(approval.action)); read it with `meta-agent approvals show \(approval.id)`, "
        + "approve with `\(approval.approveCommand)`"
    case .denied(let approval):
      "approval \(approval.id) was denied by \(approval.decidedBy ?? "?")"
        + (approval.note.map { ": \($0)" } ?? "") + "; \(approval.action) will not run"
    }
  }
}

/// Runs a command body and renders a `GovernanceError` as one line on stderr
/// with its documented exit code, never a trace.
func reportingFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as GovernanceError {
    printError(error.description)
    throw error.exitCode
  }
}

/// JSON for `--json` output: sorted keys and ISO 8601 dates, so it diffs and parses well.
func jsonText<T: Encodable>(_ value: T) throws -> String {
  let encoder = JSONEncoder()
  encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
  encoder.dateEncodingStrategy = .iso8601
  return String(decoding: try encoder.encode(value), as: UTF8.self)
}
