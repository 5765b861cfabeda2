import Foundation

extension FindingBuilder {
  /// Where a container refers to a Secret or ConfigMap by name: env keyRefs, envFrom, volumes.
  func references(kind: String, name: String) -> [String] {
    var uses: [String] = []
    for variable in spec?.env ?? [] {
      let selector =
        kind == "Secret" ? variable.valueFrom?.secretKeyRef : variable.valueFrom?.configMapKeyRef
      if let selector, selector.name == name {
        uses.append(
          "env \(variable.name) (\(kind == "Secret" ? "secretKeyRef" : "configMapKeyRef") key \(selector.key ?? "?"))"
        )
      }
    }
    for source in spec?.envFrom ?? [] {
      let reference = kind == "Secret" ? source.secretRef : source.configMapRef
      if reference?.name == name {
        uses.append("envFrom \(kind == "Secret" ? "secretRef" : "configMapRef")")
      }
    }
    for volume in group.pods.first?.spec.volumes ?? [] {
      if kind == "Secret", volume.secret?.secretName == name {
        uses.append("volume \(volume.name)")
      }
      if kind == "ConfigMap", volume.configMap?.name == name {
        uses.append("volume \(volume.name)")
      }
    }
    return uses
  }

  /// A Secret or ConfigMap (or one of its keys) the container needs does not exist.
  func missingReference() -> Finding {
    var referenceKind = "Secret"
    var name = ""
    var key: String?
    var message = ""
    for symptom in group.symptoms {
      switch symptom.cause {
      case .missingReference(let kind, let missing, let missingKey, let text):
        (referenceKind, name, key, message) = (kind, missing, missingKey, text)
      case .configError(let text):
        message = text
      default:
        continue
      }
      break
    }
    guard !name.isEmpty else {
      return finding(
        title: title("\(group.podPhrase) in \(statusPhrase): container configuration error"),
        rootCause: "The kubelet cannot create \(containerPhrase): \(message).",
        evidence: podEvidence,
        recommendations: [
          Recommendation(action: "Fix what the message names", commands: [describeCommand])
        ], confidence: .medium)
    }
    let lower = referenceKind.lowercased()
    let uses = references(kind: referenceKind, name: name)
    let existing = index.names(ofKind: referenceKind, in: namespace)
    var evidence = podEvidence
    if !uses.isEmpty {
      evidence.append(
        Evidence(
          fact:
            "\(containerName) reads \(referenceKind) \(name) through \(uses.joined(separator: ", "))",
          source: group.specSource(
            index, field: uses.first!.hasPrefix("envFrom") ? "envFrom" : "env")))
    }
    if let existing {
      evidence.append(
        Evidence(
          fact: existing.isEmpty
            ? "no \(referenceKind) exists in namespace \(namespace)"
            : "\(referenceKind)s in namespace \(namespace): \(existing.joined(separator: ", "))",
          source: "captured \(referenceKind) objects"))
    }
    var cause =
      "The kubelet cannot create \(containerPhrase)"
      + (uses.isEmpty
        ? "" : ": it reads \(uses.joined(separator: ", ")) from \(referenceKind) \(name)")
    if let key {
      cause += ", and that \(referenceKind) has no key \(key) (\(message))."
    } else {
      cause += ", and that \(referenceKind) does not exist in namespace \(namespace) (\(message))."
    }
    if let existing, key == nil {
      cause +=
        existing.isEmpty
        ? " The namespace has no \(referenceKind)s at all."
        : " \(referenceKind)s that do exist there: \(existing.joined(separator: ", ")); \(name) was never created."
    }
    cause += " The pods stay in \(statusPhrase) and never start."

    var literals: [String] = []
    var fromEnvFile = false
    for variable in spec?.env ?? [] {
      let selector =
        referenceKind == "Secret"
        ? variable.valueFrom?.secretKeyRef : variable.valueFrom?.configMapKeyRef
      if let selector, selector.name == name, let selectorKey = selector.key {
        literals.append("--from-literal=\(selectorKey)=<value>")
      }
    }
    if uses.contains(where: { $0.hasPrefix("envFrom") }) { fromEnvFile = true }
    if let key, !literals.contains("--from-literal=\(key)=<value>") {
      literals.append("--from-literal=\(key)=<value>")
    }
    if literals.isEmpty && !fromEnvFile { literals.append("--from-file=<file>") }
    let sources = (literals + (fromEnvFile ? ["--from-env-file=<file.env>"] : [])).joined(
      separator: " ")
    let create =
      referenceKind == "Secret"
      ? "kubectl create secret generic \(name) \(namespaceFlag) \(sources)"
      : "kubectl create configmap \(name) \(namespaceFlag) \(sources)"
    var recommendations = [
      Recommendation(
        action: key == nil
          ? "Create the \(referenceKind) \(name) in namespace \(namespace)"
          : "Add the key \(key!) to the \(referenceKind) \(name)",
        rationale: "the kubelet retries on its own and starts the containers once it exists",
        commands: key == nil ? [create] : ["kubectl edit \(lower) \(name) \(namespaceFlag)"])
    ]
    if let existing, !existing.isEmpty, key == nil {
      recommendations.append(
        Recommendation(
          action:
            "Or, if one of the existing \(referenceKind)s (\(existing.joined(separator: ", "))) was meant, reference it instead",
          commands: ["kubectl get \(lower)s \(namespaceFlag)"]))
    }
    let kindWord = referenceKind == "Secret" ? "secret" : "configmap"
    let what =
      key == nil
      ? "\(group.podPhrase) in \(statusPhrase): \(kindWord) \(name) not found"
      : "\(group.podPhrase) in \(statusPhrase): key \(key!) missing from \(kindWord) \(name)"
    return finding(
      title: title(what), rootCause: cause, evidence: evidence, recommendations: recommendations)
  }
}
