import Foundation

/// Pods known only from their events (the pod itself was not captured, e.g. the kubectl tool's
/// summarized events): what the events alone say, with lower confidence.
enum EventOnlyAnalyzer {
  static func symptoms(podNamed name: String, namespace: String, signals: PodEventSignals)
    -> [Symptom]
  {
    let subject = ObjectReference(kind: "Pod", namespace: namespace, name: name)
    func symptom(
      _ kind: FindingKind, _ severity: Severity, container: String?, cause: Cause,
      _ event: KubeEvent, fact: String, confidence: Confidence = .medium
    ) -> Symptom {
      Symptom(
        kind: kind, severity: severity, subject: subject, pod: nil, container: container,
        cause: cause,
        evidence: [Evidence(fact: fact, source: event.evidenceSource, excerpt: [event.message])],
        confidence: confidence)
    }
    var symptoms: [Symptom] = []
    var containers = Set(signals.pullFailures.map { $0.container ?? "" })
    if signals.pullFailures.contains(where: { $0.container == nil }) { containers.insert("") }
    for container in containers.sorted() {
      guard let failure = signals.pullFailures(container: container).last else { continue }
      let classification = ImagePullFailure(message: failure.message)
      let image = ImagePullFailure.image(in: failure.message)
      let name = container.isEmpty ? nil : container
      if let success = signals.pullRecovered(container: container) {
        symptoms.append(
          symptom(
            .imagePullTransient, .warning, container: name,
            cause: .imagePullRecovered(
              classification, image: image, message: failure.message, success: success), failure,
            fact: "pulling the image failed, then succeeded"))
        continue
      }
      let kind: FindingKind =
        switch classification {
        case .notFound: .imageNotFound
        case .unauthorized: .imagePullUnauthorized
        case .invalidName: .invalidImageName
        case .transient, .other: .imagePullFailing
        }
      symptoms.append(
        symptom(
          kind, .critical, container: name,
          cause: .imagePull(classification, image: image, message: failure.message), failure,
          fact: "the image pull fails"))
    }
    for event in signals.containerErrors {
      guard let reference = PodAnalyzer.missingReference(in: event.message) else { continue }
      let kind: FindingKind =
        switch (reference.kind, reference.key) {
        case ("Secret", nil): .missingSecret
        case ("Secret", _): .missingSecretKey
        case (_, nil): .missingConfigMap
        default: .missingConfigMapKey
        }
      symptoms.append(
        symptom(
          kind, .critical, container: event.container,
          cause: .missingReference(
            kind: reference.kind, name: reference.name, key: reference.key, message: event.message),
          event, fact: "the kubelet cannot create the container", confidence: .high))
      break
    }
    if let event = signals.failedScheduling {
      let failure = SchedulingFailure(message: event.message)
      let kind: FindingKind =
        failure.reasons.contains(.unboundClaims)
        ? .unboundVolumeClaim
        : failure.reasons.contains(where: {
          if case .insufficient = $0 { return true } else { return false }
        }) ? .insufficientResources : .unschedulable
      symptoms.append(
        symptom(
          kind, .critical, container: nil, cause: .unschedulable(failure), event,
          fact: "the scheduler cannot place the pod", confidence: .high))
    }
    if let event = signals.evictions.last {
      symptoms.append(
        symptom(
          .evicted, .warning, container: nil, cause: .evicted(message: event.message), event,
          fact: "the kubelet evicted the pod", confidence: .high))
    }
    for kind in ProbeKind.allCases {
      guard let failure = signals.probeFailures.last(where: { $0.kind == kind }) else { continue }
      let findingKind: FindingKind =
        switch kind {
        case .liveness: .livenessProbeFailing
        case .readiness: .readinessProbeFailing
        case .startup: .startupProbeFailing
        }
      symptoms.append(
        symptom(
          findingKind, .warning, container: failure.event.container, cause: .probe(failure),
          failure.event, fact: "the \(kind.rawValue) probe fails: \(failure.detail)"))
    }
    let explained = symptoms.contains { $0.kind == .livenessProbeFailing }
    if let backOff = signals.restartBackOffs.last, !explained {
      symptoms.append(
        symptom(
          .crashLoop, .critical, container: backOff.container,
          cause: .termination(.applicationError(1), exitCode: -1, reason: nil, message: nil),
          backOff, fact: "the kubelet keeps restarting a failed container (BackOff)",
          confidence: .low))
    }
    return symptoms
  }
}
