import Foundation

extension FindingBuilder {
  /// The exit code and its meaning, from the first symptom's last termination.
  var termination: (meaning: ExitCodeMeaning, exitCode: Int, reason: String?, message: String?)? {
    for symptom in group.symptoms {
      if case .termination(let meaning, let exitCode, let reason, let message) = symptom.cause,
        exitCode >= 0
      {
        return (meaning, exitCode, reason, message)
      }
    }
    return nil
  }

  /// Log evidence, or the last error-looking lines of the previous log when no pattern matched.
  var crashLogEvidence: [Evidence] {
    let evidence = group.logEvidence
    if !evidence.isEmpty { return evidence }
    for pod in group.pods {
      for previous in [true, false] {
        guard let log = index.log(pod, container: containerName, previous: previous),
          let lines = LogAnalyzer.lastErrorLines(log)
        else { continue }
        return [
          Evidence(
            fact: "the \(previous ? "previous" : "current") log's last error lines",
            source: "\(log.source) line \(lines.first)", excerpt: lines.lines)
        ]
      }
    }
    return []
  }

  /// Crashes no more specific builder explains: exit code meaning plus what the logs say.
  func crash() -> Finding {
    let evidence = podEvidence + crashLogEvidence
    var cause: [String] = []
    let subject = containerPhrase.prefix(1).uppercased() + containerPhrase.dropFirst()
    if let termination {
      cause.append(
        "\(subject) exits with code \(termination.exitCode)"
          + (termination.reason.map { " (\($0))" } ?? "")
          + ": \(termination.meaning.explanation).")
    } else {
      cause.append("\(subject) keeps failing; no termination state was captured.")
    }
    if let match = group.topLogMatch {
      cause.append(
        "Its \(match.log.previous ? "previous" : "current") logs show \(match.pattern.meaning)"
          + (match.detail.map { ": \($0)" } ?? "") + ".")
    } else if let excerpt = crashLogEvidence.first?.excerpt.last {
      cause.append("The logs end with: `\(excerpt.trimmingCharacters(in: .whitespaces))`.")
    }
    if group.maxRestarts > 0 {
      cause.append(
        "\(group.podPhrase.prefix(1).uppercased() + group.podPhrase.dropFirst()) in \(statusPhrase)\(restartsPhrase)."
      )
    }
    var recommendations: [Recommendation] = []
    if let match = group.topLogMatch {
      recommendations.append(
        Recommendation(action: match.pattern.recommendation, commands: [logsCommand]))
    } else {
      recommendations.append(
        Recommendation(
          action: "Read the logs of the crashed instance to find why it exits",
          commands: [logsCommand, describeCommand]))
    }
    if case .killed = termination?.meaning {
      recommendations.append(
        Recommendation(
          action:
            "Check the pod's events for what sent the SIGKILL (probe failures, eviction, preemption)",
          commands: [describeCommand]))
    }
    if case .success = termination?.meaning {
      recommendations.append(
        Recommendation(
          action:
            "Run a one-off task as a Job, or keep the process in the foreground: a Deployment's container must not exit",
          rationale: "restartPolicy Always restarts a container that finishes, even successfully"))
    }
    let what =
      termination.map {
        "\(group.podPhrase) in \(statusPhrase), exit code \($0.exitCode) (\(ExitCodeMeaning.shortName($0.meaning)))"
      }
      ?? "\(group.podPhrase) in \(statusPhrase)"
    return finding(
      title: title(what), rootCause: cause.joined(separator: " "), evidence: evidence,
      recommendations: recommendations,
      confidence: group.topLogMatch == nil ? lessCertain(confidence, .medium) : .high)
  }

