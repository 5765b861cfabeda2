/// A Kubernetes object the request names: its kind (singular, lowercase) and name.
public struct TargetResource: Codable, Sendable, Equatable, Hashable {
  /// "pod", "deployment", "statefulset", "daemonset", "replicaset", "service", "node", ...
  public var kind: String
  /// The object's name, lowercased (Kubernetes names are lowercase).
  public var name: String

  public init(kind: String, name: String) {
    self.kind = kind
    self.name = name
  }

  /// `deployment/payment-service`, the form kubectl accepts.
  public var reference: String { "\(kind)/\(name)" }
}

/// Where in which cluster the request points.
public struct RequestTargets: Codable, Sendable, Equatable {
  /// The namespace named in the request; when set, `allNamespaces` is false (the narrower one wins).
  public var namespace: String?
  /// "all namespaces", "-A", "across the cluster", "every namespace".
  public var allNamespaces: Bool
  /// Objects named with their kind, in request order, without repeats.
  public var resources: [TargetResource]
  /// "EKS", "GKE" or "AKS" when the request names the managed service.
  public var clusterHint: String?

  public init(
    namespace: String? = nil, allNamespaces: Bool = false, resources: [TargetResource] = [],
    clusterHint: String? = nil
  ) {
    self.namespace = namespace
    self.allNamespaces = allNamespaces
    self.resources = resources
    self.clusterHint = clusterHint
  }
}
