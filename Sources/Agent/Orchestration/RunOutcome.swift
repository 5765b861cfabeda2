import Diagnosis
import Governance
import Kube

/// How `start` or `resume` left a run; the CLI maps each to its exit code.
public enum RunOutcome: Sendable {
  /// The diagnosis (or the answer to a query) is ready.
  case diagnosed(runID: String, report: DiagnosisReport)
  /// The request would change the cluster: never executed; here is why and what to run.
  case refusedChange(runID: String, classification: Classification, advice: ChangeAdvice)
  /// Nothing in the catalog handles the request.
  case unsupported(runID: String, classification: Classification)
  /// Stopped at an approval nobody could answer here; approve it, then resume.
  case waitingForApproval(runID: String, approval: Approval)
  case denied(runID: String, approval: Approval)
  /// The operator's credentials do not work yet; the remedy says what to run.
  case credentialsNeeded(runID: String, remedy: CredentialRemedy)

  public var runID: String {
    switch self {
    case .diagnosed(let id, _), .refusedChange(let id, _, _), .unsupported(let id, _),
      .waitingForApproval(let id, _), .denied(let id, _), .credentialsNeeded(let id, _):
      id
    }
  }
}
