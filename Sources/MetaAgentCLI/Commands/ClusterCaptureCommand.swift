import ArgumentParser
import Foundation
import Kube

/// `meta-agent cluster capture DIR [-n NS | -A] [--context C]`
struct ClusterCaptureCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "capture",
    abstract: "Record a live cluster read-only into a capture directory for replay.",
    discussion: """
      Runs only read-only kubectl verbs (get -o json, logs, logs --previous,
      version) with your current kubeconfig, and writes one JSON file per
      resource type plus logs/<namespace>/<pod>/<container>[.previous].log.
      Secrets are never captured.

      Examples:
        meta-agent cluster capture ./capture -n production
        meta-agent cluster capture ./capture -A --context my-eks
      """)

  @Argument(help: "The directory to write; created if missing.")
  var directory: String

  @Option(name: [.customShort("n"), .long], help: "Capture this namespace only.")
  var namespace: String?

  @Flag(name: [.customShort("A"), .customLong("all-namespaces")], help: "Capture every namespace.")
  var allNamespaces = false

  @Option(help: "The kubeconfig context to use.")
  var context: String?

  @Option(help: "The kubectl to run.")
  var kubectl = "/usr/bin/kubectl"

  @Option(help: "Log lines to keep per container (the newest).")
  var tail = 2_000

  func validate() throws {
    if namespace != nil && allNamespaces {
      throw ValidationError("give either -n NAMESPACE or -A, not both")
    }
    if tail <= 0 { throw ValidationError("--tail must be positive, got \(tail)") }
  }

  func run() throws {
    let scope: ClusterCapture.Scope =
      allNamespaces ? .allNamespaces : namespace.map { .namespace($0) } ?? .currentNamespace
    let capture = ClusterCapture(
      kubectl: URL(fileURLWithPath: kubectl), context: context, scope: scope, tailLines: tail)
    do {
      let summary = try capture.write(to: URL(fileURLWithPath: directory))
      print(
        "Captured \(summary.objects) objects and \(summary.logs) logs into \(directory)."
      )
      for warning in summary.warnings { printError("warning: \(warning)") }
    } catch {
      printError(errorLine(error, step: "capturing into \(directory)"))
      throw ExitCode.error
    }
  }
}
