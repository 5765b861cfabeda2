import ArgumentParser
import Governance
import Toolsmith

struct ToolsListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract:
      "List installed tools; a tool whose files do not match its signed manifest is REFUSED.")

  @OptionGroup var workspaceOptions: WorkspaceOptions

  func run() throws {
    try reportingToolFailures {
      let scan = try ToolRegistry(workspace: try workspaceOptions.resolve()).scan()
      if scan.tools.isEmpty && scan.problems.isEmpty {
        print("no tools installed in mcp_servers/")
        return
      }
      print(toolsTable(scan))
    }
  }
}
