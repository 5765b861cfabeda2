import Foundation

extension FindingBuilder {
  private var schedulingFailure: SchedulingFailure? {
    for symptom in group.symptoms {
      if case .unschedulable(let failure) = symptom.cause { return failure }
    }
    return nil
  }

  /// The sum of a resource's requests over the pod's containers, in millicores or Mi.
  private func podRequest(_ resource: String, cpu: Bool) -> Int? {
    guard let pod = group.pods.first else { return nil }
    let values = pod.spec.containers.compactMap { $0.resources?.requests?[resource] }
    guard !values.isEmpty else { return nil }
    return values.compactMap { cpu ? Quantity.millicores($0) : Quantity.mebibytes($0) }.reduce(0, +)
  }

  /// A pod asks for more CPU or memory than any node has (or than is free).
  func insufficientResources() -> Finding {
    let failure = schedulingFailure
    let resources = (failure?.reasons ?? []).compactMap { reason -> String? in
      if case .insufficient(let resource, _) = reason { return resource }
      return nil
    }
    var evidence = podEvidence
    var cause: [String] = []
    var recommendations: [Recommendation] = []
    for resource in resources {
      let cpu = resource == "cpu"
      let isMemory = resource == "memory"
      guard cpu || isMemory, let request = podRequest(resource, cpu: cpu) else {
        cause.append("No node has enough \(resource) for the pod.")
        continue
      }
      let format: (Int) -> String = {
        cpu ? Quantity.formatMillicores($0) : Quantity.formatMebibytes($0)
      }
      let requestText = spec?.resources?.requests?[resource] ?? format(request)
      evidence.append(
        Evidence(
          fact: "each pod requests \(resource) \(requestText)",
          source: group.specSource(index, field: "resources.requests")))
      let largest: (KubeNode, Int)? =
        cpu
        ? index.largestNodeCPU.map { ($0.node, $0.millicores) }
        : index.largestNodeMemory.map { ($0.node, $0.mebibytes) }
      guard let (node, allocatable) = largest else {
        cause.append(
          "Each pod requests \(requestText) of \(resource), more than any node has free.")
        continue
      }
      evidence.append(
        Evidence(
          fact:
            "the largest node, \(node.name)\(node.instanceType.map { " (\($0))" } ?? ""), has \(resource) \(format(allocatable)) allocatable",
          source: "node \(node.name) status.allocatable (\(node.source))"))
      if request > allocatable {
        cause.append(
          "Each pod requests \(requestText) \(cpu ? "CPU" : "memory") but the largest node, \(node.name)"
            + "\(node.instanceType.map { " (\($0))" } ?? ""), has only \(format(allocatable)) allocatable: no node can ever fit it."
        )
        let lowered = cpu ? (allocatable * 9 / 10) / 100 * 100 : (allocatable * 8 / 10) / 64 * 64
        var limits: [(String, String)] = []
        if let limit = spec?.resources?.limits?[resource],
          limit == spec?.resources?.requests?[resource]
        {
          limits = [(resource, format(lowered))]
        }
        let patch = ContainerPatch.make(
          owner: owner, container: containerName, isInit: false,
          fields: [
            ContainerPatch.resources(limits: limits, requests: [(resource, format(lowered))])
          ])
        recommendations.append(
          Recommendation(
            action:
              "Lower the \(resource) request of \(containerName) from \(requestText) to \(format(lowered)) so it fits a \(node.instanceType ?? "current") node",
            rationale: "leaves room on the node for system pods and DaemonSets",
            commands: [ContainerPatch.applyCommand(patch)], patch: patch))
        recommendations.append(
          Recommendation(
            action:
              "Or add a node group with larger nodes (more than \(requestText) \(cpu ? "CPU" : "memory") allocatable"
              + (Self.largerInstance(node.instanceType, cpuMillicores: cpu ? request : nil).map {
                ", e.g. \($0)"
              } ?? "") + ")",
            commands: ["kubectl get nodes -L node.kubernetes.io/instance-type"]))
      } else {
        cause.append(
          "Each pod requests \(requestText) \(cpu ? "CPU" : "memory"); nodes have up to \(format(allocatable)) allocatable but not that much free: the cluster is full."
        )
        recommendations.append(
          Recommendation(
            action:
              "Add nodes (scale the node group or enable the cluster autoscaler), or lower the request",
            commands: ["kubectl describe nodes | grep -A 8 'Allocated resources'"]))
      }
    }
    if let failure {
      cause.append("The scheduler says: \(failure.message.trimmingCharacters(in: .whitespaces))")
    }
    return finding(
      title: title(
        "\(group.podPhrase) Pending: insufficient \(resources.joined(separator: " and "))"),
      rootCause: cause.joined(separator: " "), evidence: evidence,
      recommendations: recommendations)
  }

