import Foundation

extension FindingBuilder {
  private var pullCause: (ImagePullFailure, image: String?, message: String)? {
    for symptom in group.symptoms {
      if case .imagePull(let failure, let image, let message) = symptom.cause {
        return (failure, image, message)
      }
    }
    return nil
  }

  /// `registry/repo:tag` split into its registry host, repository and tag.
  static func imageParts(_ image: String) -> (registry: String?, repository: String, tag: String?) {
    var rest = Substring(image)
    var registry: String?
    if let slash = rest.firstIndex(of: "/") {
      let first = rest[..<slash]
      if first.contains(".") || first.contains(":") || first == "localhost" {
        registry = String(first)
        rest = rest[rest.index(after: slash)...]
      }
    }
    var tag: String?
    if let at = rest.firstIndex(of: "@") {
      tag = String(rest[rest.index(after: at)...])
      rest = rest[..<at]
    } else if let colon = rest.lastIndex(of: ":") {
      tag = String(rest[rest.index(after: colon)...])
      rest = rest[..<colon]
    }
    return (registry, String(rest), tag)
  }

  /// Images that cannot be pulled now: not found, unauthorized, unreachable, malformed.
  func imagePull() -> Finding {
    let (failure, imageReference, message) = pullCause ?? (.other, spec?.image, "")
    let image = imageReference ?? spec?.image ?? "the image"
    let parts = Self.imageParts(image)
    let registry = parts.registry ?? "docker.io"
    let essence = ImagePullFailure.essence(of: message)
    var evidence = podEvidence
    var recommendations: [Recommendation] = []
    var cause: String
    var what: String
    let setImage =
      "kubectl set image \(owner.kind.lowercased())/\(owner.name) \(containerName)=\(parts.registry.map { "\($0)/" } ?? "")\(parts.repository):<existing-tag> \(namespaceFlag)"

    switch failure {
    case .notFound:
      cause =
        "The image \(image) cannot be pulled: the registry \(registry) has no "
        + (parts.tag.map { "tag \($0) in repository \(parts.repository)" }
          ?? "repository \(parts.repository)")
        + " (\(essence)). The tag was never pushed or is misspelled."
      what = "\(group.podPhrase) in \(statusPhrase): image tag \(parts.tag ?? image) not found"
      var commands: [String] = []
      if registry.contains(".dkr.ecr."), let tag = parts.tag {
        commands.append(
          "aws ecr describe-images --repository-name \(parts.repository) --image-ids imageTag=\(tag)"
        )
        commands.append(
          "aws ecr list-images --repository-name \(parts.repository) --filter tagStatus=TAGGED")
      } else {
        commands.append("docker manifest inspect \(image)")
      }
      commands.append(setImage)
      recommendations.append(
        Recommendation(
          action:
            "Push \(image), or point \(owner.kind.lowercased())/\(owner.name) at a tag that exists",
          commands: commands))
      if let previous = previousImage() {
        recommendations.append(
          Recommendation(
            action: "Or roll back to the previous revision, which ran \(previous)",
            commands: [
              "kubectl rollout undo \(owner.kind.lowercased())/\(owner.name) \(namespaceFlag)"
            ]))
      }
    case .unauthorized:
      let secrets = (group.pods.first?.spec.imagePullSecrets ?? []).compactMap(\.name)
      let known = index.names(ofKind: "Secret", in: namespace)
      cause =
        "The registry \(registry) refuses to serve \(parts.repository)"
        + (parts.tag.map { ":\($0)" } ?? "") + " (\(essence))."
      if secrets.isEmpty {
        cause +=
          " The pod has no imagePullSecrets, so it pulls anonymously and the registry wants credentials."
      } else {
        let list = secrets.joined(separator: ", ")
        if let known {
          let missing = secrets.filter { !known.contains($0) }
          cause +=
            missing.isEmpty
            ? " The pod pulls with the imagePullSecret \(list), which exists but whose credentials have no access to the repository."
            : " The pod pulls with the imagePullSecret \(list); \(missing.joined(separator: ", ")) does not exist in namespace \(namespace)."
        } else {
          cause +=
            " The pod pulls with the imagePullSecret \(list): that Secret is missing in namespace \(namespace), or its credentials have no access to the repository."
        }
        evidence.append(
          Evidence(
            fact: "the pod uses imagePullSecrets: \(list)",
            source: group.specSource(index, field: "imagePullSecrets")
              .replacingOccurrences(
                of:
                  ".\(group.isInitContainer ? "initContainers" : "containers")[\(containerName)].imagePullSecrets",
                with: ".imagePullSecrets")))
      }
      what =
        "\(group.podPhrase) in \(statusPhrase): registry \(registry) refuses the pull (unauthorized)"
      let secretName = secrets.first ?? "\(registry.split(separator: ".").first ?? "registry")-pull"
      recommendations.append(
        Recommendation(
          action:
            "Check that the pull secret \(secretName) exists in \(namespace) and can read \(parts.repository)",
          commands: [
            "kubectl get secret \(secretName) \(namespaceFlag)",
            "kubectl create secret docker-registry \(secretName) --docker-server=\(registry) --docker-username=<user> --docker-password=<token> \(namespaceFlag)",
          ]))
      if secrets.isEmpty {
        let patch = Patch(
          target: owner,
          yaml: YAMLNode.map([
            (
              "spec",
              .map([
                (
                  "template",
                  .map([
                    (
                      "spec",
                      .map([("imagePullSecrets", .list([.map([("name", .scalar(secretName))])]))])
                    )
                  ])
                )
              ])
            )
          ]).render().joined(separator: "\n") + "\n")
        recommendations.append(
          Recommendation(
            action: "Reference the pull secret from the pod template",
            commands: [ContainerPatch.applyCommand(patch)], patch: patch))
      }
    case .invalidName:
      cause =
        "The image reference \(image) is malformed, so the runtime cannot even try to pull it (\(essence))."
      what = "\(group.podPhrase): invalid image name \(image)"
      recommendations.append(
        Recommendation(
          action: "Fix the image reference (registry/repository:tag)", commands: [setImage]))
    case .transient, .other:
      cause =
        "Pulling \(image) from \(registry) keeps failing: \(essence)."
        + (failure == .transient
          ? " The node cannot reach the registry (network, DNS, proxy, or a registry outage)."
          : "")
      what = "\(group.podPhrase) in \(statusPhrase): cannot pull \(image)"
      recommendations.append(
        Recommendation(
          action:
            "Check the nodes' route to \(registry) (NAT gateway, VPC endpoint, proxy, DNS) and the registry's status",
          commands: [describeCommand]))
    }
    return finding(
      title: title(what), rootCause: cause, evidence: evidence, recommendations: recommendations)
  }

