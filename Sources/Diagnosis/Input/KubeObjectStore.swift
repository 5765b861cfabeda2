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

/// One object of a `kubectl get -o json` document, decoded by its kind.
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

  init(kind: String, decoder: any Decoder) throws {
    switch kind {
    case "Pod": self = .pod(try KubePod(from: decoder))
    case "Event": self = .event(try KubeEventWire(from: decoder))
    case _ where Self.workloadKinds.contains(kind):
      var workload = try KubeWorkload(from: decoder)
      workload.kind = kind
      self = .workload(workload)
    case "Node": self = .node(try KubeNode(from: decoder))
    case "PersistentVolumeClaim": self = .claim(try KubeClaim(from: decoder))
    case "StorageClass": self = .storageClass(try KubeStorageClass(from: decoder))
    case "ConfigMap": self = .configMap(try KubeConfigObject(from: decoder))
    case "Secret": self = .secret(try KubeConfigObject(from: decoder))
    case "Service": self = .service(try KubeService(from: decoder))
    default: self = .ignored
    }
  }
}

/// A whole document: a single object, a `List`, or a typed list (`PodList`) whose items may
/// lack `kind`; also the kubectl tool's answers, which hold raw objects under `items`.
struct KubeDocument: Decodable, Sendable {
  var objects: [KubeDecodedObject] = []
  /// Kinds named by the document, including those of empty typed lists.
  var kinds: Set<String> = []

  private enum Keys: String, CodingKey {
    case kind
    case items
  }

  init() {}

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: Keys.self)
    let kind = try container.decodeIfPresent(String.self, forKey: .kind)
    let isList = kind.map { $0.hasSuffix("List") } ?? container.contains(.items)
    guard isList else {
      guard let kind else {
        throw DecodingError.keyNotFound(
          Keys.kind, .init(codingPath: [], debugDescription: "no kind"))
      }
      kinds.insert(kind)
      objects.append(try KubeDecodedObject(kind: kind, decoder: decoder))
      return
    }
    var itemKind: String?
    if let kind, kind != "List" {
      itemKind = String(kind.dropLast(4))
      kinds.insert(itemKind!)
    }
    guard container.contains(.items), try !container.decodeNil(forKey: .items) else { return }
    var items = try container.nestedUnkeyedContainer(forKey: .items)
    while !items.isAtEnd {
      let itemDecoder = try items.superDecoder()
      let itemContainer = try itemDecoder.container(keyedBy: Keys.self)
      guard let kind = try itemContainer.decodeIfPresent(String.self, forKey: .kind) ?? itemKind
      else {
        throw DecodingError.keyNotFound(
          Keys.kind,
          .init(codingPath: itemDecoder.codingPath, debugDescription: "item without kind"))
      }
      kinds.insert(kind)
      objects.append(try KubeDecodedObject(kind: kind, decoder: itemDecoder))
    }
  }
}
