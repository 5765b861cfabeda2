/// Which credentials a tool needs from the host.
public enum CredentialKind: String, Sendable, CaseIterable, Equatable {
  /// A kubeconfig context that reaches its cluster.
  case kubernetes
  /// AWS credentials from the environment or ~/.aws.
  case aws
}
