import Foundation

/// A Pod, reduced to what the diagnosis reads. A class: pods are passed around a lot and
/// never change once read, so sharing one instance beats copying dozens of fields.
final class KubePod: Decodable, Sendable {
  let metadata: KubeMeta
  let spec: KubePodSpec
  let status: KubePodStatus
  /// Where the object was read, shown in evidence (from the decoder's `userInfo`).
  let source: String

  /// The decoder `userInfo` key holding the input's source name.
  static let sourceKey = CodingUserInfoKey(rawValue: "diagnosis.source")!

  private enum CodingKeys: String, CodingKey {
    case metadata
    case spec
    case status
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    metadata = try container.decode(KubeMeta.self, forKey: .metadata)
    spec = try container.decodeIfPresent(KubePodSpec.self, forKey: .spec) ?? KubePodSpec()
    status = try container.decodeIfPresent(KubePodStatus.self, forKey: .status) ?? KubePodStatus()
    source = decoder.userInfo[Self.sourceKey] as? String ?? ""
  }

  var namespace: String { metadata.namespace ?? "default" }
  var name: String { metadata.name }
  var reference: ObjectReference {
    ObjectReference(kind: "Pod", namespace: namespace, name: name)
  }

  /// The spec of a container or init container by name.
  func containerSpec(_ name: String) -> KubeContainer? {
    spec.containers.first { $0.name == name } ?? spec.initContainers?.first { $0.name == name }
  }
}

struct KubePodSpec: Decodable, Sendable {
  var containers: [KubeContainer] = []
  var initContainers: [KubeContainer]?
  var nodeName: String?
  var nodeSelector: [String: String]?
  var volumes: [KubeVolume]?
  var imagePullSecrets: [KubeLocalReference]?
  var restartPolicy: String?
}

struct KubeContainer: Decodable, Sendable {
  var name: String
  var image: String?
  var command: [String]?
  var args: [String]?
  var env: [KubeEnvVar]?
  var envFrom: [KubeEnvFromSource]?
  var resources: KubeResources?
  var livenessProbe: KubeProbe?
  var readinessProbe: KubeProbe?
  var startupProbe: KubeProbe?
  /// `Always` on an init container makes it a sidecar.
  var restartPolicy: String?

  func probe(_ kind: ProbeKind) -> KubeProbe? {
    switch kind {
    case .liveness: livenessProbe
    case .readiness: readinessProbe
    case .startup: startupProbe
    }
  }
}

struct KubeEnvVar: Decodable, Sendable {
  var name: String
  var value: String?
  var valueFrom: KubeEnvVarSource?
}

struct KubeEnvVarSource: Decodable, Sendable {
  var secretKeyRef: KubeKeySelector?
  var configMapKeyRef: KubeKeySelector?
}

struct KubeKeySelector: Decodable, Sendable {
  var name: String?
  var key: String?
  var optional: Bool?
}

struct KubeEnvFromSource: Decodable, Sendable {
  var configMapRef: KubeLocalReference?
  var secretRef: KubeLocalReference?
}

struct KubeLocalReference: Decodable, Sendable {
  var name: String?
}

/// Requests and limits as quantity strings; a bare number (`cpu: 1` from hand-written YAML)
/// is read as its text.
struct KubeResources: Decodable, Sendable {
  var limits: [String: String]?
  var requests: [String: String]?

  private enum CodingKeys: String, CodingKey {
    case limits
    case requests
  }

  init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    limits = try container.decodeIfPresent([String: IntOrString].self, forKey: .limits)?
      .mapValues(\.description)
    requests = try container.decodeIfPresent([String: IntOrString].self, forKey: .requests)?
      .mapValues(\.description)
  }
}

struct KubeProbe: Decodable, Sendable {
  struct HTTPGet: Decodable, Sendable {
    var path: String?
    var port: IntOrString?
    var scheme: String?
  }
  struct Exec: Decodable, Sendable {
    var command: [String]?
  }
  struct TCPSocket: Decodable, Sendable {
    var port: IntOrString?
  }

  var httpGet: HTTPGet?
  var exec: Exec?
  var tcpSocket: TCPSocket?
  var initialDelaySeconds: Int?
  var periodSeconds: Int?
  var timeoutSeconds: Int?
  var failureThreshold: Int?

  /// `GET /healthz on port 9200`, `exec cat /tmp/ready`, `TCP port 5432`.
  var target: String {
    if let httpGet {
      return "\(httpGet.scheme == "HTTPS" ? "HTTPS " : "")GET \(httpGet.path ?? "/")"
        + (httpGet.port.map { " on port \($0)" } ?? "")
    }
    if let command = exec?.command { return "exec `\(command.joined(separator: " "))`" }
    if let port = tcpSocket?.port { return "TCP port \(port)" }
    return "probe"
  }
}

struct KubeVolume: Decodable, Sendable {
  struct ClaimSource: Decodable, Sendable {
    var claimName: String
  }
  struct SecretSource: Decodable, Sendable {
    var secretName: String?
  }

  var name: String
  var persistentVolumeClaim: ClaimSource?
  var configMap: KubeLocalReference?
  var secret: SecretSource?
}

struct KubePodStatus: Decodable, Sendable {
  var phase: String?
  var reason: String?
  var message: String?
  var conditions: [KubeCondition]?
  var containerStatuses: [KubeContainerStatus]?
  var initContainerStatuses: [KubeContainerStatus]?
  var startTime: String?

  func condition(_ type: String) -> KubeCondition? {
    conditions?.first { $0.type == type }
  }
}

struct KubeCondition: Decodable, Sendable {
  var type: String
  var status: String
  var reason: String?
  var message: String?
  var lastTransitionTime: String?
}

struct KubeContainerStatus: Decodable, Sendable {
  var name: String
  var ready: Bool?
  var started: Bool?
  var restartCount: Int?
  var image: String?
  var state: KubeContainerState?
  var lastState: KubeContainerState?
}

struct KubeContainerState: Decodable, Sendable {
  struct Waiting: Decodable, Sendable {
    var reason: String?
    var message: String?
  }
  struct Running: Decodable, Sendable {
    var startedAt: String?
  }
  struct Terminated: Decodable, Sendable {
    var exitCode: Int
    var signal: Int?
    var reason: String?
    var message: String?
    var startedAt: String?
    var finishedAt: String?
  }

  var waiting: Waiting?
  var running: Running?
  var terminated: Terminated?
}
