import Agent
import ArgumentParser
import Diagnosis
import Foundation
import Governance

/// Prints how a run ended (the report on stdout; why it stopped on stderr) and
/// maps it to the documented exit code.
struct RunPresenter {
  let report: ReportOptions
  /// The `--workspace` flag to repeat in printed commands, when one was given.
  let workspaceFlag: String

  func present(_ outcome: RunOutcome) throws {
    switch outcome {
    case .diagnosed(_, let diagnosis):
      FileHandle.standardOutput.write(Data(terminated(report.render(diagnosis)).utf8))
    case .refusedChange(let id, let classification, let advice):
      if report.output == .json {
        try printJSON(
          StoppedRun(
            runID: id, outcome: "refused_change", message: advice.reason,
            commands: advice.commands, classification: classification))
      } else {
        print("Not executed: \(advice.reason)")
        if !advice.commands.isEmpty {
          print("\nCommands you could run yourself, after review:")
          for command in advice.commands { print("  \(command)") }
        }
      }
      throw ExitCode.denied
    case .unsupported(let id, let classification):
      let message =
        "nothing meta-agent can do for this request yet: it diagnoses and answers questions "
        + "about Kubernetes clusters (try: \"why are my pods crashing in namespace X?\")"
      if report.output == .json {
        try printJSON(
          StoppedRun(
            runID: id, outcome: "unsupported", message: message, commands: [],
            classification: classification))
      }
      printError(message)
      throw ExitCode.error
    case .waitingForApproval(let id, let approval):
      printError(
        "run \(id) is waiting for approval \(approval.id) "
          + "(\(approval.risk.rawValue.uppercased()): \(approval.action))")
      printError("  read it:    meta-agent approvals show \(approval.id)\(workspaceFlag)")
      printError("  approve it: meta-agent approve \(approval.id)\(workspaceFlag)")
      printError("  then:       meta-agent resume \(id)\(workspaceFlag)")
      throw ExitCode.waitingForApproval
    case .denied(let id, let approval):
      printError(
        "run \(id) stopped: approval \(approval.id) (\(approval.action)) was denied by "
          + "\(approval.decidedBy ?? "?")" + (approval.note.map { ": \($0)" } ?? "")
          + "; change the request and run it again to ask anew")
      throw ExitCode.denied
    case .credentialsNeeded(let id, let remedy):
      // One line, then the remedy's commands as an indented block a person can copy.
      printError(
        "run \(id) needs \(remedy.kind.rawValue) credentials: \(remedy.summary); run one of "
          + "these, then `meta-agent resume \(id)\(workspaceFlag)`")
      for step in remedy.steps {
        FileHandle.standardError.write(Data("  \(step.command)\n      \(step.purpose)\n".utf8))
      }
      throw ExitCode.credentialsNeeded
    }
  }

  private func terminated(_ text: String) -> String {
    text.hasSuffix("\n") ? text : text + "\n"
  }

  private func printJSON(_ value: StoppedRun) throws {
    print(try jsonText(value))
  }
}

/// `--output json` for a run that ended without a diagnosis.
private struct StoppedRun: Encodable {
  var runID: String
  var outcome: String
  var message: String
  var commands: [String]
  var classification: Classification

  enum CodingKeys: String, CodingKey {
    case runID = "run_id"
    case outcome, message, commands, classification
  }
}

/// Renders an orchestration failure as one line with its exit code.
func reportingRunFailures(_ body: () throws -> Void) throws {
  do {
    try body()
  } catch let error as ExitCode {
    throw error
  } catch let error as RunError {
    printError(error.description)
    throw ExitCode.error
  } catch let error as GovernanceError {
    printError(error.description)
    throw error.exitCode
  } catch {
    printError(errorLine(error, step: "the run"))
    throw ExitCode.error
  }
}
