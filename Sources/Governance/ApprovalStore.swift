import Foundation
import GRDB

/// Where an approval request stands. Only `pending` can be decided, and only
/// `approved` can be executed, once.
public enum ApprovalState: String, Codable, Sendable, CaseIterable {
  case pending
  case approved
  case denied
  case expired
  case executed
}

/// Whether a person or the environment policy made a decision.
public enum DecisionMode: String, Codable, Sendable {
  case person
  case automatic
}

/// What the orchestrator asks to be approved.
public struct ApprovalRequest: Sendable {
  public var risk: RiskLevel
  /// A short verb phrase: "draft mcp_servers/kubectl_tools.py", "deploy kubectl_tools".
  public var action: String
  /// SHA-256 hex of exactly what will be executed (see `Digest.sha256(parts:)`).
  public var digest: String
  /// One line for the pending table.
  public var summary: String
  /// Everything a person must see to decide: the code or diff, the profile.
  public var details: String
  /// Why the action needs a decision; defaults to the policy's reason.
  public var reason: String?
  public var requester: String
  /// The run that waits on this request, if any.
  public var runID: String?
  public var lifetime: TimeInterval

  public init(
    risk: RiskLevel, action: String, digest: String, summary: String, details: String,
    reason: String? = nil, requester: String, runID: String? = nil,
    lifetime: TimeInterval = 24 * 3600
  ) {
    self.risk = risk
    self.action = action
    self.digest = digest
    self.summary = summary
    self.details = details
    self.reason = reason
    self.requester = requester
    self.runID = runID
    self.lifetime = lifetime
  }
}

/// A stored approval request and its decision.
public struct Approval: Sendable, Equatable, Codable {
  public let id: String
  public let risk: RiskLevel
  public let action: String
  public let digest: String
  public let summary: String
  public let details: String
  public let reason: String
  public let requester: String
  public let runID: String?
  public let createdAt: Date
  public let expiresAt: Date
  public let state: ApprovalState
  public let decidedBy: String?
  public let decidedAt: Date?
  public let decisionMode: DecisionMode?
  public let note: String?
  public let signature: Data?
  public let executedAt: Date?

  /// The exact command a person runs to approve it.
  public var approveCommand: String { "meta-agent approve \(id)" }

  // Millisecond forms, kept so the signature is checked over the stored values exactly.
  let decidedAtMillis: Int64?

  init(row: Row) throws {
    id = row["id"]
    guard let risk = RiskLevel(rawValue: row["risk"]),
      let state = ApprovalState(rawValue: row["state"])
    else {
      throw GovernanceError.databaseCorrupt(
        path: "approvals", reason: "approval \(row["id"] as String? ?? "?") has an unknown state")
    }
    self.risk = risk
    self.state = state
    action = row["action"]
    digest = row["digest"]
    summary = row["summary"]
    details = row["details"]
    reason = row["reason"]
    requester = row["requester"]
    runID = row["run_id"]
    createdAt = Timestamp.date(row["created_at"])
    expiresAt = Timestamp.date(row["expires_at"])
    decidedBy = row["decided_by"]
    decidedAtMillis = row["decided_at"]
    decidedAt = decidedAtMillis.map(Timestamp.date)
    decisionMode = (row["decision_mode"] as String?).flatMap(DecisionMode.init(rawValue:))
    note = row["note"]
    signature = row["signature"]
    executedAt = (row["executed_at"] as Int64?).map(Timestamp.date)
  }

  /// The bytes the operator key signs: every field that makes the decision what it is.
  static func signedMessage(
    id: String, action: String, digest: String, risk: RiskLevel, state: ApprovalState,
    decidedBy: String, decidedAt: Int64, mode: DecisionMode
  ) -> Data {
    var encoder = CanonicalEncoder(domain: "meta-agent approval v1")
    for field in [id, action, digest, risk.rawValue, state.rawValue, decidedBy] {
      encoder.append(field)
    }
    encoder.append(decidedAt)
    encoder.append(mode.rawValue)
    return encoder.bytes
  }

  /// Whether the stored signature is the operator key's over this decision as stored.
  public func hasValidSignature(_ key: OperatorKey) -> Bool {
    guard let signature, let decidedBy, let decidedAtMillis, let decisionMode else {
      return false
    }
    // An executed approval was signed while it was approved.
    let signedState: ApprovalState = state == .executed ? .approved : state
    let message = Self.signedMessage(
      id: id, action: action, digest: digest, risk: risk, state: signedState,
      decidedBy: decidedBy, decidedAt: decidedAtMillis, mode: decisionMode)
    return key.isValidSignature(signature, for: message)
  }
}

/// Approval requests in SQLite. Each decision is one IMMEDIATE transaction with a
/// conditional UPDATE (`WHERE state = 'pending'`), so of two racing approvers,
/// in one process or many, exactly one wins and the other is told it was
/// already decided. The decision's audit entry commits in the same transaction.
public struct ApprovalStore: Sendable {
  public let database: StateDatabase
  private let clock: @Sendable () -> Date

  public init(database: StateDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
    self.database = database
    self.clock = clock
  }

