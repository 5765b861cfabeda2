import Foundation

/// The deterministic diagnosis: Kubernetes objects, events and logs in, findings out.
/// Pure and fast: one pass over the pods with events indexed by object, no cluster access.
public enum DiagnosisEngine {
  /// Kinds whose symptoms the logs can explain or refine.
  private static let logExplained: Set<FindingKind> = [
    .applicationError, .crashLoop, .killed, .segmentationFault, .initContainerFailing, .oomKilled,
    .livenessProbeFailing, .readinessProbeFailing, .startupProbeFailing, .containerStartError,
  ]
  /// Kinds a log pattern may replace with the cause it names.
  private static let logRefinable: Set<FindingKind> = [.applicationError, .crashLoop, .killed]

  /// Diagnoses one namespace, or all of them when `namespace` is nil.
  public static func diagnose(_ data: ClusterData, namespace: String? = nil) -> DiagnosisReport {
    let index = ClusterIndex(data, namespace: namespace)
    let resolver = OwnerResolver(index: index)
    var rows: [PodStatusRow] = []
    var symptoms: [Symptom] = []
    var podsByOwner: [ObjectReference: [KubePod]] = [:]
    var ownerOfSubject: [ObjectReference: ObjectReference] = [:]

    for pod in index.pods {
      let column = PodStatusColumn(pod)
      let owner = resolver.owner(of: pod)
      podsByOwner[owner, default: []].append(pod)
      ownerOfSubject[pod.reference] = owner
      rows.append(row(pod, column: column, owner: owner))
      let signals = EventAnalyzer.signals(index.events(for: pod))
      for var symptom in PodAnalyzer.symptoms(
        of: pod, signals: signals, column: column, index: index)
      {
        if logExplained.contains(symptom.kind), let container = symptom.container {
          symptom.logMatches = LogAnalyzer.matches(pod: pod, container: container, index: index)
          if logRefinable.contains(symptom.kind),
            let refined = symptom.logMatches.first?.pattern.findingKind
          {
            symptom.kind = refined
            symptom.confidence = .high
          }
        }
        symptoms.append(symptom)
      }
    }

    // Pods seen only in events.
    for (key, events) in index.eventsByObject where key.kind == "Pod" {
      guard index.podsByKey[key] == nil else { continue }
      let owner = resolver.owner(ofPodNamed: key.name, namespace: key.namespace)
      let found = EventOnlyAnalyzer.symptoms(
        podNamed: key.name, namespace: key.namespace, signals: EventAnalyzer.signals(events))
      if !found.isEmpty { ownerOfSubject[found[0].subject] = owner }
      symptoms += found
    }

    // Claims that fail to provision while no captured pod waits for them.
    let mounted = Set(
      index.pods.flatMap { pod in
        (pod.spec.volumes ?? []).compactMap { volume in
          volume.persistentVolumeClaim.map {
            ObjectKey(kind: "PersistentVolumeClaim", namespace: pod.namespace, name: $0.claimName)
          }
        }
      })
    for (key, claim) in index.claims where !mounted.contains(key) && claim.status?.phase != "Bound"
    {
      let events = index.events(kind: key.kind, namespace: key.namespace, name: key.name)
      guard let failure = events.last(where: { $0.reason == "ProvisioningFailed" }) else {
        continue
      }
      let reference = ObjectReference(kind: key.kind, namespace: key.namespace, name: key.name)
      ownerOfSubject[reference] = reference
      symptoms.append(
        Symptom(
          kind: .unboundVolumeClaim, severity: .warning, subject: reference,
          cause: .unschedulable(SchedulingFailure(message: failure.message)), evidence: []))
    }

    // Nodes: only those running pods in scope when one namespace is asked for; pressure that
    // already explains an eviction is evidence there, not a finding of its own.
    let evictedNodes = Set(
      symptoms.filter { $0.kind == .evicted }.compactMap { $0.pod?.spec.nodeName })
    let usedNodes = Set(index.pods.compactMap(\.spec.nodeName))
    for symptom in NodeAnalyzer.symptoms(index) {
      if namespace != nil && !usedNodes.contains(symptom.subject.name) { continue }
      if symptom.kind == .nodePressure && evictedNodes.contains(symptom.subject.name) { continue }
      ownerOfSubject[symptom.subject] = symptom.subject
      symptoms.append(symptom)
    }

    let findings = group(symptoms, ownerOf: ownerOfSubject, podsByOwner: podsByOwner).map {
      FindingBuilder(index: index, group: $0).build()
    }.sorted(by: order)

    let healthy = !findings.contains { $0.severity != .info }
    let scope = DiagnosisScope(
      namespace: namespace, pods: index.pods.count, events: index.eventCount,
      logs: index.logs.count, source: data.source)
    return DiagnosisReport(
      scope: scope, healthy: healthy,
      summary: summary(findings, healthy: healthy, index: index), pods: rows, findings: findings)
  }

