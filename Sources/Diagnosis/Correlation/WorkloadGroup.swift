import Foundation

/// The symptoms of one kind that the pods of one workload share: they become one finding
/// about the workload, listing the pods.
struct WorkloadGroup: Sendable {
  var owner: ObjectReference
  var kind: FindingKind
  var container: String?
  /// Sorted by pod name.
  var symptoms: [Symptom]
  /// Every pod of the owner in scope, healthy or not (to tell "all down" from "some down").
  var ownerPods: [KubePod]

  var first: Symptom { symptoms[0] }
  var pods: [KubePod] { symptoms.compactMap(\.pod) }
  var subjects: [ObjectReference] { symptoms.map(\.subject) }
  var isInitContainer: Bool { first.isInitContainer }

  /// `3 pods` / `pod x`.
  var podPhrase: String {
    subjects.count == 1 ? "pod \(subjects[0].name)" : "\(subjects.count) pods"
  }

  /// The container as the workload's template declares it, else as the first pod does.
  func containerSpec(_ index: ClusterIndex) -> KubeContainer? {
    guard let container else { return nil }
    let key = ObjectKey(kind: owner.kind, namespace: owner.namespace ?? "", name: owner.name)
    if let template = index.workloads[key]?.spec?.template?.spec,
      let spec = (template.containers + (template.initContainers ?? [])).first(where: {
        $0.name == container
      })
    {
      return spec
    }
    return pods.lazy.compactMap { $0.containerSpec(container) }.first
  }

  /// Where the container spec was read, for evidence.
  func specSource(_ index: ClusterIndex, field: String) -> String {
    let key = ObjectKey(kind: owner.kind, namespace: owner.namespace ?? "", name: owner.name)
    let list = isInitContainer ? "initContainers" : "containers"
    if let workload = index.workloads[key], workload.spec?.template?.spec != nil {
      return "\(owner.kind.lowercased()) \(owner.namespace ?? "")/\(owner.name) "
        + "spec.template.spec.\(list)[\(container ?? "")].\(field) (\(workload.source))"
    }
    let pod = pods.first
    return
      "pod \(pod?.namespace ?? "")/\(pod?.name ?? "") spec.\(list)[\(container ?? "")].\(field)"
      + (pod.map { " (\($0.source))" } ?? "")
  }

  /// The highest restart count among the pods.
  var maxRestarts: Int { symptoms.map(\.restarts).max() ?? 0 }

  /// The first log match of the group (symptoms are sorted by pod), strongest first.
  var topLogMatch: LogMatch? {
    symptoms.compactMap(\.logMatches.first).max { $0.pattern.priority < $1.pattern.priority }
  }

  /// One evidence per distinct log line across pods; repeats are counted in the fact.
  var logEvidence: [Evidence] {
    var order: [String] = []
    var byKey: [String: (match: LogMatch, logs: Int, pods: Set<String>)] = [:]
    for symptom in symptoms {
      for match in symptom.logMatches {
        let key = match.pattern.id + "\u{0}" + match.line
        if let existing = byKey[key] {
          byKey[key] = (existing.match, existing.logs + 1, existing.pods.union([match.log.pod]))
        } else {
          byKey[key] = (match, 1, [match.log.pod])
          order.append(key)
        }
      }
    }
    return order.compactMap { key in
      guard let entry = byKey[key] else { return nil }
      var evidence = entry.match.evidence
      if entry.logs > 1 {
        evidence.fact +=
          "; the same line is in \(entry.logs) logs of \(entry.pods.count) pod"
          + (entry.pods.count == 1 ? "" : "s")
      }
      return evidence
    }
  }
}
