extension ClusterData {
  /// A container log worth reading.
  public struct LogRequest: Sendable, Equatable {
    public var namespace: String
    public var pod: String
    public var container: String
    /// The previous (crashed) run's log rather than the current one.
    public var previous: Bool

    public init(namespace: String, pod: String, container: String, previous: Bool) {
      self.namespace = namespace
      self.pod = pod
      self.container = container
      self.previous = previous
    }
  }

  /// The logs that explain trouble in the pods read so far: the previous run of
  /// every container that restarted or terminated, and the current log of
  /// containers that run but are not ready, for up to `perOwner` pods of each
  /// owner (the rest tell the same story) and `maximum` pods in all, in
  /// namespace and name order.
  public func logRequests(perOwner: Int, maximum: Int) -> [LogRequest] {
    var perOwnerCount: [String: Int] = [:]
    var requests: [LogRequest] = []
    var podsTaken = 0
    let pods = objects.pods.sorted {
      ($0.namespace, $0.name) < ($1.namespace, $1.name)
    }
    for pod in pods where podsTaken < maximum {
      let statuses = (pod.status.initContainerStatuses ?? []) + (pod.status.containerStatuses ?? [])
      var podRequests: [LogRequest] = []
      for container in statuses {
        let restarts = container.restartCount ?? 0
        let running = container.state?.running != nil
        let terminated = container.state?.terminated
        let completed = terminated?.reason == "Completed"
        if restarts > 0 || container.lastState?.terminated != nil {
          podRequests.append(
            LogRequest(
              namespace: pod.namespace, pod: pod.name, container: container.name, previous: true))
        }
        if (container.ready != true && !completed && (running || terminated != nil))
          || (restarts > 0 && running)
        {
          podRequests.append(
            LogRequest(
              namespace: pod.namespace, pod: pod.name, container: container.name, previous: false))
        }
      }
      guard !podRequests.isEmpty else { continue }
      let owner = "\(pod.namespace)/\(pod.metadata.controller?.name ?? pod.name)"
      guard perOwnerCount[owner, default: 0] < perOwner else { continue }
      perOwnerCount[owner, default: 0] += 1
      podsTaken += 1
      requests += podRequests
    }
    return requests
  }
}