  /// `m5.xlarge` (4 vCPU) → the smallest size of the family with room for the request.
  static func largerInstance(_ instanceType: String?, cpuMillicores: Int?) -> String? {
    guard let instanceType, let cpuMillicores else { return nil }
    let parts = instanceType.split(separator: ".")
    guard parts.count == 2, parts[1].hasSuffix("xlarge") else { return nil }
    let multiplier = Int(parts[1].dropLast("xlarge".count)) ?? 1
    var size = multiplier
    while size * 4 * 1000 - 200 < cpuMillicores { size *= 2 }
    guard size > multiplier else { return nil }
    return "\(parts[0]).\(size)xlarge (\(size * 4) vCPU)"
  }

  /// Node selectors, affinity and taints leave no node for the pod.
  func unschedulable() -> Finding {
    let failure = schedulingFailure
    let pod = group.pods.first
    var evidence = podEvidence
    var cause: [String] = ["No node can run the pod."]
    var recommendations: [Recommendation] = []
    for reason in failure?.reasons ?? [] {
      switch reason {
      case .affinityMismatch(let nodes):
        let selector = pod?.spec.nodeSelector ?? [:]
        if selector.isEmpty {
          cause.append("\(nodes) node(s) do not match the pod's node affinity.")
        } else {
          let pairs = selector.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
          let matching = index.nodes.filter { node in
            selector.allSatisfy { node.metadata.labels?[$0.key] == $0.value }
          }
          evidence.append(
            Evidence(
              fact: "the pod selects nodes with \(pairs.joined(separator: ", "))",
              source: "pod \(pod!.namespace)/\(pod!.name) spec.nodeSelector (\(pod!.source))"))
          var sentence = "It selects nodes labelled \(pairs.joined(separator: ", "))"
          if !index.nodes.isEmpty && matching.isEmpty {
            let values = Set(
              selector.keys.flatMap { key in index.nodes.compactMap { $0.metadata.labels?[key] } })
            sentence += " but no node has that label"
            if !values.isEmpty {
              sentence += " (nodes have \(values.sorted().joined(separator: ", ")))"
            }
          } else {
            sentence += " and \(nodes) node(s) do not match"
          }
          cause.append(sentence + ".")
          recommendations.append(
            Recommendation(
              action:
                "Add a node group whose nodes carry \(pairs.joined(separator: ", ")), or change the pod's nodeSelector to labels that exist",
              commands: ["kubectl get nodes --show-labels"]))
        }
      case .untoleratedTaint(let taint, let nodes):
        let tainted = index.nodes.filter { node in
          (node.spec?.taints ?? []).contains { taint.hasPrefix($0.key) }
        }
        let names = tainted.map(\.name)
        cause.append(
          "\(names.isEmpty ? "\(nodes) node(s)" : names.joined(separator: ", ")) carr\(names.count == 1 ? "ies" : "y") the taint {\(taint)} that the pod does not tolerate."
        )
        for node in tainted {
          let taints = (node.spec?.taints ?? []).map {
            "\($0.key)=\($0.value ?? ""):\($0.effect ?? "")"
          }
          evidence.append(
            Evidence(
              fact: "node \(node.name) has taints \(taints.joined(separator: ", "))",
              source: "node \(node.name) spec.taints (\(node.source))"))
        }
      case .cordoned(let nodes):
        cause.append("\(nodes) node(s) are cordoned (unschedulable).")
        recommendations.append(
          Recommendation(
            action: "Uncordon the nodes once their maintenance is over",
            commands: ["kubectl get nodes"]))
      case .insufficient(let resource, let nodes):
        cause.append("\(nodes) node(s) lack \(resource).")
      case .unboundClaims:
        cause.append("A PersistentVolumeClaim it uses is not bound.")
      case .other(let text):
        cause.append("\(text).")
      }
    }
    if let pod {
      for container in pod.spec.containers {
        for (resource, _) in (container.resources?.requests ?? [:]).sorted(by: { $0.key < $1.key })
        where resource.contains("/") {
          let offered = index.nodes.contains {
            Quantity.value($0.allocatable(resource) ?? "0") ?? 0 > 0
          }
          if !index.nodes.isEmpty && !offered {
            cause.append("It also requests \(resource), which no node offers.")
          }
        }
      }
    }
    recommendations.append(
      Recommendation(
        action: "Compare the pod's placement rules with the nodes",
        commands: ["kubectl get nodes -L node.kubernetes.io/instance-type", describeCommand]))
    return finding(
      title: title("\(group.podPhrase) Pending: no node matches its selector and tolerations"),
      rootCause: cause.joined(separator: " "), evidence: evidence, recommendations: recommendations)
  }

