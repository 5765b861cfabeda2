/// Which part of meta-agent handles a classified request.
public enum Route: String, Codable, Sendable, CaseIterable {
  /// The Kubernetes diagnosis agent: pods, events, owners and logs, read-only.
  case kubernetesDiagnosis = "kubernetes-diagnosis"
  /// A read-only Kubernetes question answered with get/describe-style reads.
  case kubernetesQuery = "kubernetes-query"
  /// The log-file reader over allowed directories.
  case logReader = "log-reader"
  /// A change is never executed: the agent explains why and prints commands instead.
  case refuseChange = "refuse-change"
  /// Nothing meta-agent can do for this request.
  case unsupported
}
