import Foundation
import GRDB
import Testing

@testable import Governance

/// Writes approvals, decisions, executions, tool calls and run steps in a loop,
/// from two tasks, until a timer thread sends this process SIGKILL at an
/// arbitrary moment, most likely in the middle of a transaction.
private func writeUntilKilled(root: String, killAfterMillis: Int) async throws {
  Thread.detachNewThread {
    usleep(UInt32(killAfterMillis) * 1000)
    kill(getpid(), SIGKILL)
  }
  let workspace = Workspace(root: URL(fileURLWithPath: root))
  let key = try workspace.loadOperatorKey()
  try await withThrowingTaskGroup(of: Void.self) { group in
    group.addTask {
      let store = ApprovalStore(database: try workspace.openDatabase())
      let runs = RunStore(database: store.database)
      while true {
        let pending = try store.request(deployRequest(code: UUID().uuidString))
        _ = try store.approve(id: pending.id, by: "alice", key: key)
        _ = try store.authorize(id: pending.id, digest: pending.digest, key: key)
        var run = try runs.create(request: "pods crash", step: "classify")
        run.step = "deploy"
        _ = try runs.save(run)
      }
    }
    group.addTask {
      let log = AuditLog(database: try workspace.openDatabase())
      while true {
        try log.recordToolCall(
          tool: "get_pods", arguments: Data(UUID().uuidString.utf8), outcome: "ok")
      }
    }
    try await group.waitForAll()
  }
}

@Suite("Faults: kill -9 while writing")
struct FaultTests {
  @Test(
    "a writer killed with SIGKILL at random moments leaves a consistent database and a valid chain")
  func killNineLeavesDatabaseConsistent() async throws {
    try await withWorkspace { workspace in
      let root = workspace.root.path
      var committed: [Int] = []
      for round in 0..<8 {
        let killAfterMillis =
          [40, 70, 110, 150, 200, 260, 330, 400][round] + Int.random(in: 0..<40)
        await #expect(processExitsWith: .signal(SIGKILL)) {
          [root = root as String, killAfterMillis = killAfterMillis as Int] in
          try await writeUntilKilled(root: root, killAfterMillis: killAfterMillis)
        }
        let database = try workspace.openDatabase()
        #expect(try database.integrityCheck() == ["ok"])
        let verification = try AuditLog(database: database).verify()
        #expect(
          verification.isIntact, "round \(round): \(String(describing: verification.firstBad))")
        committed.append(verification.entryCount)

        // Each decision committed together with its audit entry and a valid signature.
        let key = try workspace.loadOperatorKey()
        let store = ApprovalStore(database: database)
        let decided = try store.list(states: [.approved, .executed, .denied])
        let log = AuditLog(database: database)
        for approval in decided {
          #expect(approval.hasValidSignature(key))
          let entries = try log.entries(AuditQuery(kind: .approvalDecided, subject: approval.id))
          #expect(entries.count == 1)
        }
        // A request and its audit entry committed together, or neither did.
        let requested = try log.entries(AuditQuery(kind: .approvalRequested)).count
        #expect(requested == (try store.list(states: Set(ApprovalState.allCases)).count))
        let executed = try log.entries(AuditQuery(kind: .approvalExecuted)).count
        #expect(executed == (try store.list(states: [.executed]).count))
      }
      // The writer got real work done before each kill, so the kills hit live writes.
      #expect(committed.last! > committed.first!)
      print("kill -9 rounds: audit entries after each round \(committed)")
    }
  }
}
