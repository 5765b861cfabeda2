import Foundation

/// Turns a group of symptoms into a finding: the root cause naming the values that prove it,
/// the evidence, and recommendations with patches. One function per family of kinds.
struct FindingBuilder {
  let index: ClusterIndex
  let group: WorkloadGroup

  var owner: ObjectReference { group.owner }
  var namespace: String { owner.namespace ?? "default" }
  var containerName: String { group.container ?? "" }
  var spec: KubeContainer? { group.containerSpec(index) }
  /// `-n NS`
  var namespaceFlag: String { "-n \(namespace)" }

  func build() -> Finding {
    var finding: Finding
    switch group.kind {
    case .oomKilled, .outOfMemory: finding = memory()
    case .imageNotFound, .imagePullUnauthorized, .imagePullFailing, .invalidImageName:
      finding = imagePull()
    case .imagePullTransient: finding = imagePullRecovered()
    case .missingSecret, .missingConfigMap, .missingSecretKey, .missingConfigMapKey,
      .containerConfigError:
      finding = missingReference()
    case .livenessProbeFailing, .readinessProbeFailing, .startupProbeFailing: finding = probe()
    case .insufficientResources: finding = insufficientResources()
    case .unschedulable: finding = unschedulable()
    case .unboundVolumeClaim: finding = unboundClaim()
    case .evicted: finding = evicted()
    case .volumeMountFailing, .containerCreatingStuck, .pending: finding = stuck()
    case .nodeNotReady, .nodePressure: finding = stuck()
    case .missingEnvironmentVariable: finding = missingEnvironmentVariable()
    case .commandNotFound, .commandNotExecutable: finding = badCommand()
    case .initContainerFailing: finding = initContainer()
    case .crashLoop, .applicationError, .containerStartError, .killed, .segmentationFault:
      finding = crash()
    }
    return finding
  }

  // MARK: shared pieces

  /// Owner first, then the pods.
  var affected: [ObjectReference] {
    var references = [owner]
    for subject in group.subjects where subject != owner { references.append(subject) }
    return references
  }

  /// Each pod's own facts, then the log lines.
  var podEvidence: [Evidence] { group.symptoms.flatMap(\.evidence) }

  var severity: Severity { group.symptoms.map(\.severity).min() ?? .warning }

  var confidence: Confidence {
    let levels = group.symptoms.map(\.confidence)
    if levels.contains(.high) { return .high }
    return levels.contains(.medium) ? .medium : .low
  }

  /// The most common STATUS of the pods: `CrashLoopBackOff`.
  var statusPhrase: String {
    var counts: [String: Int] = [:]
    for pod in group.pods { counts[PodStatusColumn(pod).status, default: 0] += 1 }
    return counts.max { ($0.value, $1.key) < ($1.value, $0.key) }?.key ?? "failing"
  }

  /// `payment-service: 3 pods in CrashLoopBackOff, killed for ...`
  func title(_ what: String) -> String { "\(owner.name): \(what)" }

  func finding(
    title: String, rootCause: String, evidence: [Evidence], recommendations: [Recommendation],
    severity: Severity? = nil, confidence: Confidence? = nil, affected: [ObjectReference]? = nil
  ) -> Finding {
    Finding(
      kind: group.kind.rawValue, severity: severity ?? self.severity, title: title,
      affected: affected ?? self.affected, rootCause: rootCause, evidence: evidence,
      recommendations: recommendations, confidence: confidence ?? self.confidence)
  }

  /// `kubectl logs POD -n NS -c C --previous`
  var logsCommand: String {
    let pod = group.subjects.first?.name ?? owner.name
    return "kubectl logs \(pod) \(namespaceFlag) -c \(containerName) --previous"
  }

  var describeCommand: String {
    "kubectl describe pod \(group.subjects.first?.name ?? owner.name) \(namespaceFlag)"
  }

  /// The restart count in words, when there are restarts.
  var restartsPhrase: String {
    let restarts = group.maxRestarts
    return restarts > 0 ? " (\(restarts) restarts)" : ""
  }

  /// `the container payment-service` / `the init container db-migrate`.
  var containerPhrase: String {
    "the \(group.isInitContainer ? "init container" : "container") \(containerName)"
  }

  /// Severity of a problem that only some pods of the owner have: critical when none is ready.
  var noPodReady: Bool {
    !group.ownerPods.contains { PodStatusColumn($0).isHealthy }
  }

  /// The command line of the container, as the image will run it.
  var commandLine: String? {
    guard let spec else { return nil }
    let words = (spec.command ?? []) + (spec.args ?? [])
    return words.isEmpty ? nil : words.joined(separator: " ")
  }
}
