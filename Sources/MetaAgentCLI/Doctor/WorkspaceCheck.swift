import Foundation
import Governance

/// The workspace doctor found (or was pointed at): its config and environment,
/// the operator key's permissions, the state database, and the audit chain.
/// Each is required once a workspace exists, so each failure is a FAIL.
struct WorkspaceCheck: DoctorCheck {
  let name = "workspace"
  /// SQLite waits up to 30 s for a lock; doctor reports a locked database sooner.
  let timeoutSeconds = 20.0
  let workspace: Workspace

  func run() -> [DoctorFinding] {
    var findings: [DoctorFinding] = [.ok(name, workspace.root.path)]
    findings += configuration()
    findings.append(operatorKey())
    let (database, opened) = openDatabase()
    findings.append(opened)
    if let database { findings.append(auditChain(database)) }
    return findings
  }

  private func configuration() -> [DoctorFinding] {
    let config: WorkspaceConfig
    do {
      config = try workspace.loadConfig()
    } catch {
      return [
        .fail(
          "workspace-config", "\(error)",
          fix:
            "edit \(workspace.configURL.path) (keys: \(WorkspaceConfig.knownKeys.joined(separator: ", "))) "
            + "or restore it; if it is gone, `meta-agent init \(workspace.root.path)` writes a new "
            + "one and keeps everything else")
      ]
    }
    let policy = config.policy
    let yellow =
      switch policy.requirement(for: .yellow) {
      case .automatic: "Yellow steps are approved automatically (and recorded)"
      case .person, .none: "Yellow steps wait for a person"
      }
    return [
      .ok("workspace-config", "\(workspace.configURL.path): approver \(config.approver)"),
      .ok(
        "environment",
        "\(config.environment.rawValue): \(yellow); Red steps always wait for a person"),
    ]
  }

  /// The key must be private to its owner: 0600 in a 0700 directory. Both
  /// modes are looked at, so one run names every chmod to make.
  private func operatorKey() -> DoctorFinding {
    let check = "operator-key"
    let key = workspace.keyURL.path
    let directory = workspace.keysDirectory.path
    var info = stat()
    guard stat(key, &info) == 0 else {
      return .fail(
        check, GovernanceError.keyMissing(path: key).description,
        fix: "restore \(key) from a backup; approvals made with another key stay unverifiable")
    }
    var loose: [(what: String, fix: String)] = []
    let keyMode = info.st_mode & 0o777
    if keyMode & 0o077 != 0 {
      loose.append(("\(key) has mode \(octal(keyMode)), not 0600", "chmod 600 \(key)"))
    }
    var dirInfo = stat()
    if stat(directory, &dirInfo) == 0, dirInfo.st_mode & 0o077 != 0 {
      loose.append(
        (
          "\(directory) has mode \(octal(dirInfo.st_mode & 0o777)), not 0700",
          "chmod 700 \(directory)"
        ))
    }
    if !loose.isEmpty {
      return .fail(
        check,
        loose.map(\.what).joined(separator: "; ")
          + ": the operator key must be private to its owner",
        fix: loose.map(\.fix).joined(separator: " && "))
    }
    do {
      let loaded = try workspace.loadOperatorKey()
      return .ok(
        check,
        "\(key): mode 0600 in a 0700 directory, public key \(loaded.publicKeyHex.prefix(16))…")
    } catch {
      return .fail(
        check, "\(error)", fix: "restore \(key) from a backup (it must be yours, mode 0600)")
    }
  }

  private func openDatabase() -> (StateDatabase?, DoctorFinding) {
    do {
      let database = try workspace.openDatabase()
      return (database, .ok("database", "\(database.path) opens"))
    } catch {
      return (
        nil,
        .fail(
          "database", "\(error)",
          fix: "restore \(workspace.databaseURL.path) from a backup, or run `meta-agent init` in a "
            + "new directory (approvals and audit history start empty there)")
      )
    }
  }

  private func auditChain(_ database: StateDatabase) -> DoctorFinding {
    let check = "audit-chain"
    let verification: AuditVerification
    do {
      verification = try AuditLog(database: database).verify()
    } catch {
      return .fail(
        check, "the audit log cannot be read: \(error)",
        fix: "restore \(workspace.databaseURL.path) from a backup")
    }
    if let bad = verification.firstBad {
      return .fail(
        check, GovernanceError.auditChainBroken(seq: bad.seq, reason: bad.reason).description,
        fix: "the audit log was changed outside meta-agent: keep this database as evidence, "
          + "compare it with a backup (`meta-agent audit --json`), and restore the backup; "
          + "`meta-agent audit verify` checks again")
    }
    return .ok(
      check,
      "intact: \(verification.entryCount) entries, head \(verification.headHash?.prefix(16) ?? "-")…"
    )
  }

  private func octal(_ mode: mode_t) -> String {
    "0" + String(mode, radix: 8)
  }
}
