import Foundation
import GRDB
import Testing

@testable import Governance

/// A clock tests can move forward.
final class TestClock: @unchecked Sendable {
  private let lock = NSLock()
  private var current = Date(timeIntervalSince1970: 1_750_000_000)
  var now: Date { lock.withLock { current } }
  func advance(_ seconds: TimeInterval) { lock.withLock { current += seconds } }
}

/// Runs `body` on `count` threads released at the same moment; returns their results.
func onThreads(count: Int, _ body: @escaping @Sendable (Int) -> String) -> [String] {
  let lock = NSLock()
  let start = DispatchSemaphore(value: 0)
  let done = DispatchGroup()
  nonisolated(unsafe) var results: [String] = []
  for index in 0..<count {
    done.enter()
    Thread.detachNewThread {
      start.wait()
      let result = body(index)
      lock.withLock { results.append(result) }
      done.leave()
    }
  }
  for _ in 0..<count { start.signal() }
  done.wait()
  return lock.withLock { results }
}

@Suite("Approval store: IDs, decisions, digests, signatures, expiry, races")
struct ApprovalStoreTests {
  @Test("IDs are 8 lowercase letters or digits and do not repeat")
  func idsAreShortAndUnguessable() {
    var seen = Set<String>()
    for _ in 0..<5000 {
      let id = ApprovalStore.newID()
      #expect(ApprovalStore.isWellFormedID(id))
      seen.insert(id)
    }
    #expect(seen.count == 5000)
    // Every character of the alphabet shows up: the IDs are not drawn from a small subset.
    #expect(Set(seen.joined()).count == 36)
  }

  @Test("a request is pending with all its fields, and expires in 24 hours by default")
  func requestIsPending() async throws {
    try await withWorkspace { workspace in
      let clock = TestClock()
      let store = ApprovalStore(database: try workspace.openDatabase(), clock: { clock.now })
      var request = deployRequest()
      request.lifetime = 24 * 3600
      request.runID = "run00001"
      let approval = try store.request(request)
      #expect(approval.state == .pending)
      #expect(approval.risk == .red)
      #expect(approval.digest == request.digest)
      #expect(approval.requester == "agent")
      #expect(approval.runID == "run00001")
      #expect(approval.expiresAt.timeIntervalSince(approval.createdAt) == 24 * 3600)
      #expect(try store.list().map(\.id) == [approval.id])
      let audit = try AuditLog(database: store.database).entries(
        AuditQuery(kind: .approvalRequested))
      #expect(audit.last?.subject == approval.id)
    }
  }

