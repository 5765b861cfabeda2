import Agent
import ArgumentParser
import Foundation
import Governance

/// `meta-agent run "REQUEST" [-n NS | -A] [--context C] [--output text|markdown|json]`
struct RunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Diagnose a request end to end, writing and deploying the tools it lacks.",
    discussion: """
      The run walks the flow of docs/agent.md with a banner per step:
      classification, tool discovery, drafting the missing tool (Yellow: a person
      approves in production), the authentication check (your own kubeconfig;
      if it does not work, it says what to run and waits for "Ready"), deployment
      (Red: a person approves, always), execution (read-only calls inside the
      sandbox) and diagnosis. With every tool present it goes straight to execution.

      A request to change the cluster (restart, scale, delete, apply, exec, ...)
      is never executed: the run says why and prints commands you could run.

      The run is saved after every step. Without a terminal to ask on, it stops at
      an approval with exit code 3 and prints the approval's ID; approve it (here
      or elsewhere) and continue with `meta-agent resume RUN`.

      The report goes to stdout; banners and progress go to stderr.
      Exit codes: 0 diagnosed, 1 error, 2 usage, 3 waiting for an approval,
      4 denied or a change request refused, 5 credentials needed.
      """)

  @Argument(help: "What you want to know, in your own words.")
  var request: String

  @OptionGroup var target: ClusterTargetOptions
  @OptionGroup var report: ReportOptions
  @OptionGroup var workspaceOptions: WorkspaceOptions
  @OptionGroup var interaction: InteractionOptions

  func validate() throws {
    if request.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
      throw ValidationError("the request is empty; say what you want to know, in quotes")
    }
  }

  func run() throws {
    try reportingRunFailures {
      let workspace = try workspaceOptions.resolve()
      let orchestrator = interaction.orchestrator(workspace: workspace, format: report.output)
      let runRequest = RunRequest(
        request: request, namespace: target.namespace, allNamespaces: target.allNamespaces,
        context: target.context,
        kubeconfig: target.kubeconfig ?? ProcessInfo.processInfo.environment["KUBECONFIG"])
      let outcome = try BlockingOutcome<RunOutcome>.wait {
        try await orchestrator.start(runRequest)
      }
      try RunPresenter(report: report, workspaceFlag: workspaceOptions.flagForCommands)
        .present(outcome)
    }
  }
}
