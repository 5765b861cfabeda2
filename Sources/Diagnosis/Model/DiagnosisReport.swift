import Foundation

/// One row of the pod status analysis: what `kubectl get pods` shows, plus the
/// last termination that explains a restart.
public struct PodStatusRow: Codable, Sendable, Equatable {
  public var namespace: String
  public var name: String
  /// The kubectl STATUS column: `Running`, `CrashLoopBackOff`, `Init:CrashLoopBackOff`,
  /// `ImagePullBackOff`, `Pending`, `Evicted`, `Completed`, ...
  public var status: String
  /// `1/1`
  public var ready: String
  public var restarts: Int
  /// `OOMKilled (exit 137)` when a container's last state says why it restarted.
  public var lastTermination: String?
  public var node: String?
  /// The workload that owns the pod, e.g. deployment/payment-service.
  public var owner: ObjectReference?
  /// False for Running+Ready and Completed pods.
  public var unhealthy: Bool

  public init(
    namespace: String, name: String, status: String, ready: String, restarts: Int,
    lastTermination: String?, node: String?, owner: ObjectReference?, unhealthy: Bool
  ) {
    self.namespace = namespace
    self.name = name
    self.status = status
    self.ready = ready
    self.restarts = restarts
    self.lastTermination = lastTermination
    self.node = node
    self.owner = owner
    self.unhealthy = unhealthy
  }
}

/// What was looked at: the namespaces and how much of each kind of input.
public struct DiagnosisScope: Codable, Sendable, Equatable {
  /// Nil means all namespaces.
  public var namespace: String?
  public var pods: Int
  public var events: Int
  /// Container logs read (current and previous count separately).
  public var logs: Int
  /// Where the input came from: "capture Tests/KubeTests/Scenarios/healthy",
  /// "cluster arn:aws:eks:... through kubectl_tools".
  public var source: String

  public init(namespace: String?, pods: Int, events: Int, logs: Int, source: String) {
    self.namespace = namespace
    self.pods = pods
    self.events = events
    self.logs = logs
    self.source = source
  }
}

/// The engine's answer. Its JSON form is a documented, stable schema
/// (docs/diagnosis-schema.md): fields are only ever added, and `schemaVersion`
/// changes when a field's meaning would.
public struct DiagnosisReport: Codable, Sendable, Equatable {
  public static let currentSchemaVersion = 1

  public var schemaVersion: Int
  public var scope: DiagnosisScope
  /// True when no finding is critical or warning.
  public var healthy: Bool
  /// One sentence for the top of the report.
  public var summary: String
  public var pods: [PodStatusRow]
  /// Most severe first; within a severity, in the order of `affected`.
  public var findings: [Finding]

  public init(
    scope: DiagnosisScope, healthy: Bool, summary: String, pods: [PodStatusRow],
    findings: [Finding]
  ) {
    self.schemaVersion = Self.currentSchemaVersion
    self.scope = scope
    self.healthy = healthy
    self.summary = summary
    self.pods = pods
    self.findings = findings
  }
}
