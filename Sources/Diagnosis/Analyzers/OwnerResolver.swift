import Foundation

/// Finds the workload a pod belongs to: ownerReferences → ReplicaSet → Deployment (from the
/// `pod-template-hash` label when the ReplicaSet was not captured), StatefulSet, DaemonSet,
/// Job → CronJob; a pod without a controller is its own owner.
struct OwnerResolver: Sendable {
  let index: ClusterIndex

  func owner(of pod: KubePod) -> ObjectReference {
    guard let controller = pod.metadata.controller else { return pod.reference }
    return resolve(kind: controller.kind, name: controller.name, namespace: pod.namespace, pod: pod)
  }

  /// For a pod known only from its events: `NAME-<rs hash>-<5 chars>` is a Deployment's pod when
  /// that Deployment or ReplicaSet is known, `NAME-<ordinal>` a StatefulSet's.
  func owner(ofPodNamed name: String, namespace: String) -> ObjectReference {
    let parts = name.split(separator: "-")
    if parts.count >= 3 {
      let replicaSet = parts.dropLast().joined(separator: "-")
      let deployment = parts.dropLast(2).joined(separator: "-")
      if index.workloads[ObjectKey(kind: "ReplicaSet", namespace: namespace, name: replicaSet)]
        != nil
        || index.workloads[ObjectKey(kind: "Deployment", namespace: namespace, name: deployment)]
          != nil
      {
        return resolve(kind: "ReplicaSet", name: replicaSet, namespace: namespace, pod: nil)
      }
    }
    if parts.count >= 2, Int(parts.last!) != nil {
      let statefulSet = parts.dropLast().joined(separator: "-")
      if index.workloads[ObjectKey(kind: "StatefulSet", namespace: namespace, name: statefulSet)]
        != nil
      {
        return ObjectReference(kind: "StatefulSet", namespace: namespace, name: statefulSet)
      }
    }
    return ObjectReference(kind: "Pod", namespace: namespace, name: name)
  }

  private func resolve(
    kind: String, name: String, namespace: String, pod: KubePod?
  ) -> ObjectReference {
    var current = ObjectReference(kind: kind, namespace: namespace, name: name)
    // Walk up at most a few levels (ReplicaSet → Deployment, Job → CronJob).
    for _ in 0..<3 {
      let key = ObjectKey(kind: current.kind, namespace: namespace, name: current.name)
      if let workload = index.workloads[key] {
        guard let parent = workload.metadata.controller else { return current }
        current = ObjectReference(kind: parent.kind, namespace: namespace, name: parent.name)
        continue
      }
      if current.kind == "ReplicaSet" {
        return deployment(fromReplicaSet: current.name, namespace: namespace, pod: pod) ?? current
      }
      return current
    }
    return current
  }

  /// `payment-service-7d9f8b6c5` with `pod-template-hash: 7d9f8b6c5` → deployment/payment-service.
  private func deployment(
    fromReplicaSet name: String, namespace: String, pod: KubePod?
  ) -> ObjectReference? {
    let hash =
      pod?.metadata.labels?["pod-template-hash"] ?? String(name.split(separator: "-").last ?? "")
    guard !hash.isEmpty, name.hasSuffix("-" + hash) else { return nil }
    let deployment = String(name.dropLast(hash.count + 1))
    guard !deployment.isEmpty else { return nil }
    return ObjectReference(kind: "Deployment", namespace: namespace, name: deployment)
  }
}
