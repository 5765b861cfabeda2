import Foundation

/// Reads one pod: its phase and conditions, every container's and init container's state,
/// last state, restarts and exit code, together with the pod's events, and names what is wrong.
enum PodAnalyzer {
  static let pullWaitingReasons: Set<String> = [
    "ImagePullBackOff", "ErrImagePull", "ImageInspectError", "ErrImageNeverPull",
    "RegistryUnavailable",
  ]
  /// Minutes in ContainerCreating after which a pod counts as stuck.
  static let stuckCreatingMinutes = 10

  static func symptoms(
    of pod: KubePod, signals: PodEventSignals, column: PodStatusColumn, index: ClusterIndex
  ) -> [Symptom] {
    let context = Context(pod: pod, signals: signals, column: column, index: index)
    var symptoms = context.recoveredPulls()
    if let evicted = context.evicted() { return symptoms + [evicted] }
    if let unscheduled = context.unscheduled() { return symptoms + [unscheduled] }
    if let initFailure = context.initContainerFailure() { return symptoms + [initFailure] }
    for status in pod.status.containerStatuses ?? [] {
      if let symptom = context.containerSymptom(status) { symptoms.append(symptom) }
    }
    if symptoms.isEmpty, let pending = context.pendingWithoutReason() { symptoms.append(pending) }
    return symptoms
  }

  /// Secret/ConfigMap references in a CreateContainerConfigError message.
  static func missingReference(in message: String) -> (kind: String, name: String, key: String?)? {
    if let name = quoted(after: "secret ", in: message), message.contains("not found") {
      return ("Secret", name, nil)
    }
    if let name = quoted(after: "configmap ", in: message), message.contains("not found") {
      return ("ConfigMap", name, nil)
    }
    // couldn't find key url in Secret billing/invoice-db-credentials
    if let range = message.range(of: "couldn't find key ") {
      let rest = message[range.upperBound...].split(separator: " ")
      if rest.count >= 4, rest[1] == "in" {
        let kind = rest[2] == "Secret" ? "Secret" : "ConfigMap"
        let name = rest[3].split(separator: "/").last.map(String.init) ?? String(rest[3])
        return (kind, name, String(rest[0]))
      }
    }
    return nil
  }

  private static func quoted(after prefix: String, in message: String) -> String? {
    guard let range = message.range(of: prefix + "\"") else { return nil }
    let rest = message[range.upperBound...]
    guard let close = rest.firstIndex(of: "\"") else { return nil }
    return String(rest[..<close])
  }

  /// Everything one pod's analysis needs, so the helpers stay small.
  private struct Context {
    let pod: KubePod
    let signals: PodEventSignals
    let column: PodStatusColumn
    let index: ClusterIndex

    func source(_ path: String) -> String {
      "pod \(pod.namespace)/\(pod.name) \(path) (\(pod.source))"
    }

    func symptom(
      _ kind: FindingKind, _ severity: Severity, container: String?, isInit: Bool = false,
      cause: Cause, restarts: Int = 0, evidence: [Evidence], confidence: Confidence = .high
    ) -> Symptom {
      Symptom(
        kind: kind, severity: severity, subject: pod.reference, pod: pod, container: container,
        isInitContainer: isInit, cause: cause, restarts: restarts, evidence: evidence,
        confidence: confidence)
    }

    // MARK: pod-level states

    func evicted() -> Symptom? {
      guard pod.status.reason == "Evicted" else { return nil }
      let message = pod.status.message ?? signals.evictions.last?.message ?? ""
      var evidence = [
        Evidence(
          fact: "\(pod.name) was evicted (phase \(pod.status.phase ?? "Failed"))"
            + (pod.spec.nodeName.map { " from node \($0)" } ?? ""),
          source: source("status.reason"),
          excerpt: message.isEmpty ? [] : [message.trimmingCharacters(in: .whitespaces)])
      ]
      if let event = signals.evictions.last {
        evidence.append(
          Evidence(fact: "the kubelet evicted the pod", source: event.evidenceSource))
      }
      return symptom(
        .evicted, .warning, container: nil, cause: .evicted(message: message), evidence: evidence)
    }

