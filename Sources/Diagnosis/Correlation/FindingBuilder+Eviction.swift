import Foundation

/// The numbers in a kubelet eviction message: `The node was low on resource: memory. Threshold
/// quantity: 100Mi, available: 84212Ki. Container X was using 2843208Ki, request is 128Mi, ...`
struct EvictionMessage: Sendable, Equatable {
  var resource: String?
  var container: String?
  var usage: String?
  var request: String?

  init(_ message: String) {
    resource = Self.word(after: "low on resource: ", in: message)
    container = Self.word(after: "Container ", in: message)
    usage = Self.word(after: " was using ", in: message)
    request = Self.word(after: "request is ", in: message)
  }

  private static func word(after marker: String, in text: String) -> String? {
    guard let range = text.range(of: marker) else { return nil }
    let word = text[range.upperBound...].prefix { !" ,.".contains($0) }
    return word.isEmpty ? nil : String(word)
  }
}

extension FindingBuilder {
  /// Pods evicted for node pressure: usage against request, the node's condition, and a patch
  /// giving the container a request and limit that match its use.
  func evicted() -> Finding {
    var message = ""
    for symptom in group.symptoms {
      if case .evicted(let text) = symptom.cause, !text.isEmpty {
        message = text
        break
      }
    }
    let eviction = EvictionMessage(message)
    let resource = eviction.resource ?? "memory"
    let nodes = Set(group.pods.compactMap(\.spec.nodeName)).sorted()
    var evidence = podEvidence
    var cause =
      "\(nodes.isEmpty ? "The node" : "The node \(nodes.joined(separator: ", "))") ran low on \(resource)"
    for name in nodes {
      guard let node = index.nodesByName[name] else { continue }
      let pressure = ["MemoryPressure", "DiskPressure", "PIDPressure"].filter {
        node.condition($0)?.status == "True"
      }
      if !pressure.isEmpty {
        cause += " (\(pressure.joined(separator: ", ")))"
        evidence.append(
          Evidence(
            fact: "node \(name) reports \(pressure.joined(separator: ", "))",
            source: "node \(name) status.conditions (\(node.source))"))
      }
      for event in index.events(kind: "Node", namespace: "", name: name)
      where event.type == "Warning" {
        evidence.append(
          Evidence(
            fact: "the kubelet tried to reclaim \(resource)", source: event.evidenceSource,
            excerpt: [event.message]))
      }
    }
    cause += " and evicted \(group.podPhrase) of \(owner.name)."
    let limit = spec?.resources?.limits?[resource]
    let request = spec?.resources?.requests?[resource] ?? eviction.request
    var recommendations: [Recommendation] = []
    if let usage = eviction.usage, let usageBytes = Quantity.value(usage) {
      cause +=
        " The container \(eviction.container ?? containerName) was using \(usage) (\(Quantity.humanBytes(usageBytes))) "
        + "against a \(request ?? "no") request"
        + (limit == nil ? " and no limit" : " (limit \(limit!))")
        + ", the most over its request on the node, so it was evicted first."
      if resource == "memory" {
        let target = Quantity.roundUp(Int(usageBytes / 1_048_576 * 1.1), to: 256)
        let value = Quantity.formatMebibytes(target)
        let patch = ContainerPatch.make(
          owner: owner, container: eviction.container ?? containerName, isInit: false,
          fields: [
            ContainerPatch.resources(limits: [("memory", value)], requests: [("memory", value)])
          ])
        recommendations.append(
          Recommendation(
            action:
              "Give \(eviction.container ?? containerName) a memory request and limit that match its use: \(request ?? "none") → \(value)",
            rationale:
              "the scheduler then reserves what it uses, and a runaway container is OOMKilled alone instead of starving the node",
            commands: [ContainerPatch.applyCommand(patch)], patch: patch))
      }
    }
    recommendations.append(
      Recommendation(
        action: "Remove the evicted pods once fixed (they stay as Failed records)",
        commands: ["kubectl delete pods --field-selector=status.phase==Failed \(namespaceFlag)"]))
    let severity: Severity = noPodReady ? .critical : .warning
    return finding(
      title: title("\(group.podPhrase) evicted: node low on \(resource)"),
      rootCause: cause, evidence: evidence, recommendations: recommendations, severity: severity)
  }

  /// Pods stuck before running (mounts, sandbox, pending without reason) and node problems.
  func stuck() -> Finding {
    var detail: String?
    for symptom in group.symptoms {
      switch symptom.cause {
      case .mountFailing(let message): detail = message
      case .creatingStuck(let message): detail = message
      default: continue
      }
      break
    }
    let what: String
    let cause: String
    var recommendations = [
      Recommendation(action: "Look at the pod's events", commands: [describeCommand])
    ]
    switch group.kind {
    case .volumeMountFailing:
      what = "\(group.podPhrase) stuck in \(statusPhrase): a volume cannot be mounted"
      cause =
        "The kubelet cannot mount a volume of the pod, so its containers are never created: \(detail ?? "see the FailedMount events")."
      recommendations.insert(
        Recommendation(
          action:
            "Make the volume's source exist (Secret, ConfigMap, PVC) or fix the volume definition"),
        at: 0)
    case .containerCreatingStuck:
      what = "\(group.podPhrase) stuck in \(statusPhrase)"
      cause =
        detail.map { "The pod sandbox or container cannot be created: \($0)." }
        ?? "The pod has been creating its containers for a long time with no event saying why."
    case .nodeNotReady, .nodePressure:
      what = group.first.evidence.first?.fact ?? "node problem"
      cause = group.first.evidence.map(\.fact).joined(separator: "; ") + "."
      recommendations = [
        Recommendation(
          action: "Inspect the node", commands: ["kubectl describe node \(owner.name)"])
      ]
    default:
      what = "\(group.podPhrase) Pending"
      cause = "The pod is Pending and nothing reports why (no scheduling event was captured)."
    }
    return finding(
      title: group.kind == .nodeNotReady || group.kind == .nodePressure
        ? "node \(owner.name): \(what)" : title(what),
      rootCause: cause, evidence: podEvidence, recommendations: recommendations)
  }
}
