import Foundation
import GRDB

/// Where a run stands.
public enum RunState: String, Codable, Sendable, CaseIterable {
  case running
  /// Stopped at an approval; `waitingFor` holds its ID.
  case waitingForApproval = "waiting_for_approval"
  case waitingForCredentials = "waiting_for_credentials"
  case done
  case denied
  case failed
}

/// A persisted run of the orchestrator: the request, the step it reached and a
/// JSON context the orchestrator owns. `version` increases with every save, so
/// two processes resuming the same run cannot both move it on.
public struct Run: Sendable, Equatable {
  public let id: String
  public let request: String
  public var step: String
  public var state: RunState
  public var waitingFor: String?
  /// JSON the orchestrator defines (the classification, tool digests, ...).
  public var context: Data
  public internal(set) var version: Int64
  public let createdAt: Date
  public internal(set) var updatedAt: Date

  init(row: Row) {
    id = row["id"]
    request = row["request"]
    step = row["step"]
    state = RunState(rawValue: row["state"]) ?? .failed
    waitingFor = row["waiting_for"]
    context = Data((row["context"] as String).utf8)
    version = row["version"]
    createdAt = Timestamp.date(row["created_at"])
    updatedAt = Timestamp.date(row["updated_at"])
  }

  /// The context decoded as the orchestrator's type.
  public func decodeContext<T: Decodable>(_ type: T.Type) throws -> T {
    try JSONDecoder().decode(type, from: context)
  }

  public mutating func encodeContext<T: Encodable>(_ value: T) throws {
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    context = try encoder.encode(value)
  }
}

/// The `runs` table. Saving is compare-and-set on `version`.
public struct RunStore: Sendable {
  public let database: StateDatabase
  private let clock: @Sendable () -> Date

  public init(database: StateDatabase, clock: @escaping @Sendable () -> Date = { Date() }) {
    self.database = database
    self.clock = clock
  }

  /// Starts a run at `step` with an empty context and records it in the audit log.
  public func create(request: String, step: String, actor: String = "agent") throws -> Run {
    let now = Timestamp.millis(clock())
    return try database.write { db in
      var id = ApprovalStore.newID()
      while try Bool.fetchOne(db, sql: "SELECT 1 FROM runs WHERE id = ?", arguments: [id]) ?? false
      {
        id = ApprovalStore.newID()
      }
      try db.execute(
        sql: """
          INSERT INTO runs (id, request, step, state, context, version, created_at, updated_at)
          VALUES (?, ?, ?, 'running', '{}', 1, ?, ?)
          """,
        arguments: [id, request, step, now, now])
      try AuditLog.append(
        in: db, .run, actor: actor, subject: id, details: ["request": request, "step": step],
        now: Timestamp.date(now))
      return try Self.fetch(db, id)
    }
  }

  public func load(id: String) throws -> Run {
    try database.read { db in try Self.fetch(db, id) }
  }

  /// Most recently updated first.
  public func list(limit: Int = 50) throws -> [Run] {
    try database.read { db in
      try Row.fetchAll(
        db, sql: "SELECT * FROM runs ORDER BY updated_at DESC, id LIMIT ?", arguments: [limit]
      ).map(Run.init(row:))
    }
  }

  /// Saves `run` if nobody saved it since it was loaded; returns it with the new version.
  /// Step changes are audited, so the log shows how each run progressed.
  public func save(_ run: Run, actor: String = "agent") throws -> Run {
    let now = Timestamp.millis(clock())
    return try database.write { db in
      let before = try Self.fetch(db, run.id)
      try db.execute(
        sql: """
          UPDATE runs SET step = ?, state = ?, waiting_for = ?, context = ?, version = version + 1,
            updated_at = ?
          WHERE id = ? AND version = ?
          """,
        arguments: [
          run.step, run.state.rawValue, run.waitingFor,
          String(decoding: run.context, as: UTF8.self),
          now, run.id, run.version,
        ])
      guard db.changesCount == 1 else { throw GovernanceError.runChangedConcurrently(id: run.id) }
      if before.step != run.step || before.state != run.state {
        var details = ["step": run.step, "state": run.state.rawValue]
        if let waitingFor = run.waitingFor { details["waiting_for"] = waitingFor }
        try AuditLog.append(
          in: db, .run, actor: actor, subject: run.id, details: details, now: Timestamp.date(now))
      }
      return try Self.fetch(db, run.id)
    }
  }

  static func fetch(_ db: Database, _ id: String) throws -> Run {
    guard let row = try Row.fetchOne(db, sql: "SELECT * FROM runs WHERE id = ?", arguments: [id])
    else { throw GovernanceError.unknownRun(id: id) }
    return Run(row: row)
  }
}