  /// A crash whose logs show a missing environment variable: the variable, what the container
  /// sets instead, and a patch adding it.
  func missingEnvironmentVariable() -> Finding {
    let match = group.symptoms.lazy.compactMap { symptom in
      symptom.logMatches.first { $0.pattern.findingKind == .missingEnvironmentVariable }
    }.first
    let variable = match?.detail
    let defined = (spec?.env ?? []).map(\.name)
    let loadsMore = !(spec?.envFrom ?? []).isEmpty
    var evidence = podEvidence + group.logEvidence
    evidence.append(
      Evidence(
        fact: defined.isEmpty
          ? "the container sets no environment variables"
          : "the container sets \(defined.joined(separator: ", "))"
            + (variable.map { defined.contains($0) ? "" : ", not \($0)" } ?? ""),
        source: group.specSource(index, field: "env")))
    let name = variable ?? "the variable"
    var cause =
      "The application in \(containerName) exits at startup"
      + (termination.map { " (exit code \($0.exitCode))" } ?? "")
      + " because the environment variable \(name) is not set"
    if let match {
      cause +=
        ": the \(match.log.previous ? "previous" : "current") logs end in "
        + "`\(match.line.trimmingCharacters(in: .whitespaces))`"
    }
    cause += "."
    if !defined.isEmpty, let variable, !defined.contains(variable) {
      cause += " The container's env defines \(defined.joined(separator: ", ")) but not \(variable)"
      cause += loadsMore ? " (it also loads envFrom sources, which lack it)." : "."
    }
    if group.maxRestarts > 0 {
      cause +=
        " \(group.podPhrase.prefix(1).uppercased() + group.podPhrase.dropFirst()) in \(statusPhrase)\(restartsPhrase)."
    }
    var recommendations: [Recommendation] = []
    if let variable {
      let patch = ContainerPatch.make(
        owner: owner, container: containerName, isInit: group.isInitContainer,
        fields: [
          ("env", .list([.map([("name", .scalar(variable)), ("value", .scalar("<value>"))])]))
        ])
      recommendations.append(
        Recommendation(
          action:
            "Set \(variable) in the env of \(containerName) (replace <value>, or use valueFrom a Secret/ConfigMap)",
          commands: [ContainerPatch.applyCommand(patch)], patch: patch))
    }
    recommendations.append(
      Recommendation(
        action: "Confirm what the application expects", commands: [logsCommand]))
    return finding(
      title: title(
        "\(group.podPhrase) in \(statusPhrase): environment variable \(name) is not set"),
      rootCause: cause, evidence: evidence, recommendations: recommendations,
      confidence: variable != nil && !loadsMore ? .high : .medium)
  }

  /// The command is not in the image (127) or cannot be executed (126).
  func badCommand() -> Finding {
    let image = spec?.image ?? group.pods.first?.containerSpec(containerName)?.image ?? "its image"
    let program = spec?.command?.first ?? spec?.args?.first
    var evidence = podEvidence
    if let commandLine {
      evidence.append(
        Evidence(
          fact: "the container runs `\(commandLine)` in image \(image)",
          source: group.specSource(index, field: "command")))
    }
    let notFound = group.kind == .commandNotFound
    let message = termination?.message.map { " The runtime says: \($0)." } ?? ""
    let cause =
      (notFound
        ? "The command of \(containerName)"
          + (program.map { ", `\($0)`," } ?? "")
          + " is not a program in the image \(image) (not in $PATH), so the container cannot start"
        : "The command of \(containerName)" + (program.map { ", `\($0)`," } ?? "")
          + " exists in \(image) but cannot be executed (permission denied or not a program)")
      + (termination.map { " (exit code \($0.exitCode))" } ?? "") + "." + message
      + (group.maxRestarts > 0 ? " It fails on every restart\(restartsPhrase)." : "")
    let check =
      "docker run --rm --entrypoint sh \(image) -c 'command -v \(program ?? "PROGRAM")'"
    let recommendations = [
      Recommendation(
        action: notFound
          ? "Use a command that exists in \(image), or an image that contains \(program ?? "the program")"
          : "Make \(program ?? "the program") executable in the image (chmod +x) or run it through its interpreter",
        rationale: "the image must contain what the Deployment's command names",
        commands: [check]),
      Recommendation(
        action: "After fixing the command or image, watch the rollout",
        commands: [
          "kubectl rollout status \(owner.kind.lowercased())/\(owner.name) \(namespaceFlag)"
        ]),
    ]
    return finding(
      title: title(
        "\(group.podPhrase) in \(statusPhrase): command \(program.map { "`\($0)` " } ?? "")\(notFound ? "not found in the image" : "not executable")"
      ),
      rootCause: cause, evidence: evidence, recommendations: recommendations)
  }

