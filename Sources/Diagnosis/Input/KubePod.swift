import Foundation

/// A Pod, reduced to what the diagnosis reads. A class: pods are passed around a lot and
/// never change once read, so sharing one instance beats copying dozens of fields.
final class KubePod: Sendable {
  let metadata: KubeMeta
  let spec: KubePodSpec
  let status: KubePodStatus
  /// Where the object was read, shown in evidence.
  let source: String

  init(metadata: KubeMeta, spec: KubePodSpec, status: KubePodStatus, source: String) {
    self.metadata = metadata
    self.spec = spec
    self.status = status
    self.source = source
  }

  convenience init(json: inout JSONReader, source: String) throws(JSONReadError) {
    let (metadata, spec, status) = try readObjectParts(
      &json, spec: KubePodSpec.self, status: KubePodStatus.self)
    self.init(
      metadata: metadata, spec: spec ?? KubePodSpec(), status: status ?? KubePodStatus(),
      source: source)
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

struct KubePodSpec: Sendable {
  var containers: [KubeContainer] = []
  var initContainers: [KubeContainer]?
  var nodeName: String?
  var nodeSelector: [String: String]?
  var volumes: [KubeVolume]?
  var imagePullSecrets: [KubeLocalReference]?
  var restartPolicy: String?
}

struct KubeContainer: Sendable {
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

struct KubeEnvVar: Sendable {
  var name: String
  var value: String?
  var valueFrom: KubeEnvVarSource?
}

struct KubeEnvVarSource: Sendable {
  var secretKeyRef: KubeKeySelector?
  var configMapKeyRef: KubeKeySelector?
}

struct KubeKeySelector: Sendable {
  var name: String?
  var key: String?
  var optional: Bool?
}

struct KubeEnvFromSource: Sendable {
  var configMapRef: KubeLocalReference?
  var secretRef: KubeLocalReference?
}

struct KubeLocalReference: Sendable {
  var name: String?
}

/// Requests and limits as quantity strings; a bare number (`cpu: 1` from hand-written YAML)
/// is read as its text.
struct KubeResources: Sendable {
  var limits: [String: String]?
  var requests: [String: String]?
}

struct KubeProbe: Sendable {
  struct HTTPGet: Sendable {
    var path: String?
    var port: IntOrString?
    var scheme: String?
  }
  struct Exec: Sendable {
    var command: [String]?
  }
  struct TCPSocket: Sendable {
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

struct KubeVolume: Sendable {
  struct ClaimSource: Sendable {
    var claimName: String
  }
  struct SecretSource: Sendable {
    var secretName: String?
  }

  var name: String
  var persistentVolumeClaim: ClaimSource?
  var configMap: KubeLocalReference?
  var secret: SecretSource?
}

struct KubePodStatus: Sendable {
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

struct KubeCondition: Sendable {
  var type: String
  var status: String
  var reason: String?
  var message: String?
  var lastTransitionTime: String?
}

struct KubeContainerStatus: Sendable {
  var name: String
  var ready: Bool?
  var started: Bool?
  var restartCount: Int?
  var image: String?
  var state: KubeContainerState?
  var lastState: KubeContainerState?
}

struct KubeContainerState: Sendable {
  struct Waiting: Sendable {
    var reason: String?
    var message: String?
  }
  struct Running: Sendable {
    var startedAt: String?
  }
  struct Terminated: Sendable {
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

// MARK: Reading

extension KubePodSpec: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "containers": containers = try reader.readList() ?? []
      case "initContainers": initContainers = try reader.readList()
      case "nodeName": nodeName = try reader.readOptional()
      case "nodeSelector": nodeSelector = try reader.readStringMap()
      case "volumes": volumes = try reader.readList()
      case "imagePullSecrets": imagePullSecrets = try reader.readList()
      case "restartPolicy": restartPolicy = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeContainer: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    self.init(name: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.read()
      case "image": image = try reader.readOptional()
      case "command": command = try reader.readList()
      case "args": args = try reader.readList()
      case "env": env = try reader.readList()
      case "envFrom": envFrom = try reader.readList()
      case "resources": resources = try reader.readOptional()
      case "livenessProbe": livenessProbe = try reader.readOptional()
      case "readinessProbe": readinessProbe = try reader.readOptional()
      case "startupProbe": startupProbe = try reader.readOptional()
      case "restartPolicy": restartPolicy = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.name = try json.require(name, "name")
  }
}

extension KubeEnvVar: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    self.init(name: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.read()
      case "value": value = try reader.readOptional()
      case "valueFrom": valueFrom = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.name = try json.require(name, "name")
  }
}

extension KubeEnvVarSource: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "secretKeyRef": secretKeyRef = try reader.readOptional()
      case "configMapKeyRef": configMapKeyRef = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeKeySelector: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.readOptional()
      case "key": self.key = try reader.readOptional()
      case "optional": optional = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeEnvFromSource: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "configMapRef": configMapRef = try reader.readOptional()
      case "secretRef": secretRef = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeLocalReference: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(name: try json.readSingleMember("name"))
  }
}

extension KubeResources: JSONReadable {
  /// A bare number (`cpu: 1` from hand-written YAML) is read as its text.
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "limits":
        limits = try reader.readMap { reader throws(JSONReadError) in
          try reader.readNumberOrString()
        }
      case "requests":
        requests = try reader.readMap { reader throws(JSONReadError) in
          try reader.readNumberOrString()
        }
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeProbe: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "httpGet": httpGet = try reader.readOptional()
      case "exec": exec = try reader.readOptional()
      case "tcpSocket": tcpSocket = try reader.readOptional()
      case "initialDelaySeconds": initialDelaySeconds = try reader.readOptional()
      case "periodSeconds": periodSeconds = try reader.readOptional()
      case "timeoutSeconds": timeoutSeconds = try reader.readOptional()
      case "failureThreshold": failureThreshold = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeProbe.HTTPGet: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "path": path = try reader.readOptional()
      case "port": port = try reader.readOptional()
      case "scheme": scheme = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeProbe.Exec: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(command: try json.readSingleMember("command"))
  }
}

extension KubeProbe.TCPSocket: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(port: try json.readSingleMember("port"))
  }
}

extension KubeVolume: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    self.init(name: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.read()
      case "persistentVolumeClaim": persistentVolumeClaim = try reader.readOptional()
      case "configMap": configMap = try reader.readOptional()
      case "secret": secret = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.name = try json.require(name, "name")
  }
}

