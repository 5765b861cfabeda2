import Foundation

/// How much a finding matters to the person reading the report.
public enum Severity: String, Codable, Sendable, CaseIterable, Comparable {
  /// Workloads are down or cannot start.
  case critical
  /// Something fails or degrades but the workload still serves, or failed before and recovered.
  case warning
  /// Worth knowing; nothing to fix now.
  case info

  private var rank: Int {
    switch self {
    case .critical: 0
    case .warning: 1
    case .info: 2
    }
  }

  /// Critical sorts first.
  public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// How sure the engine is of a root cause: high when the evidence names it
/// directly (an OOMKilled state and a heap error in the log), low when it is inferred.
public enum Confidence: String, Codable, Sendable, CaseIterable {
  case high
  case medium
  case low
}

/// A Kubernetes object a finding is about.
public struct ObjectReference: Codable, Sendable, Hashable, Comparable {
  public var kind: String
  public var namespace: String?
  public var name: String

  public init(kind: String, namespace: String?, name: String) {
    self.kind = kind
    self.namespace = namespace
    self.name = name
  }

  /// `deployment/payment-service -n production`, as kubectl would name it.
  public var kubectlName: String {
    let base = "\(kind.lowercased())/\(name)"
    guard let namespace else { return base }
    return "\(base) -n \(namespace)"
  }

  public static func < (lhs: ObjectReference, rhs: ObjectReference) -> Bool {
    (lhs.namespace ?? "", lhs.kind, lhs.name) < (rhs.namespace ?? "", rhs.kind, rhs.name)
  }
}

/// One fact behind a finding and where it came from, so a reader can check it.
public struct Evidence: Codable, Sendable, Equatable {
  /// The fact, in one sentence: "last state OOMKilled (exit code 137)".
  public var fact: String
  /// Where it was read: "pod production/payment-service-7d9f8b6c5-x2k4p
  /// status.containerStatuses[payment-service].lastState.terminated",
  /// "event Warning BackOff on pod/... (×63)", "logs production/POD/CONTAINER (previous) line 42".
  public var source: String
  /// Verbatim lines behind the fact (log lines, an event message), when there are any.
  public var excerpt: [String]

  public init(fact: String, source: String, excerpt: [String] = []) {
    self.fact = fact
    self.source = source
    self.excerpt = excerpt
  }
}

/// A concrete change to a Kubernetes object, as YAML a person can review and apply
/// (`kubectl patch TARGET --type strategic --patch-file FILE`).
public struct Patch: Codable, Sendable, Equatable {
  public var target: ObjectReference
  /// A strategic-merge patch, e.g. the container's `resources.limits.memory`.
  public var yaml: String

  public init(target: ObjectReference, yaml: String) {
    self.target = target
    self.yaml = yaml
  }
}

/// What to do about a finding. Never executed by meta-agent (read-only by design).
public struct Recommendation: Codable, Sendable, Equatable {
  /// One imperative sentence: "Raise the memory limit of payment-service from 512Mi to 2560Mi".
  public var action: String
  /// Why this helps, when it is not obvious.
  public var rationale: String?
  /// Commands an operator could run (read-only ones to confirm, or the change itself).
  public var commands: [String]
  public var patch: Patch?

  public init(
    action: String, rationale: String? = nil, commands: [String] = [], patch: Patch? = nil
  ) {
    self.action = action
    self.rationale = rationale
    self.commands = commands
    self.patch = patch
  }
}

/// One problem the engine found, with its cause, the evidence and what to do.
public struct Finding: Codable, Sendable, Equatable {
  /// A stable machine name for the kind of problem: `oom-killed`, `crash-loop`,
  /// `image-not-found`, `image-pull-unauthorized`, `missing-secret`, `missing-configmap`,
  /// `command-not-found`, `application-error`, `liveness-probe-failing`,
  /// `readiness-probe-failing`, `init-container-failing`, `insufficient-resources`,
  /// `unschedulable`, `unbound-volume-claim`, `evicted`, `image-pull-transient`, ...
  public var kind: String
  public var severity: Severity
  /// One line: "payment-service: 3 pods in CrashLoopBackOff, killed for using too much memory".
  public var title: String
  /// The owner first (the deployment), then the pods it covers.
  public var affected: [ObjectReference]
  /// The root cause in a few sentences, naming the values that prove it.
  public var rootCause: String
  public var evidence: [Evidence]
  public var recommendations: [Recommendation]
  public var confidence: Confidence

  public init(
    kind: String, severity: Severity, title: String, affected: [ObjectReference],
    rootCause: String, evidence: [Evidence], recommendations: [Recommendation],
    confidence: Confidence
  ) {
    self.kind = kind
    self.severity = severity
    self.title = title
    self.affected = affected
    self.rootCause = rootCause
    self.evidence = evidence
    self.recommendations = recommendations
    self.confidence = confidence
  }
}
