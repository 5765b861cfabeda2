/// The answer to "can a tool use these credentials now?".
public enum CredentialStatus: Sendable, Equatable {
  /// Usable; the details say what will be used (never a secret value).
  case ready(CredentialDetails)
  /// Not usable; the remedy says exactly what the operator should run.
  case needed(CredentialRemedy)

  public var isReady: Bool {
    if case .ready = self { return true }
    return false
  }
}

/// What the broker found ready: which source, which context or profile, which server.
public struct CredentialDetails: Sendable, Equatable, CustomStringConvertible {
  public let kind: CredentialKind
  /// One line, e.g. "context prod (cluster prod-eks at https://..., user via the exec plugin `aws ...`), Kubernetes v1.32.4".
  public let summary: String
  /// Where it came from: the kubeconfig files, or an AWS source.
  public let source: String

  public init(kind: CredentialKind, summary: String, source: String) {
    self.kind = kind
    self.summary = summary
    self.source = source
  }

  public var description: String {
    "\(kind.rawValue) credentials ready: \(summary) (from \(source))"
  }
}
