import Agent
import ArgumentParser
import Dispatch
import Governance
import MCPHost
import Toolsmith

struct ToolsListCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "list",
    abstract:
      "List installed tools and what each offers; a tool whose files do not match its signed "
      + "manifest is REFUSED.",
    discussion: """
      Each verified tool's server is started in its sandbox (tools that read
      Kubernetes through the read-only gateway, with --kubeconfig/--context) and
      asked for its own tools/list; only the catalog's read-only functions are
      shown. A server that does not start within --timeout shows why in its row.
      --offline starts nothing. --json prints [{name, state, functions, problem}].
      """)

  @OptionGroup var workspaceOptions: WorkspaceOptions
  @OptionGroup var clusterOptions: ToolsClusterOptions

  @Flag(help: "Do not start the tool servers; show only what the registry verifies.")
  var offline = false

  @Flag(help: "Print JSON: an array of {name, state, functions, problem}.")
  var json = false

  @Option(
    help: ArgumentHelp(
      "Seconds each tool server may take to start and list its functions.", valueName: "S"))
  var timeout: Double = 10

  func validate() throws {
    guard timeout > 0, timeout <= 300 else {
      throw ValidationError("--timeout must be between 0 and 300 seconds, got \(timeout)")
    }
  }

  func run() throws {
    try reportingToolFailures {
      let workspace = try workspaceOptions.resolve()
      let survey: ToolSurvey
      if offline {
        survey = ToolSurvey(scan: try ToolRegistry(workspace: workspace).scan(), offerings: [])
      } else {
        let tools = try DeployedTools(
          workspace: workspace, kubeconfig: clusterOptions.kubeconfig,
          context: clusterOptions.context, namespace: clusterOptions.namespace,
          limits: ToolServerLimits(startSeconds: timeout, callSeconds: timeout))
        // The servers (and any kubectl proxy) are stopped before the answer is printed.
        survey = try waitFor {
          let outcome: Result<ToolSurvey, any Error>
          do {
            outcome = .success(try await tools.survey())
          } catch {
            outcome = .failure(error)
          }
          await tools.shutdown()
          return try outcome.get()
        }
      }
      let rows = ToolsListing.rows(survey)
      if json {
        print(try ToolsListing.json(rows))
      } else if rows.isEmpty {
        print("no tools installed in mcp_servers/")
      } else {
        print(ToolsListing.table(rows, offline: offline))
      }
    }
  }
}

/// Runs async work to completion from this synchronous command, rethrowing its error.
private func waitFor<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
  let done = DispatchSemaphore(value: 0)
  let box = OutcomeBox<T>()
  Task {
    do {
      box.outcome = .success(try await work())
    } catch {
      box.outcome = .failure(error)
    }
    done.signal()
  }
  done.wait()
  guard let outcome = box.outcome else { throw ExitCode.error }
  return try outcome.get()
}

/// Carries the task's outcome to the waiting thread; the semaphore orders the accesses.
private final class OutcomeBox<T: Sendable>: @unchecked Sendable {
  var outcome: Result<T, any Error>?
}