    func unscheduled() -> Symptom? {
      let condition = pod.status.condition("PodScheduled")
      let unschedulable = condition?.status == "False" && condition?.reason == "Unschedulable"
      let pendingWithEvent =
        pod.status.phase == "Pending" && pod.spec.nodeName == nil
        && signals.failedScheduling != nil
      guard unschedulable || pendingWithEvent else { return nil }
      let message = signals.failedScheduling?.message ?? condition?.message ?? ""
      let failure = SchedulingFailure(message: message)
      var kind = FindingKind.unschedulable
      if failure.reasons.contains(.unboundClaims) {
        kind = .unboundVolumeClaim
      } else if failure.reasons.allSatisfy({
        if case .insufficient = $0 { return true } else { return false }
      }), !failure.reasons.isEmpty {
        kind = .insufficientResources
      }
      var evidence: [Evidence] = []
      if let condition, condition.status == "False" {
        evidence.append(
          Evidence(
            fact:
              "\(pod.name) is Pending: PodScheduled is False (\(condition.reason ?? "no reason"))",
            source: source("status.conditions[PodScheduled]"),
            excerpt: condition.message.map { [$0] } ?? []))
      }
      if let event = signals.failedScheduling {
        evidence.append(
          Evidence(
            fact: "the scheduler cannot place the pod", source: event.evidenceSource,
            excerpt: [event.message]))
      }
      return symptom(
        kind, .critical, container: nil, cause: .unschedulable(failure), evidence: evidence)
    }

    func pendingWithoutReason() -> Symptom? {
      guard pod.status.phase == "Pending", column.status == "Pending" else { return nil }
      return symptom(
        .pending, .warning, container: nil, cause: .pending,
        evidence: [
          Evidence(
            fact: "\(pod.name) is Pending with no reason reported", source: source("status.phase"))
        ], confidence: .low)
    }

    // MARK: containers

    /// Image pulls that failed and later succeeded: a separate, secondary finding.
    func recoveredPulls() -> [Symptom] {
      var symptoms: [Symptom] = []
      let containers =
        (pod.spec.initContainers ?? []).map { ($0, true) } + pod.spec.containers.map { ($0, false) }
      for (container, isInit) in containers {
        guard let success = signals.pullRecovered(container: container.name),
          let failure = signals.pullFailures(container: container.name).last
        else { continue }
        let classification = ImagePullFailure(message: failure.message)
        let failures = signals.pullFailures(container: container.name)
        var evidence = failures.map {
          Evidence(
            fact: "pulling the image of \(container.name) failed", source: $0.evidenceSource,
            excerpt: [$0.message])
        }
        if let backOff = signals.pullFailures.isEmpty ? nil : pullBackOffEvent(container.name) {
          evidence.append(
            Evidence(
              fact: "the kubelet backed off (ImagePullBackOff)", source: backOff.evidenceSource))
        }
        evidence.append(
          Evidence(
            fact: "the image was pulled successfully afterwards", source: success.evidenceSource,
            excerpt: [success.message]))
        symptoms.append(
          symptom(
            .imagePullTransient, .warning, container: container.name, isInit: isInit,
            cause: .imagePullRecovered(
              classification, image: container.image, message: failure.message, success: success),
            evidence: evidence))
      }
      return symptoms
    }

    private func pullBackOffEvent(_ container: String) -> KubeEvent? {
      index.events(for: pod).last {
        $0.reason == "BackOff" && $0.message.hasPrefix("Back-off pulling image")
          && ($0.container == nil || $0.container == container)
      }
    }

    func initContainerFailure() -> Symptom? {
      for status in pod.status.initContainerStatuses ?? [] {
        if let terminated = status.state?.terminated, terminated.exitCode == 0 { continue }
        if status.state?.running != nil { return nil }
        let spec = pod.spec.initContainers?.first { $0.name == status.name }
        if spec?.restartPolicy == "Always", status.started == true { continue }
        if let symptom = containerSymptom(status, isInit: true) { return symptom }
        return nil
      }
      return nil
    }

