import Foundation

extension FindingBuilder {
  /// Liveness, readiness and startup probes that fail: the probe, the failure, what the kubelet
  /// does about it, the logs, and a patch relaxing the thresholds.
  func probe() -> Finding {
    let kind: ProbeKind =
      switch group.kind {
      case .livenessProbeFailing: .liveness
      case .startupProbeFailing: .startup
      default: .readiness
      }
    let probeSpec = spec?.probe(kind)
    let failures = group.symptoms.compactMap { symptom -> ProbeFailure? in
      if case .probe(let failure) = symptom.cause { return failure }
      return nil
    }
    let failure = failures.first
    let detail = failure?.detail ?? "it fails"
    let counts = failures.map(\.event.count)
    let target = probeSpec?.target ?? "its endpoint"

    var evidence = podEvidence
    if let probeSpec {
      evidence.append(
        Evidence(
          fact: "\(kind.rawValue) probe \(target), every \(probeSpec.periodSeconds ?? 10)s, "
            + "timeout \(probeSpec.timeoutSeconds ?? 1)s, failure threshold \(probeSpec.failureThreshold ?? 3)",
          source: group.specSource(index, field: "\(kind.rawValue)Probe")))
    }
    let logs = crashLogEvidence
    evidence += logs

    var cause =
      "The \(kind.rawValue) probe of \(containerName) (\(target)) fails: \(detail)"
      + (counts.isEmpty ? "" : " (×\(counts.max()!)\(counts.count > 1 ? " per pod" : ""))") + ". "
    switch kind {
    case .liveness:
      cause +=
        "After \(probeSpec?.failureThreshold ?? 3) failures in a row the kubelet kills the container "
        + "(exit code 137) and restarts it\(restartsPhrase): the container does not crash by itself."
    case .readiness:
      cause +=
        "The pods stay running but not Ready, so their Service sends them no traffic; "
        + "they are not restarted."
    case .startup:
      cause += "The container never finishes starting and is restarted\(restartsPhrase)."
    }
    if let match = group.topLogMatch {
      cause += " The logs show \(match.pattern.meaning)"
      if let detail = match.detail {
        cause += ": \(detail)"
        if let service = serviceName(forAddress: detail) { cause += " (Service \(service))" }
      }
      cause += "."
    } else if let line = logs.first?.excerpt.last {
      cause += " The logs say: `\(line.trimmingCharacters(in: .whitespaces))`."
    }

    var recommendations: [Recommendation] = []
    if let match = group.topLogMatch {
      var commands = ["kubectl get endpoints \(namespaceFlag)"]
      if let detail = match.detail, let host = Self.host(in: detail) {
        commands.insert("kubectl get services -A -o wide | grep \(host)", at: 0)
      }
      recommendations.append(
        Recommendation(
          action:
            "Fix what the probe reports: \(match.pattern.recommendation.prefix(1).lowercased() + match.pattern.recommendation.dropFirst())"
            + (match.detail.map { " (\($0))" } ?? ""),
          commands: commands))
    } else {
      recommendations.append(
        Recommendation(
          action: "Fix the condition \(target) reports as failing (\(detail))",
          commands: [logsCommand]))
    }
    if kind != .readiness, let probeSpec {
      let threshold = max((probeSpec.failureThreshold ?? 3) * 2, 6)
      let timeout = max(probeSpec.timeoutSeconds ?? 1, 5)
      let patch = ContainerPatch.make(
        owner: owner, container: containerName, isInit: group.isInitContainer,
        fields: [
          (
            "\(kind.rawValue)Probe",
            .map([
              ("failureThreshold", .number(threshold)),
              ("timeoutSeconds", .number(timeout)),
            ])
          )
        ])
      recommendations.append(
        Recommendation(
          action:
            "Relax the \(kind.rawValue) probe: failureThreshold \(probeSpec.failureThreshold ?? 3) → \(threshold), timeoutSeconds \(probeSpec.timeoutSeconds ?? 1) → \(timeout)",
          rationale:
            "gives the application \(threshold * (probeSpec.periodSeconds ?? 10))s to recover before a restart; a liveness probe should fail only when a restart helps",
          commands: [ContainerPatch.applyCommand(patch)], patch: patch))
    }

    let severity: Severity =
      switch kind {
      case .readiness: noPodReady ? .critical : .warning
      case .liveness, .startup: self.severity == .critical && noPodReady ? .critical : .warning
      }
    let what =
      switch kind {
      case .liveness: "\(group.podPhrase) restarted by a failing liveness probe\(restartsPhrase)"
      case .readiness: "\(group.podPhrase) not ready: readiness probe failing"
      case .startup: "\(group.podPhrase) never start: startup probe failing"
      }
    return finding(
      title: title(what), rootCause: cause, evidence: evidence, recommendations: recommendations,
      severity: severity)
  }

  /// `http://172.20.14.9:8081/ready` → `172.20.14.9`.
  static func host(in address: String) -> String? {
    var text = Substring(address)
    if let scheme = text.range(of: "://") { text = text[scheme.upperBound...] }
    let host = text.split(whereSeparator: { $0 == ":" || $0 == "/" }).first.map(String.init)
    return host?.isEmpty == false ? host : nil
  }

  /// The Service whose cluster IP an address uses, when Services were captured.
  func serviceName(forAddress address: String) -> String? {
    guard let host = Self.host(in: address) else { return nil }
    return index.services.first { $0.value.clusterIP == host }.map {
      "\($0.key.namespace)/\($0.key.name)"
    }
  }
}