  static let idAlphabet = Array("abcdefghijklmnopqrstuvwxyz0123456789")

  /// 8 characters from the system CSPRNG: about 41 bits, too many to guess.
  static func newID() -> String {
    var generator = SystemRandomNumberGenerator()
    return String((0..<8).map { _ in idAlphabet.randomElement(using: &generator)! })
  }

  public static func isWellFormedID(_ id: String) -> Bool {
    id.count == 8 && id.allSatisfy { idAlphabet.contains($0) }
  }

  /// Records a pending request and its audit entry.
  public func request(_ request: ApprovalRequest) throws -> Approval {
    let now = Timestamp.millis(clock())
    let expires = now + Int64(request.lifetime * 1000)
    let reason =
      request.reason ?? EnvironmentPolicy(environment: .production).reason(for: request.risk)
    return try database.write { db in
      var id = Self.newID()
      while try Bool.fetchOne(db, sql: "SELECT 1 FROM approvals WHERE id = ?", arguments: [id])
        ?? false
      {
        id = Self.newID()
      }
      try db.execute(
        sql: """
          INSERT INTO approvals (id, risk, action, digest, summary, details, reason, requester,
            run_id, created_at, expires_at, state)
          VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')
          """,
        arguments: [
          id, request.risk.rawValue, request.action, request.digest, request.summary,
          request.details, reason, request.requester, request.runID, now, expires,
        ])
      try AuditLog.append(
        in: db, .approvalRequested, actor: request.requester, subject: id,
        details: [
          "risk": request.risk.rawValue, "action": request.action, "digest": request.digest,
          "expires": Timestamp.iso(expires),
        ], now: Timestamp.date(now))
      return try Self.fetch(db, id)
    }
  }

  /// One request, with an overdue pending one shown as expired.
  public func approval(id: String) throws -> Approval {
    try checkFormat(id)
    _ = try expireOverdue()
    return try database.read { db in try Self.fetch(db, id) }
  }

