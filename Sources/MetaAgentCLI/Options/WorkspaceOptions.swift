import ArgumentParser
import Foundation
import Governance

/// `--workspace DIR`, shared by every command that works inside a workspace.
/// Without it, `META_AGENT_WORKSPACE`, then the nearest `.meta-agent/` above the
/// current directory.
struct WorkspaceOptions: ParsableArguments {
  @Option(
    name: .long,
    help: ArgumentHelp(
      "The workspace directory (default: $META_AGENT_WORKSPACE, else the nearest directory "
        + "at or above the current one that holds .meta-agent/).",
      valueName: "DIR"))
  var workspace: String?

  func resolve() throws -> Workspace {
    try Workspace.discover(explicit: workspace)
  }

  /// The workspace when one is named or found; nil when none exists and none was
  /// asked for (commands like `sandbox run` also work outside a workspace).
  func resolveIfPresent() throws -> Workspace? {
    do {
      return try Workspace.discover(explicit: workspace)
    } catch GovernanceError.workspaceNotFound {
      return nil
    }
  }
}

extension WorkspaceOptions {
  /// ` --workspace DIR` when one was given, so printed commands work as shown.
  var flagForCommands: String {
    workspace.map { " --workspace \($0)" } ?? ""
  }
}
