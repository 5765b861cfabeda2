import Foundation

/// A Deployment, ReplicaSet, StatefulSet, DaemonSet or Job: its owners and pod template.
struct KubeWorkload: Sendable {
  struct Spec: Sendable {
    struct Template: Sendable {
      var spec: KubePodSpec?
    }
    struct ClaimTemplate: Sendable {
      var metadata: KubeMeta?
    }
    var replicas: Int?
    var template: Template?
    var volumeClaimTemplates: [ClaimTemplate]?
  }
  struct Status: Sendable {
    var replicas: Int?
    var readyReplicas: Int?
    var availableReplicas: Int?
  }

  var kind = ""
  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""

  var reference: ObjectReference {
    ObjectReference(kind: kind, namespace: metadata.namespace ?? "default", name: metadata.name)
  }
}

/// A Node: its size, taints, labels and conditions.
struct KubeNode: Sendable {
  struct Spec: Sendable {
    var taints: [KubeTaint]?
    var unschedulable: Bool?
  }
  struct Status: Sendable {
    var allocatable: [String: String]?
    var conditions: [KubeCondition]?
  }

  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""

  var name: String { metadata.name }
  var instanceType: String? {
    metadata.labels?["node.kubernetes.io/instance-type"]
      ?? metadata.labels?["beta.kubernetes.io/instance-type"]
  }
  func allocatable(_ resource: String) -> String? { status?.allocatable?[resource] }
  func condition(_ type: String) -> KubeCondition? {
    status?.conditions?.first { $0.type == type }
  }
}

struct KubeTaint: Sendable {
  var key: String
  var value: String?
  var effect: String?
}

/// A PersistentVolumeClaim: the class it asks for and whether it is bound.
struct KubeClaim: Sendable {
  struct Spec: Sendable {
    var storageClassName: String?
    var resources: KubeResources?
    var volumeName: String?
  }
  struct Status: Sendable {
    var phase: String?
  }

  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""
}

/// A StorageClass: its name, provisioner and whether it is the default.
struct KubeStorageClass: Sendable {
  var name: String
  var isDefault = false
  var provisioner: String?
}

/// A ConfigMap or Secret: its name and key names, never the values.
struct KubeConfigObject: Sendable {
  var metadata: KubeMeta
  /// The names under `data`, `binaryData` and `stringData`, sorted.
  var keys: [String] = []
}

/// A Service: its name and cluster IP (to name an upstream a log line shows as an address).
struct KubeService: Sendable {
  var metadata: KubeMeta
  var clusterIP: String?
}

// MARK: Reading

extension KubeWorkload {
  init(json: inout JSONReader, kind: String) throws(JSONReadError) {
    let (metadata, spec, status) = try readObjectParts(&json, spec: Spec.self, status: Status.self)
    self.init(kind: kind, metadata: metadata, spec: spec, status: status)
  }
}

extension KubeWorkload.Spec: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "replicas": replicas = try reader.readOptional()
      case "template": template = try reader.readOptional()
      case "volumeClaimTemplates": volumeClaimTemplates = try reader.readList()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeWorkload.Spec.Template: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(spec: try json.readSingleMember("spec"))
  }
}

extension KubeWorkload.Spec.ClaimTemplate: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(metadata: try json.readSingleMember("metadata"))
  }
}

extension KubeWorkload.Status: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "replicas": replicas = try reader.readOptional()
      case "readyReplicas": readyReplicas = try reader.readOptional()
      case "availableReplicas": availableReplicas = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeNode: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    let (metadata, spec, status) = try readObjectParts(&json, spec: Spec.self, status: Status.self)
    self.init(metadata: metadata, spec: spec, status: status)
  }
}

extension KubeNode.Spec: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "taints": taints = try reader.readList()
      case "unschedulable": unschedulable = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeNode.Status: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "allocatable":
        allocatable = try reader.readMap { reader throws(JSONReadError) in
          try reader.readNumberOrString()
        }
      case "conditions": conditions = try reader.readList()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeTaint: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var taintKey: String?
    self.init(key: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "key": taintKey = try reader.read()
      case "value": value = try reader.readOptional()
      case "effect": effect = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.key = try json.require(taintKey, "key")
  }
}

extension KubeClaim: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    let (metadata, spec, status) = try readObjectParts(&json, spec: Spec.self, status: Status.self)
    self.init(metadata: metadata, spec: spec, status: status)
  }
}

extension KubeClaim.Spec: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "storageClassName": storageClassName = try reader.readOptional()
      case "resources": resources = try reader.readOptional()
      case "volumeName": volumeName = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeClaim.Status: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(phase: try json.readSingleMember("phase"))
  }
}

extension KubeStorageClass: JSONReadable {
  static let defaultAnnotation = "storageclass.kubernetes.io/is-default-class"

  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    self.init(name: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "metadata":
        try reader.readObject { reader, key throws(JSONReadError) in
          switch key {
          case "name": name = try reader.read()
          case "annotations":
            isDefault = try reader.readStringMap()?[Self.defaultAnnotation] == "true"
          default: try reader.skipValue()
          }
        }
      case "provisioner": provisioner = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.name = try json.require(name, "metadata.name")
  }
}

extension KubeConfigObject: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var metadata: KubeMeta?
    var keys: [String] = []
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "metadata": metadata = try reader.read()
      case "data", "binaryData", "stringData": keys += try reader.readKeyNames() ?? []
      default: try reader.skipValue()
      }
    }
    self.init(metadata: try json.require(metadata, "metadata"), keys: keys.sorted())
  }
}

extension KubeService: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var metadata: KubeMeta?
    var clusterIP: String?
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "metadata": metadata = try reader.read()
      case "spec":
        guard try !reader.takeNull() else { return }
        try reader.readObject { reader, key throws(JSONReadError) in
          switch key {
          case "clusterIP": clusterIP = try reader.readOptional()
          default: try reader.skipValue()
          }
        }
      default: try reader.skipValue()
      }
    }
    self.init(metadata: try json.require(metadata, "metadata"), clusterIP: clusterIP)
  }
}
