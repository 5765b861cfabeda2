import Agent
import ArgumentParser
import Diagnosis
import Governance

/// How a run talks to the person: `--no-wait` (never prompt), `--quiet`.
struct InteractionOptions: ParsableArguments {
  @Flag(
    help: "Never prompt: stop at an approval (exit 3) or a credential check (exit 5) instead.")
  var noWait = false

  @Flag(help: "No step banners or progress on stderr; only the report and errors.")
  var quiet = false

  /// The orchestrator for this terminal; `--output json` keeps stderr quiet too.
  func orchestrator(workspace: Workspace, format: ReportFormat) -> Orchestrator {
    let terminal: any ApprovalTerminal = noWait ? UnattendedTerminal() : StandardTerminal()
    return Orchestrator(
      workspace: workspace, terminal: terminal,
      narrator: TerminalNarrator(quiet: quiet || format == .json),
      openTools: DeployedToolSession.open)
  }
}

/// A terminal nobody answers: approvals and credential checks stop the run.
struct UnattendedTerminal: ApprovalTerminal {
  var isInteractive: Bool { false }
  func write(_ text: String) {}
  func readLine(timeout: Duration) async throws -> TerminalInput { .closed }
}