  /// An older ReplicaSet of a Deployment that ran another image for the container.
  private func previousImage() -> String? {
    guard owner.kind == "Deployment" else { return nil }
    let current = spec?.image
    return index.workloads.values.filter {
      $0.kind == "ReplicaSet" && $0.metadata.namespace == owner.namespace
        && $0.metadata.controller?.name == owner.name
    }.compactMap { replicaSet -> String? in
      replicaSet.spec?.template?.spec?.containers.first { $0.name == containerName }?.image
    }.filter { $0 != current }.sorted().last
  }

  /// A pull that failed and then succeeded: secondary, nothing to fix now.
  func imagePullRecovered() -> Finding {
    var failure = ImagePullFailure.other
    var image = spec?.image ?? "the image"
    var message = ""
    var success: KubeEvent?
    for symptom in group.symptoms {
      if case .imagePullRecovered(let kind, let reference, let text, let event) = symptom.cause {
        failure = kind
        image = reference ?? image
        message = text
        success = event
        break
      }
    }
    let attempts = group.symptoms.flatMap(\.evidence).filter {
      $0.fact.hasPrefix("pulling the image")
    }
    let essence = ImagePullFailure.essence(of: message)
    let reason =
      switch failure {
      case .transient: "a transient registry or network problem (\(essence))"
      case .notFound: "the image was missing for a while (\(essence))"
      case .unauthorized: "the registry refused the credentials for a while (\(essence))"
      case .invalidName, .other: essence
      }
    let cause =
      "Pulling \(containerPhrase)'s image \(image) failed on \(group.podPhrase) and the kubelet backed off (ErrImagePull, ImagePullBackOff): "
      + "\(reason). It was pulled successfully afterwards"
      + (success?.lastTimestamp.map { " at \($0)" } ?? "")
      + ", so it has recovered; it is a secondary problem, not what keeps the workload down."
    let what =
      "image pull of \(group.isInitContainer ? "init container " : "")\(containerName) failed, then recovered (secondary)"
    return finding(
      title: title(what), rootCause: cause, evidence: group.symptoms.flatMap(\.evidence),
      recommendations: [
        Recommendation(
          action:
            "Nothing to fix now; if pulls keep timing out, check the nodes' route to the registry",
          rationale: attempts.isEmpty
            ? nil
            : "\(attempts.count) failed pull event\(attempts.count == 1 ? "" : "s") before the success",
          commands: [describeCommand])
      ], severity: .warning)
  }
}