extension KubeVolume.ClaimSource: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(
      claimName: try json.require(try json.readSingleMember("claimName"), "claimName"))
  }
}

extension KubeVolume.SecretSource: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(secretName: try json.readSingleMember("secretName"))
  }
}

extension KubePodStatus: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "phase": phase = try reader.readOptional()
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "conditions": conditions = try reader.readList()
      case "containerStatuses": containerStatuses = try reader.readList()
      case "initContainerStatuses": initContainerStatuses = try reader.readList()
      case "startTime": startTime = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeCondition: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var type: String?
    var status: String?
    self.init(type: "", status: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "type": type = try reader.read()
      case "status": status = try reader.read()
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "lastTransitionTime": lastTransitionTime = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.type = try json.require(type, "type")
    self.status = try json.require(status, "status")
  }
}

extension KubeContainerStatus: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var name: String?
    self.init(name: "")
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "name": name = try reader.read()
      case "ready": ready = try reader.readOptional()
      case "started": started = try reader.readOptional()
      case "restartCount": restartCount = try reader.readOptional()
      case "image": image = try reader.readOptional()
      case "state": state = try reader.readOptional()
      case "lastState": lastState = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.name = try json.require(name, "name")
  }
}

extension KubeContainerState: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "waiting": waiting = try reader.readOptional()
      case "running": running = try reader.readOptional()
      case "terminated": terminated = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeContainerState.Waiting: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init()
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
  }
}

extension KubeContainerState.Running: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    self.init(startedAt: try json.readSingleMember("startedAt"))
  }
}

extension KubeContainerState.Terminated: JSONReadable {
  init(json: inout JSONReader) throws(JSONReadError) {
    var exitCode: Int?
    self.init(exitCode: 0)
    try json.readObject { reader, key throws(JSONReadError) in
      switch key {
      case "exitCode": exitCode = try reader.read()
      case "signal": signal = try reader.readOptional()
      case "reason": reason = try reader.readOptional()
      case "message": message = try reader.readOptional()
      case "startedAt": startedAt = try reader.readOptional()
      case "finishedAt": finishedAt = try reader.readOptional()
      default: try reader.skipValue()
      }
    }
    self.exitCode = try json.require(exitCode, "exitCode")
  }
}
