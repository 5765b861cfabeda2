import Agent
import ArgumentParser
import Diagnosis
import Foundation
import Governance
import Kube
import Sandbox

#if canImport(Glibc)
  import Glibc
#endif

/// `meta-agent demo`: the reference scenario, end to end, on the built-in replay cluster.
struct DemoCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "demo",
    abstract:
      "Walk the whole flow on the built-in replay cluster, answering each approval yourself.",
    discussion: """
      Starts the replay cluster with the reference scenario (three payment-service
      pods crash-looping in namespace production), creates a throwaway workspace
      and runs "\(DemoCommand.request)". You answer the Yellow (draft) and Red
      (deploy) approvals at the prompt; nothing skips them. The real kubectl runs
      inside the sandbox and reaches the replay cluster only through the
      read-only gateway. The workspace is removed at the end unless --keep is given.
      It needs a terminal; scripts/demo shows the same flow without one.
      """)

  static let request = "My pods in EKS cluster are crashing, check the logs and diagnose the issue"

  @Option(help: "The demo workspace's environment: production (both approvals asked) or dev.")
  var env: DeploymentEnvironment = .production

  @Flag(help: "Keep the throwaway workspace and print where it is.")
  var keep = false

  @OptionGroup var report: ReportOptions

  func validate() throws {
    guard isatty(STDIN_FILENO) == 1, isatty(STDERR_FILENO) == 1 else {
      throw ValidationError(
        "meta-agent demo asks you to approve at a prompt and needs a terminal; "
          + "scripts/demo walks the same flow without one")
    }
  }

  func run() throws {
    let base = URL(fileURLWithPath: NSTemporaryDirectory())
      .appendingPathComponent("meta-agent-demo-\(UUID().uuidString.prefix(8))")
    defer {
      if keep {
        printError("kept the demo workspace: \(base.path)/workspace")
      } else {
        try? FileManager.default.removeItem(at: base)
      }
    }
    try reportingRunFailures {
      let capture = base.appendingPathComponent("capture")
      try DemoScenario.write(to: capture)
      let replay = try ReplayServer.startBlocking(
        cluster: ReplayCluster(snapshot: try CaptureDirectory.load(capture)))
      defer { replay.shutdownBlocking() }
      let kubeconfig = try replay.writeKubeconfig(
        to: base.appendingPathComponent("kubeconfig"), contextName: "demo-eks")
      let root = base.appendingPathComponent("workspace")
      _ = try Workspace.initialize(
        at: root, environment: env, approver: nil, profiles: ShippedProfiles.all)
      let workspace = Workspace(root: root)
      let narrator = TerminalNarrator(quiet: report.output == .json)
      narrator.note("replay cluster: \(replay.url) (scenario \(DemoScenario.name))")
      narrator.note("workspace: \(workspace.root.path) (environment \(env.rawValue))")
      narrator.note("request: \"\(Self.request)\"")
      var environment = ProcessInfo.processInfo.environment
      environment["KUBECONFIG"] = kubeconfig.path
      let orchestrator = Orchestrator(
        workspace: workspace, terminal: StandardTerminal(), narrator: narrator,
        environment: environment, openTools: DeployedToolSession.open)
      let request = RunRequest(request: Self.request, kubeconfig: kubeconfig.path)
      let outcome = try BlockingOutcome<RunOutcome>.wait {
        try await orchestrator.start(request)
      }
      try RunPresenter(report: report, workspaceFlag: " --workspace \(workspace.root.path)")
        .present(outcome)
    }
  }
}

extension DeploymentEnvironment: ExpressibleByArgument {}
