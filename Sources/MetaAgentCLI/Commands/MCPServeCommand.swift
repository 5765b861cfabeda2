import Agent
import ArgumentParser
import Dispatch
import Foundation
import Governance
import MCP
import Toolsmith

struct MCPServeCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "serve",
    abstract:
      "Serve the verified tools' read-only functions over MCP on stdin/stdout, each call "
      + "sandboxed and audited, until stdin closes.",
    discussion: """
      Diagnostics go to stderr; stdout carries only the protocol. Tools that read
      Kubernetes reach the cluster only through the read-only gateway in front of
      your own kubeconfig (--kubeconfig, --context). See docs/mcp-serve.md.
      """
  )

  @OptionGroup var workspaceOptions: WorkspaceOptions
  @OptionGroup var clusterOptions: ToolsClusterOptions

  func run() throws {
    try reportingToolFailures {
      let tools = try DeployedTools(
        workspace: try workspaceOptions.resolve(), kubeconfig: clusterOptions.kubeconfig,
        context: clusterOptions.context, namespace: clusterOptions.namespace)
      let server = DeployedToolServer(gateway: tools.gateway) { printError("mcp serve: \($0)") }
      let failure = blockUntilDone {
        do {
          try await server.run(on: StdioTransport())
          return nil
        } catch {
          return errorLine(error, step: "serving MCP on stdin/stdout")
        }
      }
      if let failure {
        printError("mcp serve: \(failure)")
        throw ExitCode.error
      }
    }
  }
}

/// Runs async work to completion from a synchronous command (the root command is
/// synchronous); the calling thread is not one of the cooperative pool's.
private func blockUntilDone(_ work: @escaping @Sendable () async -> String?) -> String? {
  let done = DispatchSemaphore(value: 0)
  let box = FailureBox()
  Task {
    box.failure = await work()
    done.signal()
  }
  done.wait()
  return box.failure
}

/// Carries the task's outcome to the waiting thread; the semaphore orders the accesses.
private final class FailureBox: @unchecked Sendable {
  var failure: String?
}