    func containerSymptom(_ status: KubeContainerStatus, isInit: Bool = false) -> Symptom? {
      let path = isInit ? "status.initContainerStatuses" : "status.containerStatuses"
      let restarts = status.restartCount ?? 0
      let name = status.name
      if let waiting = status.state?.waiting, let reason = waiting.reason {
        let stateEvidence = Evidence(
          fact: "container \(name) is waiting: \(reason)"
            + (restarts > 0 ? " after \(restarts) restarts" : ""),
          source: source("\(path)[\(name)].state.waiting"),
          excerpt: waiting.message.map { [$0] } ?? [])
        if PodAnalyzer.pullWaitingReasons.contains(reason) {
          return pullFailure(status, waiting: waiting, isInit: isInit, state: stateEvidence)
        }
        switch reason {
        case "InvalidImageName":
          return symptom(
            .invalidImageName, .critical, container: name, isInit: isInit,
            cause: .imagePull(.invalidName, image: status.image, message: waiting.message ?? ""),
            evidence: [stateEvidence])
        case "CreateContainerConfigError":
          return configError(
            name, message: waiting.message ?? "", isInit: isInit, state: stateEvidence)
        case "CreateContainerError", "RunContainerError", "StartError":
          let message = waiting.message ?? status.lastState?.terminated?.message ?? ""
          return startError(status, message: message, isInit: isInit, state: stateEvidence)
        case "CrashLoopBackOff":
          return crashLoop(status, isInit: isInit, state: stateEvidence)
        case "ContainerCreating", "PodInitializing":
          return creating(status, isInit: isInit, state: stateEvidence)
        default:
          return nil
        }
      }
      if status.state?.running != nil {
        return runningSymptom(status, isInit: isInit, path: path)
      }
      if let terminated = status.state?.terminated, terminated.exitCode != 0 {
        return termination(
          status, terminated: terminated, isInit: isInit,
          state: Evidence(
            fact:
              "container \(name) terminated: \(terminated.reason ?? "Error") (exit code \(terminated.exitCode))",
            source: source("\(path)[\(name)].state.terminated"),
            excerpt: terminated.message.map { [$0] } ?? []))
      }
      return nil
    }

    private func pullFailure(
      _ status: KubeContainerStatus, waiting: KubeContainerState.Waiting, isInit: Bool,
      state: Evidence
    ) -> Symptom {
      let failures = signals.pullFailures(container: status.name)
      let message = failures.last?.message ?? waiting.message ?? ""
      let classification = ImagePullFailure(message: message)
      let kind: FindingKind =
        switch classification {
        case .notFound: .imageNotFound
        case .unauthorized: .imagePullUnauthorized
        case .invalidName: .invalidImageName
        case .transient, .other: .imagePullFailing
        }
      var evidence = [state]
      if let event = failures.last {
        evidence.append(
          Evidence(
            fact: "the image pull fails", source: event.evidenceSource, excerpt: [event.message]))
      }
      let image = pod.containerSpec(status.name)?.image ?? status.image
      return symptom(
        kind, .critical, container: status.name, isInit: isInit,
        cause: .imagePull(classification, image: image, message: message), evidence: evidence,
        confidence: classification == .other ? .medium : .high)
    }

    private func configError(
      _ container: String, message: String, isInit: Bool, state: Evidence
    ) -> Symptom {
      var evidence = [state]
      if let event = signals.containerErrors.last(where: {
        $0.container == nil || $0.container == container
      }) {
        evidence.append(
          Evidence(
            fact: "the kubelet cannot create the container", source: event.evidenceSource,
            excerpt: [event.message]))
      }
      guard let reference = PodAnalyzer.missingReference(in: message) else {
        return symptom(
          .containerConfigError, .critical, container: container, isInit: isInit,
          cause: .configError(message: message), evidence: evidence, confidence: .medium)
      }
      let kind: FindingKind =
        switch (reference.kind, reference.key) {
        case ("Secret", nil): .missingSecret
        case ("Secret", _): .missingSecretKey
        case (_, nil): .missingConfigMap
        default: .missingConfigMapKey
        }
      return symptom(
        kind, .critical, container: container, isInit: isInit,
        cause: .missingReference(
          kind: reference.kind, name: reference.name, key: reference.key, message: message),
        evidence: evidence)
    }

