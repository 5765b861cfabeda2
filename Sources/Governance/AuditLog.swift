import Foundation
import GRDB

/// What an audit entry records.
public enum AuditKind: String, Codable, Sendable, CaseIterable {
  case workspace
  case classification
  case approvalRequested = "approval_requested"
  case approvalDecided = "approval_decided"
  case approvalExecuted = "approval_executed"
  case deployment
  case toolCall = "tool_call"
  case refusedAction = "refused_action"
  case gatewayRequest = "gateway_request"
  case run
}

/// One line of the audit log. `hash` covers every other field, `prevHash`
/// included, so each entry vouches for all before it.
public struct AuditEntry: Sendable, Equatable, Codable {
  public let seq: Int64
  /// ISO 8601, UTC, milliseconds.
  public let time: String
  public let kind: String
  public let actor: String
  public let subject: String
  /// A JSON object with sorted keys, exactly as hashed.
  public let details: String
  public let prevHash: String
  public let hash: String

  static let genesisHash = String(repeating: "0", count: 64)

  static func computeHash(
    seq: Int64, time: String, kind: String, actor: String, subject: String, details: String,
    prevHash: String
  ) -> String {
    var encoder = CanonicalEncoder(domain: "meta-agent audit v1")
    encoder.append(seq)
    for field in [time, kind, actor, subject, details, prevHash] { encoder.append(field) }
    return Digest.sha256(encoder.bytes)
  }

  var recomputedHash: String {
    Self.computeHash(
      seq: seq, time: time, kind: kind, actor: actor, subject: subject, details: details,
      prevHash: prevHash)
  }

  init(row: Row) {
    seq = row["seq"]
    time = row["time"]
    kind = row["kind"]
    actor = row["actor"]
    subject = row["subject"]
    details = row["details"]
    prevHash = row["prev_hash"]
    hash = row["hash"]
  }

  init(
    seq: Int64, time: String, kind: String, actor: String, subject: String, details: String,
    prevHash: String, hash: String
  ) {
    self.seq = seq
    self.time = time
    self.kind = kind
    self.actor = actor
    self.subject = subject
    self.details = details
    self.prevHash = prevHash
    self.hash = hash
  }

  /// The details decoded back into a dictionary, for display.
  public var detailFields: [String: String] {
    (try? JSONDecoder().decode([String: String].self, from: Data(details.utf8))) ?? [:]
  }
}

/// The result of walking the chain.
public struct AuditVerification: Sendable, Equatable {
  public let entryCount: Int
  /// Hash of the newest entry, nil for an empty log.
  public let headHash: String?
  /// The first entry that does not fit the chain, with why; nil when intact.
  public let firstBad: (seq: Int64, reason: String)?

  public var isIntact: Bool { firstBad == nil }

  public static func == (lhs: AuditVerification, rhs: AuditVerification) -> Bool {
    lhs.entryCount == rhs.entryCount && lhs.headHash == rhs.headHash
      && lhs.firstBad?.seq == rhs.firstBad?.seq && lhs.firstBad?.reason == rhs.firstBad?.reason
  }
}

/// Filters for reading the log.
public struct AuditQuery: Sendable {
  public var kind: AuditKind?
  public var since: Date?
  public var subject: String?
  /// The newest `limit` entries (still returned oldest first).
  public var limit: Int?

  public init(kind: AuditKind? = nil, since: Date? = nil, subject: String? = nil, limit: Int? = nil)
  {
    self.kind = kind
    self.since = since
    self.subject = subject
    self.limit = limit
  }
}

/// The append-only, hash-chained audit log. Appends run inside one IMMEDIATE
/// transaction that reads the head and writes the entry, so writers in any
/// number of processes keep one valid chain.
public struct AuditLog: Sendable {
  public let database: StateDatabase

  public init(database: StateDatabase) {
    self.database = database
  }

  @discardableResult
  public func append(
    _ kind: AuditKind, actor: String, subject: String, details: [String: String] = [:]
  ) throws -> AuditEntry {
    try database.write { db in
      try Self.append(in: db, kind, actor: actor, subject: subject, details: details)
    }
  }

  /// A tool call: the arguments are recorded by digest only, since they may hold data.
  @discardableResult
  public func recordToolCall(
    tool: String, arguments: Data, outcome: String, actor: String = "agent"
  ) throws -> AuditEntry {
    try append(
      .toolCall, actor: actor, subject: tool,
      details: ["arguments_sha256": Digest.sha256(arguments), "outcome": outcome])
  }

