import Agent
import ArgumentParser
import Governance

/// `meta-agent resume RUN`
struct ResumeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "resume",
    abstract: "Continue a run that stopped at an approval or a credential check.",
    discussion: """
      The run continues at the step it had not finished, with the request,
      namespace, context and kubeconfig it started with. Two resumes of one run
      cannot both move it on. A finished run prints its diagnosis again.
      Exit codes as for `meta-agent run`.
      """)

  @Argument(help: "The run's ID, as `meta-agent run` printed it.")
  var runID: String

  @OptionGroup var report: ReportOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions
  @OptionGroup var interaction: InteractionOptions

  func validate() throws {
    guard ApprovalStore.isWellFormedID(runID) else {
      throw ValidationError(
        "\(runID) is not a run ID (8 lowercase letters and digits, as `meta-agent run` printed)")
    }
  }

  func run() throws {
    try reportingRunFailures {
      let workspace = try workspaceOptions.resolve()
      let orchestrator = interaction.orchestrator(workspace: workspace, format: report.output)
      let id = runID
      let outcome = try BlockingOutcome<RunOutcome>.wait {
        try await orchestrator.resume(runID: id)
      }
      try RunPresenter(report: report, workspaceFlag: workspaceOptions.flagForCommands)
        .present(outcome)
    }
  }
}
