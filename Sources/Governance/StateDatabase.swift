import Foundation
import GRDB

/// `.meta-agent/state.sqlite`: approvals, runs and the audit log in one SQLite
/// file in WAL mode, so every change is one transaction and a kill -9 at any
/// point leaves either the old or the new state. A missing, emptied or corrupt
/// file is reported, never silently re-created.
public struct StateDatabase: Sendable {
  public let path: String
  let pool: DatabasePool

  /// Opens an existing database; throws `databaseMissing` or `databaseCorrupt` instead of creating one.
  public static func open(at url: URL) throws -> StateDatabase {
    let path = url.path
    guard FileManager.default.fileExists(atPath: path) else {
      throw GovernanceError.databaseMissing(path: path)
    }
    try checkSchema(path: path)
    let pool: DatabasePool
    do {
      pool = try DatabasePool(path: path, configuration: configuration())
    } catch {
      throw mapError(error, path: path)
    }
    do {
      try migrator.migrate(pool)
    } catch {
      throw mapError(error, path: path)
    }
    return StateDatabase(path: path, pool: pool)
  }

  /// Looks at the file through a read-only connection first, so that an empty,
  /// foreign or damaged file is reported exactly as it is found, not converted.
  private static func checkSchema(path: String) throws {
    let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
    guard size > 0 else {
      throw GovernanceError.databaseCorrupt(path: path, reason: "the file is empty")
    }
    var config = Configuration()
    config.readonly = true
    config.busyMode = .timeout(30)
    do {
      let queue = try DatabaseQueue(path: path, configuration: config)
      let tables = try queue.read { db in
        Set(try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table'"))
      }
      try queue.close()
      guard tables.isSuperset(of: ["grdb_migrations", "approvals", "audit_log", "runs"]) else {
        throw GovernanceError.databaseCorrupt(
          path: path, reason: "it has no meta-agent tables; it was emptied or replaced")
      }
    } catch {
      throw mapError(error, path: path)
    }
  }

  /// Creates a new database at `url`, which must not exist. The schema is built in
  /// a side file and renamed into place, so a crash never leaves a half-made database.
  static func create(at url: URL) throws -> StateDatabase {
    let path = url.path
    let building = path + ".creating"
    for suffix in ["", "-wal", "-shm", "-journal"] {
      try? FileManager.default.removeItem(atPath: building + suffix)
    }
    do {
      let queue = try DatabaseQueue(path: building)
      try migrator.migrate(queue)
      try queue.close()
    } catch {
      throw mapError(error, path: building)
    }
    guard rename(building, path) == 0 else {
      throw GovernanceError.writeFailed(
        path: path, reason: "rename failed: \(String(cString: strerror(errno)))")
    }
    AtomicFile.syncDirectory(url.deletingLastPathComponent().path)
    return try open(at: url)
  }

  private static func configuration() -> Configuration {
    var config = Configuration()
    // Other processes (a second terminal approving) write too: wait for them, don't fail.
    config.busyMode = .timeout(30)
    config.prepareDatabase { db in
      // FULL also survives power loss, not only a killed process; approvals are rare writes.
      try db.execute(sql: "PRAGMA synchronous = FULL")
    }
    return config
  }

  public func read<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try pool.read(body)
    } catch {
      throw Self.mapError(error, path: path)
    }
  }

  /// One IMMEDIATE transaction: writers from all processes are serialized.
  public func write<T>(_ body: (Database) throws -> T) throws -> T {
    do {
      return try pool.write(body)
    } catch {
      throw Self.mapError(error, path: path)
    }
  }

  /// SQLite's own check of every page and index; `["ok"]` when sound.
  public func integrityCheck() throws -> [String] {
    try read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
  }

  static func mapError(_ error: any Error, path: String) -> GovernanceError {
    if let error = error as? GovernanceError { return error }
    if let error = error as? DatabaseError {
      switch error.resultCode {
      case .SQLITE_CORRUPT, .SQLITE_NOTADB:
        return .databaseCorrupt(path: path, reason: error.message ?? "\(error.resultCode)")
      case .SQLITE_CANTOPEN:
        return .database(path: path, reason: "cannot open: \(error.message ?? "")")
      default:
        return .database(path: path, reason: error.message ?? "\(error)")
      }
    }
    return .database(path: path, reason: "\(error)")
  }

  static var migrator: DatabaseMigrator {
    var migrator = DatabaseMigrator()
    migrator.registerMigration("v1") { db in
      try db.execute(
        sql: """
          CREATE TABLE approvals (
            id TEXT PRIMARY KEY NOT NULL CHECK (length(id) = 8),
            risk TEXT NOT NULL CHECK (risk IN ('green', 'yellow', 'red')),
            action TEXT NOT NULL,
            digest TEXT NOT NULL,
            summary TEXT NOT NULL,
            details TEXT NOT NULL,
            reason TEXT NOT NULL,
            requester TEXT NOT NULL,
            run_id TEXT,
            created_at INTEGER NOT NULL,
            expires_at INTEGER NOT NULL,
            state TEXT NOT NULL
              CHECK (state IN ('pending', 'approved', 'denied', 'expired', 'executed')),
            decided_by TEXT,
            decided_at INTEGER,
            decision_mode TEXT CHECK (decision_mode IN ('person', 'automatic')),
            note TEXT,
            signature BLOB,
            executed_at INTEGER,
            -- The last line of defence: no code path may store an automatic Red decision.
            CHECK (NOT (risk = 'red' AND decision_mode = 'automatic'))
          );
          CREATE INDEX approvals_by_state ON approvals(state, created_at);

          CREATE TABLE audit_log (
            seq INTEGER PRIMARY KEY NOT NULL,
            time TEXT NOT NULL,
            kind TEXT NOT NULL,
            actor TEXT NOT NULL,
            subject TEXT NOT NULL,
            details TEXT NOT NULL,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
          );
          CREATE INDEX audit_by_kind ON audit_log(kind, seq);
          -- Append-only: editing or deleting takes dropping these first, and verify still notices.
          CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
            BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
          -- The newest entry, so that dropping entries at the end is noticed too.
          CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            seq INTEGER NOT NULL,
            hash TEXT NOT NULL
          );

          CREATE TABLE runs (
            id TEXT PRIMARY KEY NOT NULL,
            request TEXT NOT NULL,
            step TEXT NOT NULL,
            state TEXT NOT NULL,
            waiting_for TEXT,
            context TEXT NOT NULL,
            version INTEGER NOT NULL,
            created_at INTEGER NOT NULL,
            updated_at INTEGER NOT NULL
          );
          CREATE INDEX runs_by_update ON runs(updated_at);
          """)
    }
    return migrator
  }
}
