/// Checks one kind of host credentials; the broker holds one per kind.
public protocol CredentialChecker: Sendable {
  var kind: CredentialKind { get }
  /// `context` is the kubeconfig context for Kubernetes and the profile for AWS.
  func check(context: String?) async -> CredentialStatus
}
