import ArgumentParser
import Foundation

/// The `meta-agent` executable: one subcommand per file under Commands/.
@main
struct MetaAgent: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "meta-agent",
    abstract: "A hardened operations agent that writes its own tools and runs them in a sandbox.",
    discussion: """
      Exit codes: 0 done, 1 error, 2 usage, 3 waiting for an approval, 4 denied,
      5 credentials needed. See docs/cli.md.
      """,
    version: "0.1.0",
    subcommands: [
      RunCommand.self,
      ResumeCommand.self,
      DiagnoseCommand.self,
      DemoCommand.self,
      SandboxCommand.self,
      ProfileCommand.self,
      InitCommand.self,
      ApprovalsCommand.self,
      ApproveCommand.self,
      DenyCommand.self,
      AuditCommand.self,
      ClusterCommand.self,
      AuthCommand.self,
      ToolsCommand.self,
      MCPCommand.self,
      DoctorCommand.self,
    ]
  )

  /// Like ParsableCommand.main, but usage errors exit with our documented 2
  /// instead of sysexits' 64.
  static func main() {
    do {
      var command = try parseAsRoot()
      try command.run()
    } catch {
      let code = exitCode(for: error)
      if code == .validationFailure {
        FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
        Foundation.exit(ExitCode.usage.rawValue)
      }
      // A failure no command rendered still gets our one line, never "Error: <type dump>".
      if code == .failure, !(error is ExitCode) {
        printError(
          errorLine(error, step: "meta-agent \(CommandLine.arguments.dropFirst().first ?? "")"))
        Foundation.exit(ExitCode.error.rawValue)
      }
      exit(withError: error)
    }
  }
}
