import Foundation
import Testing

@testable import Governance

private struct DiagnosisContext: Codable, Equatable {
  var intent: String
  var toolDigest: String?
}

@Suite("Run store: persisted runs for resume")
struct RunStoreTests {
  @Test("a run is created, saved with its context and loaded back by another connection")
  func roundTrip() async throws {
    try await withWorkspace { workspace in
      let runs = RunStore(database: try workspace.openDatabase())
      var run = try runs.create(request: "pods are crashing", step: "classify")
      #expect(run.state == .running)
      #expect(run.version == 1)
      run.step = "deploy"
      run.state = .waitingForApproval
      run.waitingFor = "abcd1234"
      try run.encodeContext(DiagnosisContext(intent: "diagnosis", toolDigest: "ff"))
      let saved = try runs.save(run)
      #expect(saved.version == 2)
      let loaded = try RunStore(database: try workspace.openDatabase()).load(id: run.id)
      #expect(loaded.step == "deploy")
      #expect(loaded.state == .waitingForApproval)
      #expect(loaded.waitingFor == "abcd1234")
      #expect(
        try loaded.decodeContext(DiagnosisContext.self)
          == DiagnosisContext(intent: "diagnosis", toolDigest: "ff"))
      #expect(try runs.list().map(\.id) == [run.id])
      let steps = try AuditLog(database: runs.database).entries(AuditQuery(kind: .run))
      #expect(steps.map { $0.detailFields["step"] } == ["classify", "deploy"])
    }
  }

  @Test("two processes moving the same run on: the second is told it changed")
  func staleSaveRefused() async throws {
    try await withWorkspace { workspace in
      let runs = RunStore(database: try workspace.openDatabase())
      let run = try runs.create(request: "r", step: "classify")
      var first = run
      var second = run
      first.step = "discover"
      second.step = "draft"
      _ = try runs.save(first)
      #expect(throws: GovernanceError.runChangedConcurrently(id: run.id)) {
        try runs.save(second)
      }
      #expect(try runs.load(id: run.id).step == "discover")
    }
  }

  @Test("an unknown run is a clear error")
  func unknownRun() async throws {
    try await withWorkspace { workspace in
      #expect(throws: GovernanceError.unknownRun(id: "nope0000")) {
        try RunStore(database: try workspace.openDatabase()).load(id: "nope0000")
      }
    }
  }
}
