import ArgumentParser
import Dispatch
import Governance
import Kube

/// `meta-agent auth ...`: the operator's own credentials, as tools will inherit them.
struct AuthCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "auth",
    abstract: "Check the host credentials tools inherit (kubeconfig, AWS).",
    subcommands: [AuthCheckCommand.self])
}

/// `meta-agent auth check [--kind kubernetes|aws] [--context C] [--no-wait]`
struct AuthCheckCommand: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "check",
    abstract: "Check that credentials work; say exactly what to run when they do not.",
    discussion: """
      kubernetes: finds the kubeconfig as kubectl does (KUBECONFIG, else
      ~/.kube/config), checks the context, and asks the cluster with the real
      kubectl (`kubectl version`, 5 s timeout). aws: finds the source the AWS CLI
      would use (environment, ~/.aws/credentials, ~/.aws/config); --context names
      the profile. No secret value is ever printed.

      On a terminal, when credentials are needed, it prints the remedy and waits:
      type Ready to check again, or cancel. Elsewhere (or with --no-wait) it
      prints the remedy and exits 5.

      Exit status: 0 ready, 5 credentials needed (or cancelled), 2 usage.
      """)

  @Option(help: "Which credentials: kubernetes or aws.")
  var kind = CredentialKind.kubernetes.rawValue

  @Option(help: "The kubeconfig context (kubernetes) or profile (aws); default: the current one.")
  var context: String?

  @Flag(help: "Do not wait for Ready on a terminal; report and exit.")
  var noWait = false

  func validate() throws {
    guard CredentialKind(rawValue: kind) != nil else {
      let kinds = CredentialKind.allCases.map(\.rawValue).joined(separator: ", ")
      throw ValidationError("--kind must be one of \(kinds), got \(kind)")
    }
  }

  func run() throws {
    let kind = CredentialKind(rawValue: self.kind) ?? .kubernetes
    let context = self.context
    let terminal: any ApprovalTerminal =
      noWait ? NonInteractiveTerminal() : StandardTerminal()
    let outcome = waitForTask {
      await CredentialBroker().waitUntilReady(kind: kind, context: context, terminal: terminal)
    }
    switch outcome {
    case .ready(let details):
      print(details.description)
    case .needed(let remedy):
      print(remedy.explanation)
      printError(remedy.description)
      throw ExitCode.credentialsNeeded
    case .cancelled(let remedy):
      printError("cancelled; \(remedy.description)")
      throw ExitCode.credentialsNeeded
    }
  }
}

/// A terminal nobody answers, for --no-wait.
private struct NonInteractiveTerminal: ApprovalTerminal {
  var isInteractive: Bool { false }
  func write(_ text: String) {}
  func readLine(timeout: Duration) async throws -> TerminalInput { .closed }
}

/// Runs async work to completion from a synchronous command.
private func waitForTask<T: Sendable>(_ work: @escaping @Sendable () async -> T) -> T {
  let done = DispatchSemaphore(value: 0)
  let box = TaskResultBox<T>()
  Task {
    box.value = await work()
    done.signal()
  }
  done.wait()
  guard let value = box.value else { fatalError("the task signalled without a result") }
  return value
}

/// Carries a result from the task to the waiting thread; the semaphore orders the accesses.
private final class TaskResultBox<T: Sendable>: @unchecked Sendable {
  var value: T?
}
