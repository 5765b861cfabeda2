import Foundation

/// Every object the engine keeps, as read; `ClusterIndex` filters and indexes them.
struct KubeObjectStore: Sendable {
  var pods: [KubePod] = []
  var events: [KubeEvent] = []
  var workloads: [KubeWorkload] = []
  var nodes: [KubeNode] = []
  var claims: [KubeClaim] = []
  var storageClasses: [KubeStorageClass] = []
  var configMaps: [KubeConfigObject] = []
  var secrets: [KubeConfigObject] = []
  var services: [KubeService] = []
  /// Kinds seen in any input, even as an empty typed list: proves an absence (no Secret named X).
  var capturedKinds: Set<String> = []
}

/// One object of a `kubectl get -o json` document, read by its kind.
enum KubeDecodedObject: Sendable {
  case pod(KubePod)
  case event(KubeEventWire)
  case workload(KubeWorkload)
  case node(KubeNode)
  case claim(KubeClaim)
  case storageClass(KubeStorageClass)
  case configMap(KubeConfigObject)
  case secret(KubeConfigObject)
  case service(KubeService)
  case ignored

  static let workloadKinds: Set<String> = [
    "Deployment", "ReplicaSet", "StatefulSet", "DaemonSet", "Job", "CronJob",
  ]

  /// Kinds the engine does not read are skipped (still checked to be JSON).
  init(kind: String, json: inout JSONReader, source: String) throws(JSONReadError) {
    switch kind {
    case "Pod": self = .pod(try KubePod(json: &json, source: source))
    case "Event": self = .event(try json.read())
    case _ where Self.workloadKinds.contains(kind):
      self = .workload(try KubeWorkload(json: &json, kind: kind))
    case "Node": self = .node(try json.read())
    case "PersistentVolumeClaim": self = .claim(try json.read())
    case "StorageClass": self = .storageClass(try json.read())
    case "ConfigMap": self = .configMap(try json.read())
    case "Secret": self = .secret(try json.read())
    case "Service": self = .service(try json.read())
    default:
      try json.skipValue()
      self = .ignored
    }
  }
}

/// A whole document: a single object, a `List`, or a typed list (`PodList`) whose items may
/// lack `kind`; also the kubectl tool's answers, which hold raw objects under `items`.
struct KubeDocument: Sendable {
  var objects: [KubeDecodedObject] = []
  /// Kinds named by the document, including those of empty typed lists.
  var kinds: Set<String> = []
}
