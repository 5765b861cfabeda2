import Foundation

/// Everything that can go wrong in governance, as values; the CLI renders each
/// one as a single line that names the thing, what went wrong and what to do.
public enum GovernanceError: Error, Equatable, Sendable {
  /// No `.meta-agent/` directory at or above the searched directory.
  case workspaceNotFound(searchedFrom: String)
  /// `--workspace` or `META_AGENT_WORKSPACE` names a directory that is not a workspace.
  case notAWorkspace(path: String, source: String)
  /// The workspace exists but its state database is gone.
  case databaseMissing(path: String)
  /// The state database cannot be read as a meta-agent database.
  case databaseCorrupt(path: String, reason: String)
  /// The operator key is missing from an initialized workspace.
  case keyMissing(path: String)
  /// The operator key (or its directory) is readable or writable by others.
  case keyPermissionsTooOpen(path: String, mode: Int, fix: String)
  /// The operator key file does not hold an Ed25519 private key.
  case keyUnreadable(path: String, reason: String)
  /// config.yaml cannot be used as it is.
  case invalidConfig(path: String, reason: String)
  /// A file could not be written.
  case writeFailed(path: String, reason: String)
  /// No approval request with this ID.
  case unknownApproval(id: String)
  /// The ID is not 8 lowercase letters or digits.
  case malformedApprovalID(id: String)
  /// Someone decided first; the state says what they decided.
  case alreadyDecided(id: String, state: ApprovalState, by: String?)
  /// The request expired before anyone decided.
  case approvalExpired(id: String, at: Date)
  /// The request is still waiting for a person.
  case approvalPending(id: String)
  /// A person denied it.
  case approvalDenied(id: String, by: String?, reason: String?)
  /// What is about to run is not what was approved.
  case digestMismatch(id: String, approved: String, presented: String)
  /// The stored decision was not signed by this workspace's operator key.
  case invalidSignature(id: String)
  /// Red actions need a person, in every environment; nothing may auto-approve them.
  case redNeedsPerson(id: String)
  /// No run with this ID.
  case unknownRun(id: String)
  /// Another process moved the run on since it was loaded.
  case runChangedConcurrently(id: String)
  /// The audit chain is broken; `seq` is the first bad entry.
  case auditChainBroken(seq: Int64, reason: String)
  /// A database operation failed for a reason other than corruption.
  case database(path: String, reason: String)
}

extension GovernanceError: CustomStringConvertible, LocalizedError {
  public var description: String {
    switch self {
    case .workspaceNotFound(let dir):
      return "no meta-agent workspace at or above \(dir): run `meta-agent init` there, "
        + "or pass --workspace DIR (or set META_AGENT_WORKSPACE)"
    case .notAWorkspace(let path, let source):
      return "\(path) (from \(source)) is not a meta-agent workspace: it has no .meta-agent/ "
        + "directory; run `meta-agent init \(path)` or point \(source) at a workspace"
    case .databaseMissing(let path):
      return "state database \(path) is missing: restore it from a backup, "
        + "or run `meta-agent init` in a new directory (approvals and audit history start empty there)"
    case .databaseCorrupt(let path, let reason):
      return "state database \(path) is unreadable (\(reason)): restore it from a backup, "
        + "or run `meta-agent init` in a new directory; nothing was changed"
    case .keyMissing(let path):
      return "operator key \(path) is missing: restore it from a backup; "
        + "approvals cannot be signed or verified without it"
    case .keyPermissionsTooOpen(let path, let mode, let fix):
      return "operator key \(path) has loose permissions (mode \(String(mode, radix: 8))): "
        + "it must be private to its owner; run `\(fix)`"
    case .keyUnreadable(let path, let reason):
      return "operator key \(path) is unusable (\(reason)): restore it from a backup"
    case .invalidConfig(let path, let reason):
      return
        "config \(path): \(reason); fix the file (it holds `environment: dev|staging|production` "
        + "and `approver: NAME`)"
    case .writeFailed(let path, let reason):
      return "could not write \(path): \(reason); check that its directory exists, is writable "
        + "and the disk is not full, then try again"
    case .unknownApproval(let id):
      return "no approval request with ID \(id): run `meta-agent approvals` to list pending ones"
    case .malformedApprovalID(let id):
      return "'\(id)' is not an approval ID (8 lowercase letters or digits, like xyz78901): "
        + "run `meta-agent approvals` to list them"
    case .alreadyDecided(let id, let state, let by):
      let who = by.map { " by \($0)" } ?? ""
      return "approval \(id) was already decided: it is \(state.rawValue)\(who); nothing changed; "
        + "read it with `meta-agent approvals show \(id)`"
    case .approvalExpired(let id, let at):
      return "approval \(id) expired at \(Timestamp.display(at)) without a decision: "
        + "run the request again to ask anew"
    case .approvalPending(let id):
      return "approval \(id) is still waiting for a person: run `meta-agent approve \(id)`"
    case .approvalDenied(let id, let by, let reason):
      let who = by.map { " by \($0)" } ?? ""
      let why = reason.map { ": \($0)" } ?? ""
      return "approval \(id) was denied\(who)\(why); it will not run: change the request and "
        + "run it again to ask anew"
    case .digestMismatch(let id, let approved, let presented):
      return "approval \(id) does not cover this action: approved digest \(approved.prefix(12))…, "
        + "about to run \(presented.prefix(12))…; what changed needs a new approval"
    case .invalidSignature(let id):
      return "approval \(id) has no valid operator signature: the decision was not made "
        + "with this workspace's key or the record was edited; ask for a new approval"
    case .redNeedsPerson(let id):
      return "approval \(id) is Red: only a person can approve it, in every environment; "
        + "read it with `meta-agent approvals show \(id)`, then run `meta-agent approve \(id)`"
    case .unknownRun(let id):
      return "no run with ID \(id) in this workspace: check the ID `meta-agent run` printed "
        + "(and --workspace), or start a new one with `meta-agent run`"
    case .runChangedConcurrently(let id):
      return "run \(id) was moved on by another process: load it again before continuing"
    case .auditChainBroken(let seq, let reason):
      return "audit log broken at entry \(seq): \(reason); entries from \(seq) on cannot be "
        + "trusted: read them with `meta-agent audit list` and restore the state database from a backup"
    case .database(let path, let reason):
      return "state database \(path): \(reason); check the file's permissions and the free disk "
        + "space, then try again"
    }
  }

  public var errorDescription: String? { description }
}
