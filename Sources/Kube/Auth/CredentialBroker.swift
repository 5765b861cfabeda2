import Foundation
import Governance

/// How waiting for credentials ended.
public enum ReadyOutcome: Sendable, Equatable {
  /// The check passed (at once, or after the operator typed "Ready").
  case ready(CredentialDetails)
  /// No one can answer here (not a terminal): the caller exits with "credentials needed".
  case needed(CredentialRemedy)
  /// The operator typed "cancel" or closed the input.
  case cancelled(CredentialRemedy)
}

/// Host inheritance: answers whether the operator's own credentials of a kind
/// work, and what to run when they do not. One interface for every kind.
public struct CredentialBroker: Sendable {
  private let checkers: [CredentialKind: any CredentialChecker]

  /// The standard checkers, reading `environment` (HOME, KUBECONFIG, PATH, AWS_*).
  public init(
    environment: [String: String] = ProcessInfo.processInfo.environment,
    kubectlPath: String? = nil, requestTimeoutSeconds: Int = 5
  ) {
    self.init(checkers: [
      KubernetesCredentialChecker(
        environment: environment, kubectlPath: kubectlPath,
        requestTimeoutSeconds: requestTimeoutSeconds),
      AWSCredentialChecker(environment: environment),
    ])
  }

  /// Any checkers, one per kind; a later one replaces an earlier one of its kind.
  public init(checkers: [any CredentialChecker]) {
    var byKind: [CredentialKind: any CredentialChecker] = [:]
    for checker in checkers { byKind[checker.kind] = checker }
    self.checkers = byKind
  }

  /// Checks once. `context` is the kubeconfig context (Kubernetes) or the profile (AWS).
  public func check(kind: CredentialKind, context: String? = nil) async -> CredentialStatus {
    guard let checker = checkers[kind] else {
      return .needed(
        CredentialRemedy(
          kind: kind, problem: .verificationFailed(detail: "no checker for \(kind.rawValue)"),
          summary: "meta-agent cannot check \(kind.rawValue) credentials", steps: []))
    }
    return await checker.check(context: context)
  }

  /// Checks, and while credentials are needed and a person is at `terminal`, shows the
  /// remedy and waits for "Ready" (check again) or "cancel". Without a person it
  /// returns `.needed` at once.
  public func waitUntilReady(
    kind: CredentialKind, context: String? = nil, terminal: any ApprovalTerminal
  ) async -> ReadyOutcome {
    var status = await check(kind: kind, context: context)
    var prompted = false
    while true {
      switch status {
      case .ready(let details):
        if prompted { terminal.write("\(kind.rawValue) credentials are ready now.\n") }
        return .ready(details)
      case .needed(let remedy):
        guard terminal.isInteractive else { return .needed(remedy) }
        terminal.write(remedy.explanation + "\n")
        prompted = true
        guard await ReadyPrompt.answer(on: terminal) == .ready else { return .cancelled(remedy) }
        terminal.write("Checking \(kind.rawValue) credentials again...\n")
        status = await check(kind: kind, context: context)
      }
    }
  }
}

/// Asks "type Ready or cancel" until one of the two comes back.
enum ReadyPrompt {
  enum Answer { case ready, cancel }

  static func answer(on terminal: any ApprovalTerminal) async -> Answer {
    terminal.write("Type Ready when done, or cancel: ")
    while true {
      let input: TerminalInput
      do {
        input = try await terminal.readLine(timeout: .seconds(60))
      } catch {
        return .cancel
      }
      switch input {
      case .nothing:
        continue
      case .closed:
        return .cancel
      case .line(let line):
        switch line.trimmingCharacters(in: .whitespaces).lowercased() {
        case "ready": return .ready
        case "cancel": return .cancel
        default: terminal.write("Type Ready (check again) or cancel: ")
        }
      }
    }
  }
}