  /// An init container that keeps failing: what it runs and what its log says (DNS, refusals).
  func initContainer() -> Finding {
    let evidence = podEvidence + crashLogEvidence
    let image = spec?.image ?? "its image"
    var cause =
      "The init container \(containerName) (\(image)"
      + (commandLine.map { ", `\($0)`" } ?? "") + ") fails"
      + (termination.map { " with exit code \($0.exitCode)" } ?? "")
      + " on every try, so the pod's main containers never start (\(statusPhrase))."
    var recommendations: [Recommendation] = []
    if let match = group.topLogMatch {
      cause +=
        " Its log says `\(match.line.trimmingCharacters(in: .whitespaces))`: \(match.pattern.meaning)."
      if match.pattern.id == "dns-failure", let host = match.detail {
        let service = ServiceName(host: host, defaultNamespace: namespace)
        if let service {
          let known = index.capturedKinds.contains("Service")
          let exists =
            index.services[
              ObjectKey(kind: "Service", namespace: service.namespace, name: service.name)] != nil
          if known && !exists {
            let others = index.services.keys.filter { $0.namespace == service.namespace }.map(
              \.name
            ).sorted()
            cause +=
              " The Service \(service.name) does not exist in namespace \(service.namespace)"
              + (others.isEmpty ? "." : " (Services there: \(others.joined(separator: ", "))).")
          } else if !known {
            cause +=
              " \(host) is the name of the Service \(service.name) in namespace \(service.namespace), which does not exist (or has no DNS record)."
          }
          recommendations.append(
            Recommendation(
              action:
                "Create the Service \(service.name) in namespace \(service.namespace) (or deploy the database it fronts), or fix the host name \(containerName) waits for",
              commands: [
                "kubectl get service \(service.name) -n \(service.namespace)",
                "kubectl get services -n \(service.namespace)",
              ]))
        }
      }
      if recommendations.isEmpty {
        recommendations.append(
          Recommendation(action: match.pattern.recommendation, commands: [logsCommand]))
      }
    } else {
      recommendations.append(
        Recommendation(
          action: "Read the init container's log to find why it exits",
          commands: [logsCommand]))
    }
    return finding(
      title: title(
        "\(group.podPhrase) in \(statusPhrase): init container \(containerName) keeps failing"),
      rootCause: cause, evidence: evidence, recommendations: recommendations,
      confidence: group.topLogMatch == nil ? .medium : .high)
  }
}

/// `warehouse-db.data.svc.cluster.local` → Service warehouse-db in namespace data.
struct ServiceName: Sendable, Equatable {
  var name: String
  var namespace: String

  init?(host: String, defaultNamespace: String) {
    let parts = host.split(separator: ".").map(String.init)
    guard let first = parts.first, !first.isEmpty, Int(first) == nil else { return nil }
    if parts.count >= 3, parts[2] == "svc" {
      name = first
      namespace = parts[1]
    } else if parts.count == 1 {
      name = first
      namespace = defaultNamespace
    } else if parts.count == 2 {
      name = first
      namespace = parts[1]
    } else {
      return nil
    }
  }
}

extension ExitCodeMeaning {
  /// `OOMKilled`, `SIGKILL`, `command not found`: for titles.
  static func shortName(_ meaning: ExitCodeMeaning) -> String {
    switch meaning {
    case .success: "success"
    case .applicationError: "application error"
    case .notExecutable: "not executable"
    case .commandNotFound: "command not found"
    case .oomKilled: "OOMKilled"
    case .killed: "SIGKILL"
    case .segmentationFault: "SIGSEGV"
    case .terminated: "SIGTERM"
    case .signal(let number): "signal \(number)"
    }
  }
}

extension Confidence {
  fileprivate var rank: Int {
    switch self {
    case .high: 0
    case .medium: 1
    case .low: 2
    }
  }
}

/// The less certain of two confidences.
func lessCertain(_ lhs: Confidence, _ rhs: Confidence) -> Confidence {
  lhs.rank >= rhs.rank ? lhs : rhs
}