    private func startError(
      _ status: KubeContainerStatus, message: String, isInit: Bool, state: Evidence
    ) -> Symptom {
      let exitCode =
        message.contains("executable file not found") || message.contains("no such file")
        ? 127
        : message.contains("permission denied")
          ? 126 : status.lastState?.terminated?.exitCode ?? 128
      let meaning = ExitCodeMeaning(exitCode: exitCode)
      let kind: FindingKind =
        switch meaning {
        case .commandNotFound: .commandNotFound
        case .notExecutable: .commandNotExecutable
        default: .containerStartError
        }
      return symptom(
        isInit ? .initContainerFailing : kind, .critical, container: status.name, isInit: isInit,
        cause: .termination(meaning, exitCode: exitCode, reason: "StartError", message: message),
        restarts: status.restartCount ?? 0, evidence: [state])
    }

    private func crashLoop(
      _ status: KubeContainerStatus, isInit: Bool, state: Evidence
    ) -> Symptom {
      guard let terminated = status.lastState?.terminated ?? status.state?.terminated else {
        var evidence = [state]
        evidence += backOffEvidence(status.name)
        return symptom(
          isInit ? .initContainerFailing : .crashLoop, .critical, container: status.name,
          isInit: isInit,
          cause: .termination(.applicationError(1), exitCode: -1, reason: nil, message: nil),
          restarts: status.restartCount ?? 0, evidence: evidence, confidence: .low)
      }
      let path = isInit ? "status.initContainerStatuses" : "status.containerStatuses"
      let last = Evidence(
        fact:
          "last state terminated: \(terminated.reason ?? "no reason") (exit code \(terminated.exitCode): "
          + "\(ExitCodeMeaning(exitCode: terminated.exitCode, reason: terminated.reason).explanation))",
        source: source("\(path)[\(status.name)].lastState.terminated"),
        excerpt: terminated.message.map { [$0] } ?? [])
      return termination(status, terminated: terminated, isInit: isInit, state: state, last: last)
    }

    private func backOffEvidence(_ container: String) -> [Evidence] {
      guard
        let event = signals.restartBackOffs.last(where: {
          $0.container == nil || $0.container == container
        })
      else { return [] }
      return [
        Evidence(fact: "the kubelet keeps restarting it (BackOff)", source: event.evidenceSource)
      ]
    }

    private func livenessKilled(_ container: String) -> Bool {
      signals.killings.contains {
        ($0.container == nil || $0.container == container) && $0.message.contains("liveness")
      } || !signals.probeFailures(.liveness, container: container).isEmpty
    }

    private func termination(
      _ status: KubeContainerStatus, terminated: KubeContainerState.Terminated, isInit: Bool,
      state: Evidence, last: Evidence? = nil
    ) -> Symptom {
      var meaning = ExitCodeMeaning(exitCode: terminated.exitCode, reason: terminated.reason)
      let message = terminated.message ?? ""
      if message.contains("executable file not found") { meaning = .commandNotFound }
      var kind: FindingKind
      var confidence = Confidence.high
      switch meaning {
      case .oomKilled: kind = .oomKilled
      case .commandNotFound: kind = .commandNotFound
      case .notExecutable: kind = .commandNotExecutable
      case .segmentationFault: kind = .segmentationFault
      case .killed, .terminated:
        kind = livenessKilled(status.name) ? .livenessProbeFailing : .killed
        confidence = kind == .killed ? .medium : .high
      case .success:
        kind = .crashLoop
      case .applicationError, .signal:
        kind = .applicationError
        confidence = .medium
      }
      if isInit, kind != .oomKilled { kind = .initContainerFailing }
      var evidence = [state]
      if let last { evidence.append(last) }
      evidence += backOffEvidence(status.name)
      var cause = Cause.termination(
        meaning, exitCode: terminated.exitCode, reason: terminated.reason,
        message: terminated.message)
      if kind == .livenessProbeFailing {
        evidence += probeEvidence(.liveness, status.name)
        if let failure = signals.probeFailures(.liveness, container: status.name).last {
          cause = .probe(failure)
        }
      }
      return symptom(
        kind, .critical, container: status.name, isInit: isInit, cause: cause,
        restarts: status.restartCount ?? 0, evidence: evidence, confidence: confidence)
    }

