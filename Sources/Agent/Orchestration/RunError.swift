/// Why a run could not go on, in words that say what to do.
public enum RunError: Error, Sendable, CustomStringConvertible {
  /// `resume` of a run that already ended.
  case alreadyFinished(runID: String, state: String)
  /// The draft on disk is not the code that was approved.
  case draftChanged(path: String, approvalID: String)
  /// The generated tool failed validation; nothing was deployed.
  case validationFailed(tool: String, findings: [String])
  /// A step failed for a reason outside the agent's control.
  case stepFailed(step: RunStep, reason: String)
  /// Another process moved the run on since this one loaded it.
  case resumedElsewhere(runID: String)
  /// The catalog has no entry for a tool a saved run names (catalog changed).
  case unknownTool(name: String)

  public var description: String {
    switch self {
    case .alreadyFinished(let id, let state):
      "run \(id) already ended (\(state)); start a new one with meta-agent run"
    case .draftChanged(let path, let id):
      "\(path) changed after approval \(id) was given for it, so the run stops here; "
        + "delete the draft and run the request again to draft it anew"
    case .validationFailed(let tool, let findings):
      "\(tool) failed validation, nothing was deployed: "
        + findings.prefix(3).joined(separator: "; ")
        + "; the vetted template or its catalog entry needs fixing: please report it"
    case .stepFailed(let step, let reason):
      "\(step.title) failed: \(reason)"
    case .resumedElsewhere(let id):
      "run \(id) was moved on by another process meanwhile; see `meta-agent audit list --subject \(id)`"
    case .unknownTool(let name):
      "the capability catalog has no tool named \(name) (it changed since the run was saved); "
        + "start a new run with `meta-agent run`"
    }
  }
}
