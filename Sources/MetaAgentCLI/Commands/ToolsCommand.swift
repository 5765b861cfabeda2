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
    }
  }
}

/// The rows of `tools list` and `tools verify`: verified tools and refused ones, by name.
func toolsTable(_ scan: RegistryScan) -> String {
  var rows = [["NAME", "ENTRY", "TEMPLATE", "APPROVER", "DEPLOYED", "STATUS"]]
  for tool in scan.tools {
    let manifest = tool.manifest
    rows.append([
      manifest.name, manifest.entry, "\(manifest.template) \(manifest.templateVersion)",
      manifest.approver, manifest.deployedAt, "verified",
    ])
  }
  for problem in scan.problems {
    rows.append([problem.tool, "-", "-", "-", "-", "REFUSED: \(problem.reason)"])
  }
  rows[1...].sort { $0[0] < $1[0] }
  let widths = (0..<rows[0].count - 1).map { column in rows.map { $0[column].count }.max() ?? 0 }
  return rows.map { row in
    zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }
      .joined(separator: "  ") + "  " + (row.last ?? "")
  }.joined(separator: "\n")
}