  /// Requests in the given states, oldest first; pending ones past their time become expired first.
  public func list(states: Set<ApprovalState> = [.pending]) throws -> [Approval] {
    _ = try expireOverdue()
    let names = states.map(\.rawValue).sorted()
    let marks = Array(repeating: "?", count: names.count).joined(separator: ", ")
    return try database.read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM approvals WHERE state IN (\(marks)) ORDER BY created_at, id",
        arguments: StatementArguments(names)
      ).map(Approval.init(row:))
    }
  }

  /// Marks pending requests past their expiry as expired; returns how many.
  @discardableResult
  public func expireOverdue() throws -> Int {
    let now = Timestamp.millis(clock())
    // Most calls find nothing overdue; a read avoids taking the write lock for them.
    let anyOverdue = try database.read { db in
      try Bool.fetchOne(
        db, sql: "SELECT 1 FROM approvals WHERE state = 'pending' AND expires_at <= ? LIMIT 1",
        arguments: [now]) ?? false
    }
    if !anyOverdue { return 0 }
    return try database.write { db in
      let ids = try String.fetchAll(
        db, sql: "SELECT id FROM approvals WHERE state = 'pending' AND expires_at <= ?",
        arguments: [now])
      for id in ids {
        try db.execute(
          sql: "UPDATE approvals SET state = 'expired' WHERE id = ? AND state = 'pending'",
          arguments: [id])
        try AuditLog.append(
          in: db, .approvalDecided, actor: "clock", subject: id, details: ["state": "expired"],
          now: Timestamp.date(now))
      }
      return ids.count
    }
  }

  /// A person approves; the decision is signed with the operator key.
  public func approve(id: String, by person: String, note: String? = nil, key: OperatorKey)
    throws -> Approval
  {
    try decide(id: id, state: .approved, by: person, mode: .person, note: note, key: key)
  }

  /// A person denies; the decision is signed too, so a denial cannot be forged into silence.
  public func deny(id: String, by person: String, reason: String? = nil, key: OperatorKey)
    throws -> Approval
  {
    try decide(id: id, state: .denied, by: person, mode: .person, note: reason, key: key)
  }

  /// The environment policy approves a request it may approve. Red is refused
  /// here as well as by the policy and by a CHECK constraint in the table.
  func approveAutomatically(id: String, policy: EnvironmentPolicy, key: OperatorKey) throws
    -> Approval
  {
    let current = try approval(id: id)
    guard current.risk != .red, policy.requirement(for: current.risk) == .automatic else {
      throw GovernanceError.redNeedsPerson(id: id)
    }
    return try decide(
      id: id, state: .approved, by: policy.automaticDecider, mode: .automatic,
      note: "auto-approved: \(current.risk.rawValue) in \(policy.environment.rawValue)", key: key)
  }

  private enum DecisionResult {
    case decided(Approval)
    case expired(Date)
    case refused(GovernanceError)
  }

  private func decide(
    id: String, state: ApprovalState, by decider: String, mode: DecisionMode, note: String?,
    key: OperatorKey
  ) throws -> Approval {
    try checkFormat(id)
    let now = Timestamp.millis(clock())
    // Expiring must commit even though the decision fails, so the transaction
    // returns the outcome and the error is thrown after it.
    let result: DecisionResult = try database.write { db in
      let current = try Self.fetch(db, id)
      if current.state == .pending, Timestamp.millis(current.expiresAt) <= now {
        try db.execute(
          sql: "UPDATE approvals SET state = 'expired' WHERE id = ? AND state = 'pending'",
          arguments: [id])
        try AuditLog.append(
          in: db, .approvalDecided, actor: "clock", subject: id, details: ["state": "expired"],
          now: Timestamp.date(now))
        return .expired(current.expiresAt)
      }
      guard current.state == .pending else {
        if current.state == .expired { return .expired(current.expiresAt) }
        return .refused(.alreadyDecided(id: id, state: current.state, by: current.decidedBy))
      }
      if current.risk == .red && mode == .automatic {
        return .refused(.redNeedsPerson(id: id))
      }
      let message = Approval.signedMessage(
        id: id, action: current.action, digest: current.digest, risk: current.risk,
        state: state, decidedBy: decider, decidedAt: now, mode: mode)
      let signature = try key.sign(message)
      try db.execute(
        sql: """
          UPDATE approvals
          SET state = ?, decided_by = ?, decided_at = ?, decision_mode = ?, note = ?, signature = ?
          WHERE id = ? AND state = 'pending'
          """,
        arguments: [state.rawValue, decider, now, mode.rawValue, note, signature, id])
      guard db.changesCount == 1 else {
        return .refused(.alreadyDecided(id: id, state: current.state, by: current.decidedBy))
      }
      var details = [
        "state": state.rawValue, "mode": mode.rawValue, "risk": current.risk.rawValue,
        "digest": current.digest,
      ]
      if let note { details["note"] = note }
      try AuditLog.append(
        in: db, .approvalDecided, actor: decider, subject: id, details: details,
        now: Timestamp.date(now))
      return .decided(try Self.fetch(db, id))
    }
    switch result {
    case .decided(let approval): return approval
    case .expired(let at): throw GovernanceError.approvalExpired(id: id, at: at)
    case .refused(let error): throw error
    }
  }

  /// Checks, without using it up, that `id` is an approval for exactly `digest`:
  /// approved, not expired, signed by `key`.
  public func verify(id: String, digest: String, key: OperatorKey) throws -> Approval {
    try checkFormat(id)
    let approval = try database.read { db in try Self.fetch(db, id) }
    try check(approval, digest: digest, key: key, now: Timestamp.millis(clock()))
    return approval
  }

  /// Called right before the approved action runs: verifies like `verify`, then
  /// marks the approval executed in the same transaction, so it is used once.
  public func authorize(id: String, digest: String, key: OperatorKey, actor: String = "agent")
    throws -> Approval
  {
    try checkFormat(id)
    let now = Timestamp.millis(clock())
    return try database.write { db in
      let approval = try Self.fetch(db, id)
      try check(approval, digest: digest, key: key, now: now)
      try db.execute(
        sql:
          "UPDATE approvals SET state = 'executed', executed_at = ? WHERE id = ? AND state = 'approved'",
        arguments: [now, id])
      guard db.changesCount == 1 else {
        throw GovernanceError.alreadyDecided(id: id, state: .executed, by: approval.decidedBy)
      }
      try AuditLog.append(
        in: db, .approvalExecuted, actor: actor, subject: id,
        details: ["action": approval.action, "digest": digest], now: Timestamp.date(now))
      return try Self.fetch(db, id)
    }
  }

  private func check(_ approval: Approval, digest: String, key: OperatorKey, now: Int64) throws {
    let id = approval.id
    switch approval.state {
    case .pending: throw GovernanceError.approvalPending(id: id)
    case .denied:
      throw GovernanceError.approvalDenied(id: id, by: approval.decidedBy, reason: approval.note)
    case .expired: throw GovernanceError.approvalExpired(id: id, at: approval.expiresAt)
    case .executed:
      throw GovernanceError.alreadyDecided(id: id, state: .executed, by: approval.decidedBy)
    case .approved: break
    }
    if Timestamp.millis(approval.expiresAt) <= now {
      throw GovernanceError.approvalExpired(id: id, at: approval.expiresAt)
    }
    guard approval.digest == digest else {
      throw GovernanceError.digestMismatch(id: id, approved: approval.digest, presented: digest)
    }
    guard approval.hasValidSignature(key) else { throw GovernanceError.invalidSignature(id: id) }
    if approval.risk == .red && approval.decisionMode != .person {
      throw GovernanceError.redNeedsPerson(id: id)
    }
  }

  private func checkFormat(_ id: String) throws {
    guard Self.isWellFormedID(id) else { throw GovernanceError.malformedApprovalID(id: id) }
  }

  static func fetch(_ db: Database, _ id: String) throws -> Approval {
    guard
      let row = try Row.fetchOne(db, sql: "SELECT * FROM approvals WHERE id = ?", arguments: [id])
    else { throw GovernanceError.unknownApproval(id: id) }
    return try Approval(row: row)
  }
}
