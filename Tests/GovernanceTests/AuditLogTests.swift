import Foundation
import GRDB
import Testing

@testable import Governance

/// Appends `count` entries of assorted kinds and returns the log.
private func filledLog(_ workspace: Workspace, count: Int) throws -> AuditLog {
  let log = AuditLog(database: try workspace.openDatabase())
  for index in 0..<count {
    switch index % 4 {
    case 0:
      try log.append(
        .classification, actor: "agent", subject: "run\(index)",
        details: ["intent": "diagnosis", "matched": "crashing, logs"])
    case 1:
      try log.recordToolCall(
        tool: "kubectl_get_pods", arguments: Data("{\"ns\":\"a\"}".utf8), outcome: "ok")
    case 2:
      try log.append(.refusedAction, actor: "agent", subject: "kubectl delete pod x")
    default:
      try log.append(.gatewayRequest, actor: "gateway", subject: "GET /api/v1/pods")
    }
  }
  return log
}

/// Drops the append-only triggers, as someone editing the file by hand would.
private func unlock(_ workspace: Workspace) throws {
  try tamper(workspace, "DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete")
}

@Suite("Audit log: append-only hash chain")
struct AuditLogTests {
  @Test("each entry carries the hash of the one before, and an intact log verifies")
  func chainVerifies() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 20)
      let entries = try log.entries()
      // Entry 1 is init's own record.
      #expect(entries.count == 21)
      for (previous, entry) in zip(entries, entries.dropFirst()) {
        #expect(entry.prevHash == previous.hash)
        #expect(entry.seq == previous.seq + 1)
      }
      let result = try log.verify()
      #expect(result.isIntact)
      #expect(result.entryCount == 21)
      #expect(result.headHash == entries.last?.hash)
    }
  }

  @Test("a tool call records the tool, a digest of the arguments and the outcome")
  func toolCallRecordsDigest() async throws {
    try await withWorkspace { workspace in
      let log = AuditLog(database: try workspace.openDatabase())
      let arguments = Data("{\"namespace\":\"prod\"}".utf8)
      let entry = try log.recordToolCall(tool: "get_pods", arguments: arguments, outcome: "ok")
      #expect(entry.detailFields["arguments_sha256"] == Digest.sha256(arguments))
      #expect(entry.detailFields["outcome"] == "ok")
      #expect(!entry.details.contains("prod"))
    }
  }

  @Test("the log refuses UPDATE and DELETE")
  func appendOnly() async throws {
    try await withWorkspace { workspace in
      _ = try filledLog(workspace, count: 3)
      #expect(throws: DatabaseError.self) {
        try tamper(workspace, "UPDATE audit_log SET actor = 'x' WHERE seq = 2")
      }
      #expect(throws: DatabaseError.self) {
        try tamper(workspace, "DELETE FROM audit_log WHERE seq = 2")
      }
    }
  }

  @Test("verify names an edited entry")
  func findsEditedEntry() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 10)
      try unlock(workspace)
      try tamper(workspace, "UPDATE audit_log SET actor = 'mallory' WHERE seq = 6")
      let result = try log.verify()
      #expect(result.firstBad?.seq == 6)
      #expect(result.firstBad?.reason.contains("edited") == true)
    }
  }

  @Test("verify names a dropped entry")
  func findsDroppedEntry() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 10)
      try unlock(workspace)
      try tamper(workspace, "DELETE FROM audit_log WHERE seq = 4")
      let result = try log.verify()
      #expect(result.firstBad?.seq == 4)
      #expect(result.firstBad?.reason.contains("missing") == true)
    }
  }

  @Test("verify notices entries dropped from the end")
  func findsDroppedTail() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 10)
      try unlock(workspace)
      try tamper(workspace, "DELETE FROM audit_log WHERE seq >= 9")
      let result = try log.verify()
      #expect(result.firstBad?.seq == 9)
    }
  }

  @Test("verify names reordered entries")
  func findsReorderedEntries() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 10)
      try unlock(workspace)
      // Swap entries 3 and 7 by swapping their sequence numbers.
      try tamper(
        workspace,
        """
        UPDATE audit_log SET seq = -1 WHERE seq = 3;
        UPDATE audit_log SET seq = 3 WHERE seq = 7;
        UPDATE audit_log SET seq = 7 WHERE seq = -1;
        """)
      let result = try log.verify()
      #expect(result.firstBad?.seq == 3)
    }
  }

  @Test("an edit with a recomputed hash still breaks the link to the next entry")
  func findsRehashedEdit() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 6)
      let victim = try log.entries().first { $0.seq == 4 }!
      let rehash = AuditEntry.computeHash(
        seq: 4, time: victim.time, kind: victim.kind, actor: "mallory", subject: victim.subject,
        details: victim.details, prevHash: victim.prevHash)
      try unlock(workspace)
      try tamper(
        workspace, "UPDATE audit_log SET actor = 'mallory', hash = '\(rehash)' WHERE seq = 4")
      #expect(try log.verify().firstBad?.seq == 5)
    }
  }

  @Test("filters: kind, since, subject and limit")
  func filters() async throws {
    try await withWorkspace { workspace in
      let log = try filledLog(workspace, count: 12)
      #expect(try log.entries(AuditQuery(kind: .toolCall)).count == 3)
      #expect(try log.entries(AuditQuery(limit: 4)).map(\.seq) == [10, 11, 12, 13])
      #expect(try log.entries(AuditQuery(since: Date().addingTimeInterval(3600))).isEmpty)
      #expect(try log.entries(AuditQuery(since: Date().addingTimeInterval(-3600))).count == 13)
      #expect(try log.entries(AuditQuery(subject: "run4")).count == 1)
    }
  }

  @Test("8 writers with their own connections appending 40 entries each keep one valid chain")
  func concurrentAppends() async throws {
    try await withWorkspace { workspace in
      let outcomes = onThreads(count: 8) { writer in
        do {
          let log = AuditLog(database: try workspace.openDatabase())
          for index in 0..<40 {
            try log.append(.toolCall, actor: "writer\(writer)", subject: "call\(index)")
          }
          return "ok"
        } catch {
          return "\(error)"
        }
      }
      #expect(outcomes == Array(repeating: "ok", count: 8))
      let result = try AuditLog(database: try workspace.openDatabase()).verify()
      #expect(result.isIntact)
      #expect(result.entryCount == 1 + 8 * 40)
    }
  }
}
