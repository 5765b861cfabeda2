/// One thing an operator can run to fix their credentials.
public struct RemedyStep: Sendable, Equatable {
  /// The exact command.
  public let command: String
  /// What it does or when to choose it.
  public let purpose: String

  public init(_ command: String, _ purpose: String) {
    self.command = command
    self.purpose = purpose
  }
}

/// What is wrong with the credentials and the exact commands that fix it.
public struct CredentialRemedy: Sendable, Equatable, CustomStringConvertible {
  public let kind: CredentialKind
  public let problem: CredentialProblem
  /// The problem in one clause, naming the file, context or server.
  public let summary: String
  /// Commands to run, in order of likelihood.
  public let steps: [RemedyStep]

  public init(
    kind: CredentialKind, problem: CredentialProblem, summary: String, steps: [RemedyStep]
  ) {
    self.kind = kind
    self.problem = problem
    self.summary = summary
    self.steps = steps
  }

  /// One line for a CLI error: the problem and the most likely command to run.
  public var description: String {
    var line = "\(kind.rawValue) credentials needed: \(summary)"
    if let first = steps.first { line += "; run `\(first.command)`" }
    return line
  }

  /// Several lines for a terminal: the problem, then each command with its purpose.
  public var explanation: String {
    var lines = ["\(kind.rawValue) credentials needed: \(summary)"]
    if !steps.isEmpty { lines.append("To fix it, run:") }
    for step in steps {
      lines.append("  \(step.command)")
      lines.append("      \(step.purpose)")
    }
    return lines.joined(separator: "\n")
  }
}
