import Foundation

/// A Deployment, ReplicaSet, StatefulSet, DaemonSet or Job: its owners and pod template.
struct KubeWorkload: Decodable, Sendable {
  struct Spec: Decodable, Sendable {
    struct Template: Decodable, Sendable {
      var spec: KubePodSpec?
    }
    struct ClaimTemplate: Decodable, Sendable {
      var metadata: KubeMeta?
    }
    var replicas: Int?
    var template: Template?
    var volumeClaimTemplates: [ClaimTemplate]?
  }
  struct Status: Decodable, Sendable {
    var replicas: Int?
    var readyReplicas: Int?
    var availableReplicas: Int?
  }

  var kind = ""
  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""

  private enum CodingKeys: String, CodingKey {
    case metadata
    case spec
    case status
  }

  var reference: ObjectReference {
    ObjectReference(kind: kind, namespace: metadata.namespace ?? "default", name: metadata.name)
  }
}

/// A Node: its size, taints, labels and conditions.
struct KubeNode: Decodable, Sendable {
  struct Spec: Decodable, Sendable {
    var taints: [KubeTaint]?
    var unschedulable: Bool?
  }
  struct Status: Decodable, Sendable {
    var allocatable: [String: String]?
    var conditions: [KubeCondition]?
  }

  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""

  private enum CodingKeys: String, CodingKey {
    case metadata
    case spec
    case status
  }

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

struct KubeTaint: Decodable, Sendable {
  var key: String
  var value: String?
  var effect: String?
}

/// A PersistentVolumeClaim: the class it asks for and whether it is bound.
struct KubeClaim: Decodable, Sendable {
  struct Spec: Decodable, Sendable {
    var storageClassName: String?
    var resources: KubeResources?
    var volumeName: String?
  }
  struct Status: Decodable, Sendable {
    var phase: String?
  }

  var metadata: KubeMeta
  var spec: Spec?
  var status: Status?
  var source = ""

  private enum CodingKeys: String, CodingKey {
    case metadata
    case spec
    case status
  }
}

/// A StorageClass: its name, provisioner and whether it is the default.
struct KubeStorageClass: Decodable, Sendable {
  struct Meta: Decodable, Sendable {
    var name: String
    var annotations: [String: String]?
  }
  var metadata: Meta
  var provisioner: String?

  var isDefault: Bool {
    metadata.annotations?["storageclass.kubernetes.io/is-default-class"] == "true"
  }
}

/// A ConfigMap or Secret: its name and key names, never the values.
struct KubeConfigObject: Decodable, Sendable {
  var metadata: KubeMeta
  var data: KeyNames?
  var binaryData: KeyNames?
  var stringData: KeyNames?

  var keys: [String] {
    ((data?.names ?? []) + (binaryData?.names ?? []) + (stringData?.names ?? [])).sorted()
  }
}

/// A Service: its name and cluster IP (to name an upstream a log line shows as an address).
struct KubeService: Decodable, Sendable {
  struct Spec: Decodable, Sendable {
    var clusterIP: String?
  }
  var metadata: KubeMeta
  var spec: Spec?
}