  /// The pod waits for a claim that no volume is provisioned for.
  func unboundClaim() -> Finding {
    var evidence = podEvidence
    var cause: [String] = []
    var recommendations: [Recommendation] = []
    var affected = self.affected
    let classes = index.storageClasses.map(\.name)
    // The claims the pods mount, or the claim itself when no captured pod uses it.
    var claims: [(namespace: String, name: String)] = group.pods.flatMap { pod in
      (pod.spec.volumes ?? []).compactMap { volume in
        volume.persistentVolumeClaim.map { (pod.namespace, $0.claimName) }
      }
    }
    claims += group.subjects.filter { $0.kind == "PersistentVolumeClaim" }.map {
      ($0.namespace ?? namespace, $0.name)
    }
    let blocked = group.pods.isEmpty ? "Nothing can use it" : "The pod cannot be scheduled"
    for (claimNamespace, claimName) in claims {
      let key = ObjectKey(
        kind: "PersistentVolumeClaim", namespace: claimNamespace, name: claimName)
      guard let claim = index.claims[key] else {
        cause.append(
          "The pod uses the PersistentVolumeClaim \(claimName), which was not captured.")
        continue
      }
      guard claim.status?.phase != "Bound" else { continue }
      let reference = ObjectReference(
        kind: "PersistentVolumeClaim", namespace: claimNamespace, name: claimName)
      if !affected.contains(reference) { affected.append(reference) }
      let className = claim.spec?.storageClassName
      evidence.append(
        Evidence(
          fact:
            "PersistentVolumeClaim \(claimName) is \(claim.status?.phase ?? "Pending") and asks for StorageClass \(className ?? "(default)")",
          source:
            "persistentvolumeclaim \(claimNamespace)/\(claimName) spec.storageClassName (\(claim.source))"
        ))
      let events = index.events(
        kind: "PersistentVolumeClaim", namespace: claimNamespace, name: claimName)
      let provisioning = events.last { $0.reason == "ProvisioningFailed" }
      if let provisioning {
        evidence.append(
          Evidence(
            fact: "provisioning fails", source: provisioning.evidenceSource,
            excerpt: [provisioning.message]))
      }
      var sentence =
        "\(blocked) because the PersistentVolumeClaim \(claimName) is unbound"
      if let className, !classes.isEmpty || index.capturedKinds.contains("StorageClass"),
        !classes.contains(className)
      {
        sentence += ": it asks for StorageClass \(className), which does not exist"
        sentence +=
          classes.isEmpty
          ? " (the cluster has no StorageClass)"
          : " (the cluster has \(classes.joined(separator: ", ")))"
        evidence.append(
          Evidence(
            fact: classes.isEmpty
              ? "no StorageClass exists" : "StorageClasses: \(classes.joined(separator: ", "))",
            source: "captured StorageClass objects"))
        let fallback = index.storageClasses.first { $0.isDefault } ?? index.storageClasses.first
        recommendations.append(
          Recommendation(
            action: "Create the StorageClass \(className)"
              + (fallback.map {
                " (e.g. with provisioner \($0.provisioner ?? "?") like \($0.name))"
              } ?? ""),
            commands: ["kubectl get storageclass"]))
        if let fallback {
          let template =
            owner.kind == "StatefulSet" ? "the StatefulSet's volumeClaimTemplates" : "the claim"
          recommendations.append(
            Recommendation(
              action:
                "Or use StorageClass \(fallback.name): set storageClassName in \(template) and recreate the Pending claim \(claimName)",
              rationale:
                "storageClassName cannot be changed on an existing claim\(owner.kind == "StatefulSet" ? " or StatefulSet template" : "")",
              commands: ["kubectl delete pvc \(claimName) -n \(claimNamespace)"]))
        }
      } else if let provisioning {
        sentence += ": \(provisioning.message)"
      }
      cause.append(sentence + ".")
    }
    if cause.isEmpty { cause.append("The pod has unbound immediate PersistentVolumeClaims.") }
    return finding(
      title: title(
        group.pods.isEmpty
          ? "PersistentVolumeClaim not bound"
          : "\(group.podPhrase) Pending: PersistentVolumeClaim not bound"),
      rootCause: cause.joined(separator: " "), evidence: evidence,
      recommendations: recommendations, affected: affected)
  }
}