  /// Most severe first; within a severity by the first affected object, then kind and title.
  static func order(_ lhs: Finding, _ rhs: Finding) -> Bool {
    if lhs.severity != rhs.severity { return lhs.severity < rhs.severity }
    let left = lhs.affected.first ?? ObjectReference(kind: "", namespace: nil, name: "")
    let right = rhs.affected.first ?? ObjectReference(kind: "", namespace: nil, name: "")
    if left != right { return left < right }
    return (lhs.kind, lhs.title) < (rhs.kind, rhs.title)
  }

  private struct GroupKey: Hashable {
    var owner: ObjectReference
    var kind: FindingKind
    var container: String?
  }

  /// Three crashing pods of one deployment become one group about the deployment.
  private static func group(
    _ symptoms: [Symptom], ownerOf: [ObjectReference: ObjectReference],
    podsByOwner: [ObjectReference: [KubePod]]
  ) -> [WorkloadGroup] {
    var groups: [GroupKey: [Symptom]] = [:]
    for symptom in symptoms {
      let owner = ownerOf[symptom.subject] ?? symptom.subject
      groups[GroupKey(owner: owner, kind: symptom.kind, container: symptom.container), default: []]
        .append(symptom)
    }
    return groups.map { key, members in
      WorkloadGroup(
        owner: key.owner, kind: key.kind, container: key.container,
        symptoms: members.sorted { $0.subject < $1.subject },
        ownerPods: podsByOwner[key.owner] ?? [])
    }
  }

  private static func row(
    _ pod: KubePod, column: PodStatusColumn, owner: ObjectReference
  ) -> PodStatusRow {
    let statuses = (pod.status.containerStatuses ?? []) + (pod.status.initContainerStatuses ?? [])
    let lastTermination = statuses.lazy.compactMap { status -> String? in
      guard let terminated = status.lastState?.terminated else { return nil }
      return "\(terminated.reason ?? "Error") (exit \(terminated.exitCode))"
    }.first
    return PodStatusRow(
      namespace: pod.namespace, name: pod.name, status: column.status, ready: column.ready,
      restarts: column.restarts, lastTermination: lastTermination, node: pod.spec.nodeName,
      owner: owner == pod.reference ? nil : owner, unhealthy: !column.isHealthy)
  }

  private static func summary(_ findings: [Finding], healthy: Bool, index: ClusterIndex) -> String {
    let namespaces = Set(index.pods.map(\.namespace))
    let place =
      index.namespace.map { " in namespace \($0)" }
      ?? (namespaces.count == 1
        ? " in namespace \(namespaces.first!)" : " in \(namespaces.count) namespaces")
    if healthy {
      if index.pods.isEmpty {
        return
          "No pods found\(index.namespace.map { " in namespace \($0)" } ?? ""); nothing looks wrong."
      }
      let pods = index.pods.count == 1 ? "the 1 pod" : "all \(index.pods.count) pods"
      let notes =
        findings.isEmpty ? "" : " (\(findings.count) note\(findings.count == 1 ? "" : "s"))"
      return
        "Healthy: \(pods)\(place) are running and ready or completed; no problems found\(notes)."
    }
    let critical = findings.filter { $0.severity == .critical }.count
    let warning = findings.filter { $0.severity == .warning }.count
    // "1 critical problem and 2 warnings", "3 critical problems", "1 warning".
    var counts: [String] = []
    if critical > 0 { counts.append("\(critical) critical problem\(critical == 1 ? "" : "s")") }
    if warning > 0 { counts.append("\(warning) warning\(warning == 1 ? "" : "s")") }
    return "\(counts.joined(separator: " and "))\(place); most severe: \(findings[0].title)."
  }
}
