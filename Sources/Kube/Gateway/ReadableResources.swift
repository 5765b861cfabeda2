/// One API resource the gateway lets a tool read.
public struct ReadableResource: Sendable, Hashable {
  /// Whether objects live in a namespace or in the cluster.
  public enum Scope: Sendable, Hashable {
    case namespaced
    case cluster
  }

  /// The API group; "" is the core group served under `/api`.
  public let group: String
  /// The plural resource name as it appears in the path.
  public let resource: String
  public let scope: Scope
  /// Subresources that are reads too (`status`, `log`).
  public let subresources: Set<String>

  public init(
    _ group: String, _ resource: String, _ scope: Scope, subresources: Set<String> = []
  ) {
    self.group = group
    self.resource = resource
    self.scope = scope
    self.subresources = subresources
  }
}

/// The allow-list: what a diagnosis needs (workloads, their pods, logs,
/// events, scheduling and storage state, metrics) and nothing that holds
/// credentials or lets a caller act on a container.
public enum ReadableResources {
  public static let standard: [ReadableResource] = [
    // core
    ReadableResource("", "pods", .namespaced, subresources: ["log", "status"]),
    ReadableResource("", "events", .namespaced),
    ReadableResource("", "nodes", .cluster, subresources: ["status"]),
    ReadableResource("", "namespaces", .cluster, subresources: ["status"]),
    ReadableResource("", "services", .namespaced, subresources: ["status"]),
    ReadableResource("", "endpoints", .namespaced),
    ReadableResource("", "persistentvolumeclaims", .namespaced, subresources: ["status"]),
    ReadableResource("", "persistentvolumes", .cluster, subresources: ["status"]),
    ReadableResource("", "replicationcontrollers", .namespaced, subresources: ["status"]),
    ReadableResource("", "resourcequotas", .namespaced, subresources: ["status"]),
    ReadableResource("", "limitranges", .namespaced),
    // apps
    ReadableResource("apps", "deployments", .namespaced, subresources: ["status"]),
    ReadableResource("apps", "replicasets", .namespaced, subresources: ["status"]),
    ReadableResource("apps", "statefulsets", .namespaced, subresources: ["status"]),
    ReadableResource("apps", "daemonsets", .namespaced, subresources: ["status"]),
    // batch
    ReadableResource("batch", "jobs", .namespaced, subresources: ["status"]),
    ReadableResource("batch", "cronjobs", .namespaced, subresources: ["status"]),
    // others
    ReadableResource("events.k8s.io", "events", .namespaced),
    ReadableResource(
      "autoscaling", "horizontalpodautoscalers", .namespaced, subresources: ["status"]),
    ReadableResource("networking.k8s.io", "ingresses", .namespaced, subresources: ["status"]),
    ReadableResource("networking.k8s.io", "networkpolicies", .namespaced),
    ReadableResource("policy", "poddisruptionbudgets", .namespaced, subresources: ["status"]),
    ReadableResource("storage.k8s.io", "storageclasses", .cluster),
    ReadableResource("discovery.k8s.io", "endpointslices", .namespaced),
    ReadableResource("metrics.k8s.io", "pods", .namespaced),
    ReadableResource("metrics.k8s.io", "nodes", .cluster),
  ]

  /// ConfigMaps are meant for plain configuration but often hold passwords
  /// in practice, so they are readable only when a policy opts in.
  public static let configMaps = ReadableResource("", "configmaps", .namespaced)
}
