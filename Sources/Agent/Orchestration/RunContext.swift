import Diagnosis

/// An approval a run waits on or used, and exactly what it was bound to.
struct ApprovalBinding: Codable, Sendable, Equatable {
  var id: String
  var digest: String
}

/// The orchestrator's part of a persisted run (`Run.context`): what earlier
/// steps decided, so later steps and resumed runs never redo or skip one.
struct RunContext: Codable, Sendable {
  var request: RunRequest
  var classification: Classification?
  /// The catalog entry the request needs (e.g. kubectl).
  var toolName: String?
  /// True when the tool had to be written in this run.
  var evolving = false
  var draft: ApprovalBinding?
  var deploy: ApprovalBinding?
  /// The namespace the execution reads; nil is every namespace.
  var namespace: String?
  /// One line from the credential check.
  var credentials: String?
  var report: DiagnosisReport?
}
