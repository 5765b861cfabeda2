import Foundation

/// Identifies an object by kind, namespace (empty for cluster-scoped) and name.
struct ObjectKey: Hashable, Sendable {
  var kind: String
  var namespace: String
  var name: String
}

/// Identifies one container log.
struct LogKey: Hashable, Sendable {
  var namespace: String
  var pod: String
  var container: String
  var previous: Bool
}

/// The input narrowed to one namespace (or all), deduplicated, sorted and indexed so that every
/// analyzer looks things up in constant time.
struct ClusterIndex: Sendable {
  let namespace: String?
  /// Sorted by namespace, then name.
  let pods: [KubePod]
  let podsByKey: [ObjectKey: KubePod]
  /// In scope, each object's events sorted by last seen.
  let eventsByObject: [ObjectKey: [KubeEvent]]
  let eventCount: Int
  let workloads: [ObjectKey: KubeWorkload]
  /// Sorted by name.
  let nodes: [KubeNode]
  let nodesByName: [String: KubeNode]
  let claims: [ObjectKey: KubeClaim]
  /// Sorted by name.
  let storageClasses: [KubeStorageClass]
  let configMaps: [ObjectKey: KubeConfigObject]
  let secrets: [ObjectKey: KubeConfigObject]
  let services: [ObjectKey: KubeService]
  let capturedKinds: Set<String>
  let logs: [LogKey: ClusterData.Log]
  /// The latest time the capture mentions: what "now" was when it was taken.
  let now: String

  init(_ data: ClusterData, namespace: String?) {
    self.namespace = namespace
    let store = data.objects
    func inScope(_ objectNamespace: String) -> Bool {
      namespace == nil || objectNamespace == namespace
    }

    var podsByKey: [ObjectKey: KubePod] = [:]
    for pod in store.pods where inScope(pod.namespace) {
      podsByKey[ObjectKey(kind: "Pod", namespace: pod.namespace, name: pod.name)] = pod
    }
    self.podsByKey = podsByKey
    pods = podsByKey.values.sorted { ($0.namespace, $0.name) < ($1.namespace, $1.name) }

    var workloads: [ObjectKey: KubeWorkload] = [:]
    for workload in store.workloads {
      let key = ObjectKey(
        kind: workload.kind, namespace: workload.metadata.namespace ?? "default",
        name: workload.metadata.name)
      workloads[key] = workload
    }
    self.workloads = workloads

    var nodesByName: [String: KubeNode] = [:]
    for node in store.nodes { nodesByName[node.name] = node }
    self.nodesByName = nodesByName
    nodes = nodesByName.values.sorted { $0.name < $1.name }

    claims = Self.keyed(store.claims, kind: "PersistentVolumeClaim") { $0.metadata }
    var classes: [String: KubeStorageClass] = [:]
    for storageClass in store.storageClasses { classes[storageClass.name] = storageClass }
    storageClasses = classes.values.sorted { $0.name < $1.name }
    configMaps = Self.keyed(store.configMaps, kind: "ConfigMap") { $0.metadata }
    secrets = Self.keyed(store.secrets, kind: "Secret") { $0.metadata }
    services = Self.keyed(store.services, kind: "Service") { $0.metadata }
    capturedKinds = store.capturedKinds

    // Summarized events name only an object: find its kind (and namespace) among known objects.
    var kindsByName: [String: [ObjectKey]] = [:]
    for key in podsByKey.keys { kindsByName[key.name, default: []].append(key) }
    for key in claims.keys { kindsByName[key.name, default: []].append(key) }
    for key in workloads.keys { kindsByName[key.name, default: []].append(key) }
    for name in nodesByName.keys {
      kindsByName[name, default: []].append(ObjectKey(kind: "Node", namespace: "", name: name))
    }

    var eventsByName: [ObjectKey: KubeEvent] = [:]
    var unnamed: [KubeEvent] = []
    for var event in store.events {
      if event.involvedKind == nil {
        let candidates = (kindsByName[event.involvedName] ?? []).filter {
          event.namespace.isEmpty || $0.namespace.isEmpty || $0.namespace == event.namespace
        }
        let match = candidates.min {
          ($0.kind == "Pod" ? 0 : 1, $0.kind, $0.namespace)
            < ($1.kind == "Pod" ? 0 : 1, $1.kind, $1.namespace)
        }
        event.involvedKind = match?.kind ?? "Pod"
        if event.namespace.isEmpty { event.namespace = match?.namespace ?? "default" }
      }
      let isNodeEvent = event.involvedKind == "Node"
      guard isNodeEvent || inScope(event.namespace) else { continue }
      if event.name.isEmpty {
        unnamed.append(event)
      } else {
        eventsByName[ObjectKey(kind: "Event", namespace: event.namespace, name: event.name)] = event
      }
    }
    var eventsByObject: [ObjectKey: [KubeEvent]] = [:]
    for event in Array(eventsByName.values) + unnamed {
      let kind = event.involvedKind ?? "Pod"
      let key = ObjectKey(
        kind: kind, namespace: kind == "Node" ? "" : event.namespace, name: event.involvedName)
      eventsByObject[key, default: []].append(event)
    }
    for key in eventsByObject.keys {
      eventsByObject[key]!.sort {
        ($0.lastSeen, $0.reason, $0.message) < ($1.lastSeen, $1.reason, $1.message)
      }
    }
    self.eventsByObject = eventsByObject
    eventCount = eventsByName.count + unnamed.count

    var logs: [LogKey: ClusterData.Log] = [:]
    for log in data.logs where inScope(log.namespace) {
      logs[
        LogKey(
          namespace: log.namespace, pod: log.pod, container: log.container, previous: log.previous)] =
        log
    }
    self.logs = logs

    var now = ""
    for events in eventsByObject.values { now = max(now, events.last?.lastSeen ?? "") }
    for pod in pods {
      now = max(now, String((pod.status.startTime ?? "").prefix(19)))
      for status in (pod.status.containerStatuses ?? []) + (pod.status.initContainerStatuses ?? [])
      {
        let times = [
          status.state?.running?.startedAt, status.state?.terminated?.finishedAt,
          status.lastState?.terminated?.finishedAt,
        ]
        for time in times { now = max(now, String((time ?? "").prefix(19))) }
      }
    }
    self.now = now
  }

