import ArgumentParser
import Foundation
import Governance
import Toolsmith

struct ToolsCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "tools",
    abstract: "The deployed MCP tools in mcp_servers/, verified against their signed manifests.",
    subcommands: [ToolsListCommand.self, ToolsVerifyCommand.self, ToolsRemoveCommand.self],
    defaultSubcommand: ToolsListCommand.self)
}

/// Runs a tools command body: governance and registry failures become one line on
/// stderr and exit 1 (governance ones keep their documented codes).
func reportingToolFailures(_ body: () throws -> Void) throws {
  try reportingFailures {
    do {
      try body()
    } catch let error as RegistryError {
      printError(error.description)
      throw ExitCode.error
    } catch let error where !(error is GovernanceError || error is ExitCode) {
      printError(errorLine(error, step: "loading the deployed tools"))
      throw ExitCode.error
    }
  }
}