  @Test("approving signs the decision with the operator key; authorize uses it once")
  func approveThenAuthorizeOnce() async throws {
    try await withWorkspace { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let key = try workspace.loadOperatorKey()
      let request = deployRequest()
      let pending = try store.request(request)
      let approved = try store.approve(id: pending.id, by: "alice", note: "looks right", key: key)
      #expect(approved.state == .approved)
      #expect(approved.decidedBy == "alice")
      #expect(approved.note == "looks right")
      #expect(approved.decisionMode == .person)
      #expect(approved.signature?.count == 64)
      #expect(approved.hasValidSignature(key))
      _ = try store.verify(id: pending.id, digest: request.digest, key: key)
      let executed = try store.authorize(id: pending.id, digest: request.digest, key: key)
      #expect(executed.state == .executed)
      #expect(executed.hasValidSignature(key))
      #expect(
        throws: GovernanceError.alreadyDecided(id: pending.id, state: .executed, by: "alice")
      ) {
        try store.authorize(id: pending.id, digest: request.digest, key: key)
      }
    }
  }

  @Test("an approval does not apply when what is to be executed changed")
  func digestBindsTheApproval() async throws {
    try await withWorkspace { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let key = try workspace.loadOperatorKey()
      let original = deployRequest(code: "print('read pods')")
      let pending = try store.request(original)
      _ = try store.approve(id: pending.id, by: "alice", key: key)
      let changed = deployRequest(code: "print('delete pods')").digest
      #expect(
        throws: GovernanceError.digestMismatch(
          id: pending.id, approved: original.digest, presented: changed)
      ) {
        try store.authorize(id: pending.id, digest: changed, key: key)
      }
      #expect(try store.approval(id: pending.id).state == .approved)
    }
  }

  @Test("a decision edited in the database, or signed by another key, is refused")
  func signatureIsChecked() async throws {
    try await withWorkspace { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let key = try workspace.loadOperatorKey()
      let first = try store.request(deployRequest())
      _ = try store.approve(id: first.id, by: "alice", key: key)
      let forged = Digest.sha256("something else")
      try tamper(workspace, "UPDATE approvals SET digest = '\(forged)' WHERE id = '\(first.id)'")
      #expect(throws: GovernanceError.invalidSignature(id: first.id)) {
        try store.authorize(id: first.id, digest: forged, key: key)
      }

      let second = try store.request(deployRequest())
      _ = try store.approve(id: second.id, by: "alice", key: OperatorKey.generate())
      #expect(throws: GovernanceError.invalidSignature(id: second.id)) {
        try store.authorize(id: second.id, digest: second.digest, key: key)
      }

      // A pending request flipped to approved by hand has no signature at all.
      let third = try store.request(deployRequest())
      try tamper(
        workspace,
        "UPDATE approvals SET state = 'approved', decided_by = 'mallory', decided_at = 1, "
          + "decision_mode = 'person' WHERE id = '\(third.id)'")
      #expect(throws: GovernanceError.invalidSignature(id: third.id)) {
        try store.authorize(id: third.id, digest: third.digest, key: key)
      }
    }
  }

  @Test("denied, pending, unknown and malformed IDs each get their own error")
  func badStatesAndIDs() async throws {
    try await withWorkspace { workspace in
      let store = ApprovalStore(database: try workspace.openDatabase())
      let key = try workspace.loadOperatorKey()
      let pending = try store.request(deployRequest())
      #expect(throws: GovernanceError.approvalPending(id: pending.id)) {
        try store.authorize(id: pending.id, digest: pending.digest, key: key)
      }
      let denied = try store.deny(id: pending.id, by: "bob", reason: "not today", key: key)
      #expect(denied.state == .denied)
      #expect(denied.hasValidSignature(key))
      #expect(
        throws: GovernanceError.approvalDenied(id: pending.id, by: "bob", reason: "not today")
      ) {
        try store.authorize(id: pending.id, digest: pending.digest, key: key)
      }
      #expect(throws: GovernanceError.alreadyDecided(id: pending.id, state: .denied, by: "bob")) {
        try store.approve(id: pending.id, by: "alice", key: key)
      }
      #expect(throws: GovernanceError.unknownApproval(id: "zzzz9999")) {
        try store.approve(id: "zzzz9999", by: "alice", key: key)
      }
      for bad in ["XYZ78901", "xyz7890", "xyz789012", "xyz7890!", "'; DROP"] {
        #expect(throws: GovernanceError.malformedApprovalID(id: bad)) {
          try store.approval(id: bad)
        }
      }
    }
  }

  @Test("an expired request cannot be approved, and shows as expired")
  func expiredCannotBeApproved() async throws {
    try await withWorkspace { workspace in
      let clock = TestClock()
      let store = ApprovalStore(database: try workspace.openDatabase(), clock: { clock.now })
      let key = try workspace.loadOperatorKey()
      let pending = try store.request(deployRequest(lifetime: 60))
      clock.advance(61)
      #expect(throws: GovernanceError.approvalExpired(id: pending.id, at: pending.expiresAt)) {
        try store.approve(id: pending.id, by: "alice", key: key)
      }
      #expect(try store.approval(id: pending.id).state == .expired)
      #expect(try store.list().isEmpty)
      #expect(try store.list(states: [.expired]).map(\.id) == [pending.id])

      // An approval not used before its expiry does not apply either.
      let other = try store.request(deployRequest(lifetime: 60))
      _ = try store.approve(id: other.id, by: "alice", key: key)
      clock.advance(61)
      #expect(throws: GovernanceError.approvalExpired(id: other.id, at: other.expiresAt)) {
        try store.authorize(id: other.id, digest: other.digest, key: key)
      }
    }
  }

  @Test("32 concurrent approvers, each with its own connection: exactly one wins")
  func racingApprovers() async throws {
    try await withWorkspace { workspace in
      let key = try workspace.loadOperatorKey()
      let store = ApprovalStore(database: try workspace.openDatabase())
      for round in 0..<3 {
        let pending = try store.request(deployRequest(code: "round \(round)"))
        // Threads, not tasks: the cooperative pool has one thread per core, and the
        // race needs all 32 approvers in flight at once, released together.
        let results = onThreads(count: 32) { approver in
          do {
            // A separate pool per thread is a separate SQLite connection, like another process.
            let own = ApprovalStore(database: try workspace.openDatabase())
            _ = try own.approve(id: pending.id, by: "approver\(approver)", key: key)
            return "won"
          } catch GovernanceError.alreadyDecided(_, .approved, _) {
            return "already decided"
          } catch {
            return "\(error)"
          }
        }
        #expect(results.filter { $0 == "won" }.count == 1)
        #expect(results.filter { $0 == "already decided" }.count == 31)
        let decisions = try AuditLog(database: store.database).entries(
          AuditQuery(kind: .approvalDecided, subject: pending.id))
        #expect(decisions.count == 1)
      }
      #expect(try AuditLog(database: store.database).verify().isIntact)
    }
  }
}