  private static func keyed<Object>(
    _ objects: [Object], kind: String, meta: (Object) -> KubeMeta
  ) -> [ObjectKey: Object] {
    var keyed: [ObjectKey: Object] = [:]
    for object in objects {
      let metadata = meta(object)
      keyed[
        ObjectKey(kind: kind, namespace: metadata.namespace ?? "default", name: metadata.name)] =
        object
    }
    return keyed
  }

  func events(kind: String, namespace: String, name: String) -> [KubeEvent] {
    eventsByObject[ObjectKey(kind: kind, namespace: namespace, name: name)] ?? []
  }

  func events(for pod: KubePod) -> [KubeEvent] {
    events(kind: "Pod", namespace: pod.namespace, name: pod.name)
  }

  func log(_ pod: KubePod, container: String, previous: Bool) -> ClusterData.Log? {
    logs[LogKey(namespace: pod.namespace, pod: pod.name, container: container, previous: previous)]
  }

  /// Names of the ConfigMaps (or Secrets) captured in a namespace, sorted; nil when none of
  /// that kind was captured at all, so absence proves nothing.
  func names(ofKind kind: String, in namespace: String) -> [String]? {
    guard capturedKinds.contains(kind) else { return nil }
    let objects = kind == "Secret" ? secrets : configMaps
    return objects.keys.filter { $0.namespace == namespace }.map(\.name).sorted()
  }

  /// Nodes in scope of a pod's scheduling: all of them (the capture holds the cluster's nodes).
  var largestNodeCPU: (node: KubeNode, millicores: Int)? {
    nodes.compactMap { node in
      node.allocatable("cpu").flatMap(Quantity.millicores).map { (node, $0) }
    }.max { ($0.1, $1.0.name) < ($1.1, $0.0.name) }
  }

  var largestNodeMemory: (node: KubeNode, mebibytes: Int)? {
    nodes.compactMap { node in
      node.allocatable("memory").flatMap(Quantity.mebibytes).map { (node, $0) }
    }.max { ($0.1, $1.0.name) < ($1.1, $0.0.name) }
  }
}