    private func probeEvidence(_ kind: ProbeKind, _ container: String) -> [Evidence] {
      var evidence: [Evidence] = []
      if let failure = signals.probeFailures(kind, container: container).last {
        evidence.append(
          Evidence(
            fact: "the \(kind.rawValue) probe fails: \(failure.detail)",
            source: failure.event.evidenceSource, excerpt: [failure.event.message]))
      }
      if kind == .liveness,
        let killing = signals.killings.last(where: {
          ($0.container == nil || $0.container == container) && $0.message.contains("liveness")
        })
      {
        evidence.append(
          Evidence(
            fact: "the kubelet kills the container for it", source: killing.evidenceSource,
            excerpt: [killing.message]))
      }
      return evidence
    }

    private func creating(
      _ status: KubeContainerStatus, isInit: Bool, state: Evidence
    ) -> Symptom? {
      if let mount = signals.mountFailures.last {
        return symptom(
          .volumeMountFailing, .critical, container: status.name, isInit: isInit,
          cause: .mountFailing(message: mount.message),
          evidence: [
            state,
            Evidence(
              fact: "a volume cannot be mounted", source: mount.evidenceSource,
              excerpt: [mount.message]),
          ])
      }
      if let sandbox = signals.sandboxFailures.last {
        return symptom(
          .containerCreatingStuck, .critical, container: status.name, isInit: isInit,
          cause: .creatingStuck(message: sandbox.message),
          evidence: [
            state,
            Evidence(
              fact: "the pod sandbox cannot be created", source: sandbox.evidenceSource,
              excerpt: [sandbox.message]),
          ])
      }
      guard status.state?.waiting?.reason == "ContainerCreating",
        let started = pod.status.startTime ?? pod.metadata.creationTimestamp,
        let minutes = Timestamp.minutes(from: started, to: index.now),
        minutes >= PodAnalyzer.stuckCreatingMinutes
      else { return nil }
      return symptom(
        .containerCreatingStuck, .warning, container: status.name, isInit: isInit,
        cause: .creatingStuck(message: nil),
        evidence: [
          Evidence(
            fact: "\(state.fact) for \(minutes) minutes", source: state.source,
            excerpt: state.excerpt)
        ], confidence: .low)
    }

    private func runningSymptom(
      _ status: KubeContainerStatus, isInit: Bool, path: String
    ) -> Symptom? {
      let restarts = status.restartCount ?? 0
      let name = status.name
      if restarts > 0, let terminated = status.lastState?.terminated, terminated.exitCode != 0 {
        let running = Evidence(
          fact: "container \(name) is running again after \(restarts) restarts",
          source: source("\(path)[\(name)].restartCount"))
        let last = Evidence(
          fact:
            "last state terminated: \(terminated.reason ?? "no reason") (exit code \(terminated.exitCode): "
            + "\(ExitCodeMeaning(exitCode: terminated.exitCode, reason: terminated.reason).explanation))",
          source: source("\(path)[\(name)].lastState.terminated"))
        var symptom = termination(
          status, terminated: terminated, isInit: isInit, state: running, last: last)
        symptom.severity = restarts >= 3 || symptom.kind == .livenessProbeFailing ? .warning : .info
        return symptom
      }
      if status.ready == false {
        for kind in [ProbeKind.startup, .readiness] {
          guard let failure = signals.probeFailures(kind, container: name).last else { continue }
          return symptom(
            kind == .startup ? .startupProbeFailing : .readinessProbeFailing, .warning,
            container: name, isInit: isInit, cause: .probe(failure),
            evidence: [
              Evidence(
                fact: "container \(name) is running but not ready",
                source: source("\(path)[\(name)].ready"))
            ] + probeEvidence(kind, name))
        }
      }
      if let failure = signals.probeFailures(.liveness, container: name).last {
        return symptom(
          .livenessProbeFailing, .warning, container: name, isInit: isInit,
          cause: .probe(failure), evidence: probeEvidence(.liveness, name), confidence: .medium)
      }
      return nil
    }
  }
}