  /// Appends within a transaction the caller already holds, so that a decision
  /// and its audit entry commit together or not at all.
  @discardableResult
  static func append(
    in db: Database, _ kind: AuditKind, actor: String, subject: String,
    details: [String: String], now: Date = Date()
  ) throws -> AuditEntry {
    let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
    let seq: Int64 = (head?["seq"] ?? 0) + 1
    let prevHash: String = head?["hash"] ?? AuditEntry.genesisHash
    let time = Timestamp.iso(Timestamp.millis(now))
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
    let detailsJSON = String(decoding: try encoder.encode(details), as: UTF8.self)
    let hash = AuditEntry.computeHash(
      seq: seq, time: time, kind: kind.rawValue, actor: actor, subject: subject,
      details: detailsJSON, prevHash: prevHash)
    try db.execute(
      sql: """
        INSERT INTO audit_log (seq, time, kind, actor, subject, details, prev_hash, hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """,
      arguments: [seq, time, kind.rawValue, actor, subject, detailsJSON, prevHash, hash])
    try db.execute(
      sql: "INSERT OR REPLACE INTO audit_head (id, seq, hash) VALUES (1, ?, ?)",
      arguments: [seq, hash])
    return AuditEntry(
      seq: seq, time: time, kind: kind.rawValue, actor: actor, subject: subject,
      details: detailsJSON, prevHash: prevHash, hash: hash)
  }

  public func entries(_ query: AuditQuery = AuditQuery()) throws -> [AuditEntry] {
    var clauses: [String] = []
    var arguments: StatementArguments = []
    if let kind = query.kind {
      clauses.append("kind = ?")
      arguments += [kind.rawValue]
    }
    if let since = query.since {
      clauses.append("time >= ?")
      arguments += [Timestamp.iso(Timestamp.millis(since))]
    }
    if let subject = query.subject {
      clauses.append("subject = ?")
      arguments += [subject]
    }
    let filter = clauses.isEmpty ? "" : "WHERE " + clauses.joined(separator: " AND ")
    let limit = query.limit.map { " LIMIT \(max(0, $0))" } ?? ""
    let sql = "SELECT * FROM audit_log \(filter) ORDER BY seq DESC\(limit)"
    return try database.read { db in
      try Row.fetchAll(db, sql: sql, arguments: arguments).map(AuditEntry.init(row:)).reversed()
    }
  }

  /// Walks the whole chain in one snapshot and names the first entry that is
  /// edited, missing or out of place; also notices entries dropped from the end.
  public func verify() throws -> AuditVerification {
    try database.read { db in
      var expectedSeq: Int64 = 1
      var prevHash = AuditEntry.genesisHash
      var count = 0
      let cursor = try Row.fetchCursor(db, sql: "SELECT * FROM audit_log ORDER BY seq")
      while let row = try cursor.next() {
        let entry = AuditEntry(row: row)
        if entry.seq != expectedSeq {
          return AuditVerification(
            entryCount: count, headHash: nil,
            firstBad: (
              expectedSeq,
              "entry \(expectedSeq) is missing (the next entry is \(entry.seq)): it was dropped"
            ))
        }
        if entry.prevHash != prevHash {
          return AuditVerification(
            entryCount: count, headHash: nil,
            firstBad: (
              entry.seq,
              "it does not follow entry \(entry.seq - 1) (prev_hash differs): "
                + "an entry was edited, dropped or moved here"
            ))
        }
        if entry.recomputedHash != entry.hash {
          return AuditVerification(
            entryCount: count, headHash: nil,
            firstBad: (entry.seq, "its content does not match its hash: it was edited or moved"))
        }
        prevHash = entry.hash
        expectedSeq += 1
        count += 1
      }
      let last = expectedSeq - 1
      let head = try Row.fetchOne(db, sql: "SELECT seq, hash FROM audit_head WHERE id = 1")
      let headSeq: Int64 = head?["seq"] ?? 0
      let headHash: String? = head?["hash"]
      if headSeq > last {
        return AuditVerification(
          entryCount: count, headHash: nil,
          firstBad: (
            last + 1,
            "entries \(last + 1) to \(headSeq) are missing: they were dropped from the end"
          ))
      }
      if headSeq < last || (last > 0 && headHash != prevHash) {
        return AuditVerification(
          entryCount: count, headHash: nil,
          firstBad: (
            max(headSeq, 1),
            "the recorded head (entry \(headSeq)) does not match the newest entry \(last)"
          ))
      }
      return AuditVerification(
        entryCount: count, headHash: last > 0 ? prevHash : nil, firstBad: nil)
    }
  }
}
