import ArgumentParser
import Foundation
import Governance
import Kube
import Sandbox

/// `meta-agent sandbox run --profile NAME|FILE -- ARGV...`
struct SandboxRunCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "run",
    abstract: "Run a command in a sandbox and report how it ended.",
    discussion: """
      The command runs in new user, PID, mount, network, IPC, UTS and cgroup
      namespaces, on a read-only root made of the profile's binds, with every
      capability dropped, no_new_privs, the profile's rlimits and its seccomp
      allow-list. Its stdout and stderr are passed through (capped at the
      profile's output_bytes); a summary of how it ended goes to stderr.

      Exit status: 0 when the command exited 0; 1 for anything else (a non-zero
      exit, a kill by timeout, seccomp or a limit, a setup failure, a bad
      profile); 2 for a usage error. --json prints the full report on stdout.

      Examples:
        meta-agent sandbox run --profile strict -- /usr/bin/true
        meta-agent sandbox run --profile python-mcp-tool --timeout 5 -- python3 -c 'print(1)'
        meta-agent sandbox run --profile ./my-profile.yaml --json -- /usr/bin/id
      """)

  @Option(
    name: .long, help: "A profile name (shipped, or in --workspace) or a path to a .yaml file.")
  var profile: String

  @OptionGroup var workspaceOptions: WorkspaceOptions

  @Option(help: "Wall-clock limit in seconds, instead of the profile's wall_time.")
  var timeout: Double?

  @Option(help: "With a kube-gateway profile: the kubeconfig context to reach (default: current).")
  var context: String?

  @Flag(help: "Print a JSON report instead of passing the output through.")
  var json = false

  @Argument(parsing: .captureForPassthrough, help: "The command and its arguments, after --.")
  var command: [String] = []

  /// What stays invisible even under a profile that binds a parent directory:
  /// the workspace's keys and state, and the operator's own credentials.
  static func hiddenPaths(workspace: Workspace?) -> [String] {
    var paths: [String] = []
    if let workspace { paths.append(workspace.metaDirectory.path) }
    if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty {
      paths += [".kube", ".aws", ".ssh", ".gnupg", ".docker", ".config/gcloud"].map {
        home + "/" + $0
      }
    }
    return paths
  }

  func validate() throws {
    if let timeout, !(timeout > 0 && timeout <= 86_400) {
      throw ValidationError("--timeout must be between 0 and 86400 seconds, got \(timeout)")
    }
    if arguments.isEmpty {
      throw ValidationError("give the command after --, e.g. -- /usr/bin/true")
    }
  }

  /// A `network: kube-gateway` profile runs kubectl through the verb policy and
  /// the read-only gateway, over the user's own kubeconfig (host inheritance);
  /// the workspace's audit log, when there is one, records every request.
  private func runThroughGateway(_ profile: SandboxProfile, workspace: Workspace?) throws
    -> SandboxResult
  {
    let auditLog = try workspace.map { AuditLog(database: try $0.openDatabase()) }
    let kubectl = try SandboxedKubectl(
      proxy: KubectlProxy.Configuration(context: context), profile: profile,
      auditLog: auditLog, actor: "sandbox run")
    defer { kubectl.stop() }
    let outcome = BlockingOutcome<SandboxResult>()
    let argv = arguments
    let timeout = self.timeout
    Task {
      do {
        outcome.finish(.success(try await kubectl.run(argv, wallTimeSeconds: timeout)))
      } catch {
        outcome.finish(.failure(error))
      }
    }
    return try outcome.wait().get()
  }

  /// The command without the `--` separator.
  private var arguments: [String] {
    command.first == "--" ? Array(command.dropFirst()) : command
  }

  func run() throws {
    let resolved: (profile: SandboxProfile, origin: String)
    let result: SandboxResult
    do {
      let workspace = try workspaceOptions.resolveIfPresent()
      resolved = try ProfileSource.resolve(profile, workspace: workspace?.root.path)
      if resolved.profile.network == .kubeGateway {
        result = try runThroughGateway(resolved.profile, workspace: workspace)
      } else {
        result = try SandboxLauncher.run(
          SandboxRequest(
            argv: arguments, profile: resolved.profile,
            hiddenPaths: SandboxRunCommand.hiddenPaths(workspace: workspace),
            environment: ProcessInfo.processInfo.environment, wallTimeSeconds: timeout))
      }
    } catch {
      printError(errorLine(error, step: "sandbox run"))
      throw ExitCode.error
    }
    let report = SandboxRunReport(
      profile: resolved.profile.name, origin: resolved.origin, argv: arguments, result: result)
    if json {
      print(report.json())
    } else {
      FileHandle.standardOutput.write(Data(result.stdout.bytes))
      FileHandle.standardError.write(Data(result.stderr.bytes))
      for line in report.summaryLines() { printError(line) }
    }
    if result.ending != .exited(code: 0) { throw ExitCode.error }
  }
}
