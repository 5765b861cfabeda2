import Foundation

/// A synthetic cluster dump shaped like `kubectl get pods,events,deployments,replicasets
/// -A -o json` prints it: one `List` whose items are pods (full spec and status,
/// ~5 KB each, as in the reference scenario), events and workloads, spread over
/// namespaces and deployments, with about 5% of the pods crash-looping after an
/// OOM kill and some pending unschedulable.
struct SyntheticClusterDump: Codable {
  var pods = 0
  var crashing = 0
  var pending = 0
  var events = 0
  var workloads = 0
  var bytes = 0

  static let namespaces = [
    "payments", "orders", "checkout", "catalog", "search", "identity", "notifications",
    "shipping", "inventory", "pricing", "analytics", "recommendations", "reviews", "media",
    "billing", "fraud", "loyalty", "support", "gateway", "platform",
  ]
  static let services = [
    "api", "worker", "consumer", "scheduler", "web", "grpc", "indexer", "cache-warmer",
  ]
  static let replicaCycle = [2, 3, 4, 6, 8, 12, 3, 2]

  /// Writes the dump to `path` (temp file + rename) and says what is in it.
  static func write(pods podCount: Int, to path: String) throws -> SyntheticClusterDump {
    var dump = SyntheticClusterDump()
    var items: [String] = []
    var eventItems: [String] = []
    var workloadItems: [String] = []
    var deploymentIndex = 0
    while dump.pods < podCount {
      let namespace = namespaces[deploymentIndex % namespaces.count]
      let app =
        "\(namespace)-\(services[(deploymentIndex / namespaces.count) % services.count])"
        + "-\(deploymentIndex / (namespaces.count * services.count))"
      let replicas = min(replicaCycle[deploymentIndex % replicaCycle.count], podCount - dump.pods)
      let workload = Workload(
        index: deploymentIndex, namespace: namespace, app: app, replicas: replicas,
        crashing: deploymentIndex % 19 == 3, pendingLast: deploymentIndex % 37 == 11)
      workloadItems.append(workload.deploymentJSON)
      workloadItems.append(workload.replicaSetJSON)
      dump.workloads += 2
      for replica in 0..<replicas {
        let state: PodState =
          workload.crashing
          ? .crashLoop
          : (workload.pendingLast && replica == replicas - 1)
            ? .pending : .running
        let pod = SyntheticPod(
          workload: workload, replica: replica, podIndex: dump.pods, state: state)
        items.append(pod.json)
        let podEvents = pod.events
        eventItems.append(contentsOf: podEvents)
        dump.events += podEvents.count
        dump.pods += 1
        if state == .crashLoop { dump.crashing += 1 }
        if state == .pending { dump.pending += 1 }
      }
      deploymentIndex += 1
    }
    items += eventItems + workloadItems
    var text =
      #"{"apiVersion": "v1", "kind": "List", "metadata": {"resourceVersion": ""}, "items": ["#
    text += "\n" + items.joined(separator: ",\n") + "\n]}\n"
    let data = Data(text.utf8)
    dump.bytes = data.count
    let temporary = path + ".tmp-\(getpid())"
    try data.write(to: URL(fileURLWithPath: temporary))
    guard rename(temporary, path) == 0 else {
      throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
    }
    return dump
  }
}

enum PodState {
  case running
  case crashLoop
  case pending
}

/// Deterministic identifiers, so two runs write the same bytes.
func syntheticHex(_ value: Int, digits: Int) -> String {
  let text = String(UInt64(truncatingIfNeeded: value &* 2_654_435_761 &+ 97_531), radix: 16)
  let padded = String(repeating: "0", count: max(0, digits - text.count)) + text
  return String(padded.suffix(digits))
}

func syntheticUID(_ value: Int, salt: Int) -> String {
  "\(syntheticHex(value &+ salt, digits: 8))-\(syntheticHex(value &* 7 &+ salt, digits: 4))-"
    + "\(syntheticHex(value &* 13 &+ salt, digits: 4))-\(syntheticHex(value &* 17 &+ salt, digits: 4))-"
    + syntheticHex(value &* 31 &+ salt, digits: 12)
}

/// A Deployment and its current ReplicaSet.
struct Workload {
  let index: Int
  let namespace: String
  let app: String
  let replicas: Int
  let crashing: Bool
  let pendingLast: Bool

