/// One kind of Kubernetes object as discovery describes it: where it lives
/// in the API and what kubectl may call it.
public struct ResourceType: Sendable, Hashable {
  /// The API group; empty for the core group served under /api.
  public var group: String
  public var version: String
  public var kind: String
  /// The plural resource name used in paths, e.g. `pods`.
  public var plural: String
  public var singular: String
  public var namespaced: Bool
  public var shortNames: [String]
  public var categories: [String]

  public init(
    group: String, version: String, kind: String, plural: String, namespaced: Bool,
    shortNames: [String] = [], categories: [String] = []
  ) {
    self.group = group
    self.version = version
    self.kind = kind
    self.plural = plural
    self.singular = kind.lowercased()
    self.namespaced = namespaced
    self.shortNames = shortNames
    self.categories = categories
  }

  /// `v1` for the core group, `apps/v1` otherwise, as objects spell apiVersion.
  public var apiVersion: String { group.isEmpty ? version : "\(group)/\(version)" }

  /// The discovery path that lists this type, e.g. `/apis/apps/v1`.
  public var groupVersionPath: String { group.isEmpty ? "/api/\(version)" : "/apis/\(apiVersion)" }

  /// A type for a kind the catalog does not know (a CRD), named the way most CRDs are.
  public static func guessed(apiVersion: String, kind: String, namespaced: Bool) -> ResourceType {
    let parts = apiVersion.split(separator: "/", maxSplits: 1).map(String.init)
    let group = parts.count == 2 ? parts[0] : ""
    let version = parts.last ?? "v1"
    let lower = kind.lowercased()
    let plural: String
    if lower.hasSuffix("s") || lower.hasSuffix("x") || lower.hasSuffix("ch") {
      plural = lower + "es"
    } else if lower.hasSuffix("y"), !"aeiou".contains(lower.dropLast().last ?? "a") {
      plural = lower.dropLast() + "ies"
    } else {
      plural = lower + "s"
    }
    return ResourceType(
      group: group, version: version, kind: kind, plural: plural, namespaced: namespaced)
  }
}

/// The built-in types replay always advertises, so kubectl resolves `po`,
/// `deploy` or `events` even when a capture holds none of them.
public enum BuiltInResources {
  public static let all: [ResourceType] = [
    core("Pod", "pods", true, ["po"], ["all"]),
    core("Event", "events", true, ["ev"]),
    core("Node", "nodes", false, ["no"]),
    core("Namespace", "namespaces", false, ["ns"]),
    core("PersistentVolumeClaim", "persistentvolumeclaims", true, ["pvc"]),
    core("PersistentVolume", "persistentvolumes", false, ["pv"]),
    core("ConfigMap", "configmaps", true, ["cm"]),
    core("Secret", "secrets", true),
    core("Service", "services", true, ["svc"], ["all"]),
    core("ServiceAccount", "serviceaccounts", true, ["sa"]),
    core("Endpoints", "endpoints", true, ["ep"]),
    core("ReplicationController", "replicationcontrollers", true, ["rc"], ["all"]),
    core("ResourceQuota", "resourcequotas", true, ["quota"]),
    core("LimitRange", "limitranges", true, ["limits"]),
    apps("Deployment", "deployments", ["deploy"]),
    apps("ReplicaSet", "replicasets", ["rs"]),
    apps("StatefulSet", "statefulsets", ["sts"]),
    apps("DaemonSet", "daemonsets", ["ds"]),
    ResourceType(
      group: "batch", version: "v1", kind: "Job", plural: "jobs", namespaced: true,
      categories: ["all"]),
    ResourceType(
      group: "batch", version: "v1", kind: "CronJob", plural: "cronjobs", namespaced: true,
      shortNames: ["cj"], categories: ["all"]),
    ResourceType(
      group: "events.k8s.io", version: "v1", kind: "Event", plural: "events", namespaced: true,
      shortNames: ["ev"]),
    ResourceType(
      group: "storage.k8s.io", version: "v1", kind: "StorageClass", plural: "storageclasses",
      namespaced: false, shortNames: ["sc"]),
    ResourceType(
      group: "networking.k8s.io", version: "v1", kind: "Ingress", plural: "ingresses",
      namespaced: true, shortNames: ["ing"]),
    ResourceType(
      group: "autoscaling", version: "v2", kind: "HorizontalPodAutoscaler",
      plural: "horizontalpodautoscalers", namespaced: true, shortNames: ["hpa"], categories: ["all"]
    ),
    ResourceType(
      group: "policy", version: "v1", kind: "PodDisruptionBudget", plural: "poddisruptionbudgets",
      namespaced: true, shortNames: ["pdb"]),
  ]

  private static func core(
    _ kind: String, _ plural: String, _ namespaced: Bool, _ shortNames: [String] = [],
    _ categories: [String] = []
  ) -> ResourceType {
    ResourceType(
      group: "", version: "v1", kind: kind, plural: plural, namespaced: namespaced,
      shortNames: shortNames, categories: categories)
  }

  private static func apps(_ kind: String, _ plural: String, _ shortNames: [String])
    -> ResourceType
  {
    ResourceType(
      group: "apps", version: "v1", kind: kind, plural: plural, namespaced: true,
      shortNames: shortNames, categories: ["all"])
  }
}
