import ArgumentParser
import Governance
import Toolsmith

struct ToolsVerifyCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "verify",
    abstract: "Verify every installed tool's signature and digests; exit 1 if any is refused.")

  @OptionGroup var workspaceOptions: WorkspaceOptions

  func run() throws {
    try reportingToolFailures {
      let scan = try ToolRegistry(workspace: try workspaceOptions.resolve()).scan()
      for tool in scan.tools {
        print("\(tool.manifest.name): verified (code, profile and manifest signed)")
      }
      for problem in scan.problems {
        printError(problem.description)
      }
      if !scan.problems.isEmpty { throw ExitCode.error }
      if scan.tools.isEmpty { print("no tools installed in mcp_servers/") }
    }
  }
}