  var hash: String { syntheticHex(index, digits: 9) }
  var deploymentUID: String { syntheticUID(index, salt: 1) }
  var replicaSetUID: String { syntheticUID(index, salt: 2) }
  var memoryLimit: String { crashing ? "512Mi" : ["256Mi", "512Mi", "1Gi", "2Gi"][index % 4] }
  var image: String {
    "123456789012.dkr.ecr.us-east-1.amazonaws.com/\(app):2.\(index % 30).\(index % 7)"
  }
  var labels: String { #""app": "\#(app)", "team": "\#(namespace)", "tier": "backend""# }

  var containerSpec: String {
    #"""
    "containers": [{"name": "\#(app)", "image": "\#(image)", "imagePullPolicy": "IfNotPresent", "resources": {"limits": {"cpu": "1", "memory": "\#(memoryLimit)"}, "requests": {"cpu": "250m", "memory": "\#(memoryLimit)"}}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "env": [{"name": "JAVA_OPTS", "value": "-Xms256m -Xmx2g -XX:+ExitOnOutOfMemoryError"}, {"name": "SPRING_PROFILES_ACTIVE", "value": "production"}], "ports": [{"containerPort": 8080, "name": "http", "protocol": "TCP"}], "livenessProbe": {"httpGet": {"path": "/actuator/health/liveness", "port": 8080, "scheme": "HTTP"}, "initialDelaySeconds": 60, "periodSeconds": 10, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}, "readinessProbe": {"httpGet": {"path": "/actuator/health/readiness", "port": 8080, "scheme": "HTTP"}, "initialDelaySeconds": 30, "periodSeconds": 5, "timeoutSeconds": 1, "successThreshold": 1, "failureThreshold": 3}, "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]}], "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "schedulerName": "default-scheduler", "securityContext": {}, "terminationGracePeriodSeconds": 30, "initContainers": [{"name": "db-migrate", "image": "123456789012.dkr.ecr.us-east-1.amazonaws.com/\#(app)-db-migrate:2.14.1", "imagePullPolicy": "IfNotPresent", "resources": {"limits": {"cpu": "200m", "memory": "128Mi"}, "requests": {"cpu": "100m", "memory": "128Mi"}}, "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "command": ["/app/migrate", "--target", "latest"], "volumeMounts": [{"name": "kube-api-access", "mountPath": "/var/run/secrets/kubernetes.io/serviceaccount", "readOnly": true}]}]
    """#
  }

  var deploymentJSON: String {
    let available = crashing ? 0 : (pendingLast ? replicas - 1 : replicas)
    return #"""
      {"apiVersion": "apps/v1", "kind": "Deployment", "metadata": {"name": "\#(app)", "uid": "\#(deploymentUID)", "resourceVersion": "\#(1000 + index)", "creationTimestamp": "2025-06-09T08:00:00Z", "namespace": "\#(namespace)", "labels": {\#(labels)}, "annotations": {"deployment.kubernetes.io/revision": "3"}, "generation": 3}, "spec": {"progressDeadlineSeconds": 600, "replicas": \#(replicas), "revisionHistoryLimit": 10, "selector": {"matchLabels": {"app": "\#(app)"}}, "strategy": {"type": "RollingUpdate", "rollingUpdate": {"maxSurge": "25%", "maxUnavailable": "25%"}}, "template": {"metadata": {"labels": {\#(labels)}}, "spec": {\#(containerSpec)}}}, "status": {"observedGeneration": 3, "replicas": \#(replicas), "updatedReplicas": \#(replicas), "readyReplicas": \#(available), "availableReplicas": \#(available), "unavailableReplicas": \#(replicas - available), "conditions": [{"type": "Available", "status": "\#(available == replicas ? "True" : "False")", "reason": "\#(available == replicas ? "MinimumReplicasAvailable" : "MinimumReplicasUnavailable")", "lastUpdateTime": "2025-06-10T08:05:00Z", "lastTransitionTime": "2025-06-10T08:05:00Z"}]}}
      """#
  }

  var replicaSetJSON: String {
    #"""
    {"apiVersion": "apps/v1", "kind": "ReplicaSet", "metadata": {"name": "\#(app)-\#(hash)", "uid": "\#(replicaSetUID)", "resourceVersion": "\#(2000 + index)", "creationTimestamp": "2025-06-09T08:01:00Z", "namespace": "\#(namespace)", "labels": {\#(labels), "pod-template-hash": "\#(hash)"}, "annotations": {"deployment.kubernetes.io/desired-replicas": "\#(replicas)", "deployment.kubernetes.io/revision": "3"}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "Deployment", "name": "\#(app)", "uid": "\#(deploymentUID)", "controller": true, "blockOwnerDeletion": true}], "generation": 1}, "spec": {"replicas": \#(replicas), "selector": {"matchLabels": {"app": "\#(app)", "pod-template-hash": "\#(hash)"}}, "template": {"metadata": {"labels": {\#(labels), "pod-template-hash": "\#(hash)"}}, "spec": {\#(containerSpec)}}}, "status": {"observedGeneration": 1, "replicas": \#(replicas), "fullyLabeledReplicas": \#(replicas)}}
    """#
  }
}

/// One pod of a workload, running, crash-looping after OOM kills, or pending.
struct SyntheticPod {
  let workload: Workload
  let replica: Int
  let podIndex: Int
  let state: PodState

  var name: String { "\(workload.app)-\(workload.hash)-\(syntheticHex(podIndex, digits: 5))" }
  var uid: String { syntheticUID(podIndex, salt: 3) }
  var node: String { "ip-10-0-\(podIndex % 3 + 1)-\(podIndex % 250 + 2).ec2.internal" }
  var restarts: Int { state == .crashLoop ? 12 + podIndex % 9 : 0 }

  var json: String {
    let namespace = workload.namespace
    let scheduled = state != .pending
    let ready = state == .running
    let nodeField = scheduled ? #", "nodeName": "\#(node)""# : ""
    let conditions =
      scheduled
      ? #"""
      [{"type": "PodReadyToStartContainers", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:11:00Z"}, {"type": "Initialized", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:11:00Z"}, {"type": "Ready", "status": "\#(ready ? "True" : "False")", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:12:00Z"}, {"type": "ContainersReady", "status": "\#(ready ? "True" : "False")", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:12:00Z"}, {"type": "PodScheduled", "status": "True", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:10:00Z"}]
      """#
      : #"""
      [{"type": "PodScheduled", "status": "False", "lastProbeTime": null, "lastTransitionTime": "2025-06-10T08:10:00Z", "reason": "Unschedulable", "message": "0/40 nodes are available: 40 Insufficient memory. preemption: 0/40 nodes are available: 40 No preemption victims found for incoming pod."}]
      """#
    let statuses: String
    switch state {
    case .pending:
      statuses = ""
    case .running:
      statuses = #"""
        , "hostIP": "10.0.\#(podIndex % 3 + 1).\#(podIndex % 250 + 2)", "podIP": "10.1.\#(podIndex / 250 % 250).\#(podIndex % 250)", "startTime": "2025-06-10T08:10:00Z", "containerStatuses": [{"name": "\#(workload.app)", "image": "\#(workload.image)", "imageID": "\#(workload.image)@sha256:\#(syntheticHex(podIndex, digits: 16))", "ready": true, "started": true, "restartCount": 0, "state": {"running": {"startedAt": "2025-06-10T08:13:00Z"}}, "lastState": {}, "containerID": "containerd://\#(syntheticHex(podIndex &* 3, digits: 16))"}], "initContainerStatuses": [{"name": "db-migrate", "image": "db-migrate:2.14.1", "ready": true, "started": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2025-06-10T08:12:00Z", "finishedAt": "2025-06-10T08:13:00Z"}}, "lastState": {}}]
        """#
    case .crashLoop:
      statuses = #"""
        , "hostIP": "10.0.\#(podIndex % 3 + 1).\#(podIndex % 250 + 2)", "podIP": "10.1.\#(podIndex / 250 % 250).\#(podIndex % 250)", "startTime": "2025-06-10T08:10:00Z", "containerStatuses": [{"name": "\#(workload.app)", "image": "\#(workload.image)", "imageID": "\#(workload.image)@sha256:\#(syntheticHex(podIndex, digits: 16))", "ready": false, "started": false, "restartCount": \#(restarts), "state": {"waiting": {"reason": "CrashLoopBackOff", "message": "back-off 5m0s restarting failed container=\#(workload.app) pod=\#(name)_\#(namespace)(\#(uid))"}}, "lastState": {"terminated": {"exitCode": 137, "reason": "OOMKilled", "startedAt": "2025-06-10T10:41:00Z", "finishedAt": "2025-06-10T10:43:00Z", "containerID": "containerd://\#(syntheticHex(podIndex &* 5, digits: 16))"}}, "containerID": "containerd://\#(syntheticHex(podIndex &* 3, digits: 16))"}], "initContainerStatuses": [{"name": "db-migrate", "image": "db-migrate:2.14.1", "ready": true, "started": false, "restartCount": 0, "state": {"terminated": {"exitCode": 0, "reason": "Completed", "startedAt": "2025-06-10T08:12:00Z", "finishedAt": "2025-06-10T08:13:00Z"}}, "lastState": {}}]
        """#
    }
    return #"""
      {"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "\#(name)", "uid": "\#(uid)", "resourceVersion": "\#(10000 + podIndex)", "creationTimestamp": "2025-06-10T08:10:00Z", "generateName": "\#(workload.app)-\#(workload.hash)-", "namespace": "\#(namespace)", "labels": {\#(workload.labels), "pod-template-hash": "\#(workload.hash)"}, "ownerReferences": [{"apiVersion": "apps/v1", "kind": "ReplicaSet", "name": "\#(workload.app)-\#(workload.hash)", "uid": "\#(workload.replicaSetUID)", "controller": true, "blockOwnerDeletion": true}]}, "spec": {\#(workload.containerSpec), "enableServiceLinks": true, "preemptionPolicy": "PreemptLowerPriority", "priority": 0, "serviceAccount": "default", "serviceAccountName": "default", "tolerations": [{"effect": "NoExecute", "key": "node.kubernetes.io/not-ready", "operator": "Exists", "tolerationSeconds": 300}, {"effect": "NoExecute", "key": "node.kubernetes.io/unreachable", "operator": "Exists", "tolerationSeconds": 300}], "volumes": [{"name": "kube-api-access", "projected": {"defaultMode": 420, "sources": [{"serviceAccountToken": {"expirationSeconds": 3607, "path": "token"}}, {"configMap": {"items": [{"key": "ca.crt", "path": "ca.crt"}], "name": "kube-root-ca.crt"}}, {"downwardAPI": {"items": [{"fieldRef": {"apiVersion": "v1", "fieldPath": "metadata.namespace"}, "path": "namespace"}]}}]}}]\#(nodeField)}, "status": {"phase": "\#(scheduled ? "Running" : "Pending")", "conditions": \#(conditions), "qosClass": "Burstable"\#(statuses)}}
      """#
  }

  /// A few events per unhealthy pod, as the kubelet and scheduler write them.
  var events: [String] {
    switch state {
    case .running: return []
    case .pending:
      return [
        event(
          0, type: "Warning", reason: "FailedScheduling", count: 23, component: "default-scheduler",
          message:
            "0/40 nodes are available: 40 Insufficient memory. preemption: 0/40 nodes are available: 40 No preemption victims found for incoming pod."
        )
      ]
    case .crashLoop:
      return [
        event(
          0, type: "Normal", reason: "Scheduled", count: 1, component: "default-scheduler",
          message: "Successfully assigned \(workload.namespace)/\(name) to \(node)"),
        event(
          1, type: "Normal", reason: "Pulled", count: restarts + 1, component: "kubelet",
          message: "Container image \\\"\(workload.image)\\\" already present on machine"),
        event(
          2, type: "Normal", reason: "Started", count: restarts + 1, component: "kubelet",
          message: "Started container \(workload.app)"),
        event(
          3, type: "Warning", reason: "BackOff", count: restarts * 4 + 3, component: "kubelet",
          message:
            "Back-off restarting failed container \(workload.app) in pod \(name)_\(workload.namespace)(\(uid))"
        ),
      ]
    }
  }

  private func event(
    _ number: Int, type: String, reason: String, count: Int, component: String, message: String
  ) -> String {
    #"""
    {"apiVersion": "v1", "kind": "Event", "metadata": {"name": "\#(name).\#(syntheticHex(podIndex &* 11 &+ number, digits: 16))", "uid": "\#(syntheticUID(podIndex &* 4 &+ number, salt: 5))", "resourceVersion": "\#(50000 + podIndex * 4 + number)", "creationTimestamp": "2025-06-10T08:10:00Z", "namespace": "\#(workload.namespace)"}, "involvedObject": {"kind": "Pod", "namespace": "\#(workload.namespace)", "name": "\#(name)", "uid": "\#(uid)", "apiVersion": "v1", "resourceVersion": "\#(10000 + podIndex)", "fieldPath": "spec.containers{\#(workload.app)}"}, "reason": "\#(reason)", "message": "\#(message)", "source": {"component": "\#(component)", "host": "\#(node)"}, "firstTimestamp": "2025-06-10T08:10:00Z", "lastTimestamp": "2025-06-10T10:43:00Z", "count": \#(count), "type": "\#(type)", "eventTime": null, "reportingComponent": "\#(component)", "reportingInstance": ""}
    """#
  }
}
