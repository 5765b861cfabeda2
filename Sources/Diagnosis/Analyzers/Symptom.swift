import Foundation

/// The finding kinds the engine reports (`Finding.kind`).
enum FindingKind: String, Sendable, CaseIterable {
  case oomKilled = "oom-killed"
  case outOfMemory = "out-of-memory"
  case crashLoop = "crash-loop"
  case applicationError = "application-error"
  case missingEnvironmentVariable = "missing-environment-variable"
  case commandNotFound = "command-not-found"
  case commandNotExecutable = "command-not-executable"
  case containerStartError = "container-start-error"
  case killed = "killed"
  case segmentationFault = "segmentation-fault"
  case imageNotFound = "image-not-found"
  case imagePullUnauthorized = "image-pull-unauthorized"
  case imagePullFailing = "image-pull-failing"
  case imagePullTransient = "image-pull-transient"
  case invalidImageName = "invalid-image-name"
  case missingSecret = "missing-secret"
  case missingConfigMap = "missing-configmap"
  case missingSecretKey = "missing-secret-key"
  case missingConfigMapKey = "missing-configmap-key"
  case containerConfigError = "container-config-error"
  case livenessProbeFailing = "liveness-probe-failing"
  case readinessProbeFailing = "readiness-probe-failing"
  case startupProbeFailing = "startup-probe-failing"
  case initContainerFailing = "init-container-failing"
  case insufficientResources = "insufficient-resources"
  case unschedulable = "unschedulable"
  case unboundVolumeClaim = "unbound-volume-claim"
  case evicted = "evicted"
  case volumeMountFailing = "volume-mount-failing"
  case containerCreatingStuck = "container-creating-stuck"
  case pending = "pending"
  case nodeNotReady = "node-not-ready"
  case nodePressure = "node-pressure"
}

/// The values behind a symptom, kept typed so the correlator can name them.
enum Cause: Sendable {
  case imagePull(ImagePullFailure, image: String?, message: String)
  /// Recovered: failed `failures` times, then `success` pulled it.
  case imagePullRecovered(ImagePullFailure, image: String?, message: String, success: KubeEvent)
  case missingReference(kind: String, name: String, key: String?, message: String)
  case configError(message: String)
  case termination(ExitCodeMeaning, exitCode: Int, reason: String?, message: String?)
  case probe(ProbeFailure)
  case unschedulable(SchedulingFailure)
  case evicted(message: String)
  case mountFailing(message: String)
  case creatingStuck(message: String?)
  case pending
}

/// One thing wrong with one pod (or a container of it), before the pods of a workload are merged.
struct Symptom: Sendable {
  var kind: FindingKind
  var severity: Severity
  /// The pod, or the object the events are about when the pod itself was not captured.
  var subject: ObjectReference
  var pod: KubePod?
  var container: String?
  var isInitContainer = false
  var cause: Cause
  var restarts = 0
  /// Per-pod facts: its state and its events.
  var evidence: [Evidence]
  var confidence: Confidence = .high
  /// Log lines that explain it, strongest first (filled by the engine before grouping).
  var logMatches: [LogMatch] = []
}
